"""A living demo website: a year of a municipality's news, events, decrees, council meetings,
customer service and documents, so that a new user sees what a site looks like in use.

``load_demo_site(municipality)`` fills one municipality's starter tree (sites.starter_tree)
from the texts of data/demo_site.json: news with pictures painted by Pillow (.images), its
events around today, its decrees, council members and meetings with minutes and decisions
as PDFs (.pdf), its office's staff and the document library. Everything is invented and
drawn from a random generator seeded by the municipality's KSH code, so the same
municipality gets the same content (its dates are counted back from today). It runs once
per municipality: a site that has any news item is left alone, so a re-run adds nothing and
never touches what an editor wrote.

Pages are saved as the starter tree saves them (already published, the minimal validation,
indexed together at the end): ``manage.py load_demo`` fills about fifty sites, and it must
stay quick. tests/sites/test_demo_site.py validates every page it makes in full."""

import datetime
import hashlib
import io
import random
from collections import Counter
from contextlib import contextmanager

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.rect import Rect
from wagtail.models import get_page_models
from wagtail.search.backends import get_search_backends
from wagtail.search.signal_handlers import post_save_signal_handler as search_index_on_save
from wagtail.signal_handlers import disable_reference_index_auto_update

from ..constants import LegalStatus
from ..models import (
    ContactPage,
    CouncilPage,
    CustomerServicePage,
    DecreeIndexPage,
    DocumentLibraryPage,
    EventIndexPage,
    NewsIndexPage,
    NewsPage,
)
from ..page_cache import invalidate_site
from ..starter_tree import add_children, index_pages
from .pdf import text_pdf
from .sections import Sections
from .words import (
    AREA_CODES,
    PICTURE_VARIANTS,
    STATUS_WORDS,
    _painting,
    demo_data,
)


class _DemoSite(Sections):
    """What one municipality's demo site is made of; ``made`` counts it."""

    def __init__(self, municipality, today):
        self.municipality = municipality
        self.today = today
        self.rng = random.Random(f"demo-site:{municipality.ksh_code}")
        self.home = municipality.root_page.specific
        self.made = Counter()
        self.created = []
        self.changed = []
        self._images = {}
        self._documents = []
        self._used_names = set()
        data = demo_data()
        official, council, hall, fest = STATUS_WORDS.get(
            municipality.legal_status, STATUS_WORDS[LegalStatus.VILLAGE]
        )
        square, square_on = self.rng.choice(data["squares"])
        budget_year = today.year if today >= datetime.date(today.year, 2, 14) else today.year - 1
        self.words = {
            "name": municipality.name,
            "official": official.format(name=municipality.name),
            "council": council,
            "council_lower": council.lower(),
            "hall": hall,
            "fest": fest,
            "square": square,
            "square_on": square_on,
            "street": self.rng.choice(data["streets"]),
            "year": today.year,
            "prev_year": today.year - 1,
            "budget_year": budget_year,
            "closing_year": (
                today.year - 1 if today >= datetime.date(today.year, 5, 29) else today.year - 2
            ),
        }
        area = AREA_CODES.get(municipality.county, "1")
        digits = 7 if area == "1" else 6
        number = f"{self.rng.randint(10 ** (digits - 1), 10**digits - 1)}"
        self.phone = f"+36 {area} {number[:3]} {number[3:]}"
        self.email = f"hivatal@{municipality.slug}.localhost"
        self.mayor = self.person()
        self.words["mayor"] = self.mayor
        self.picture_variant = self.rng.randrange(PICTURE_VARIANTS)
        # The notary (jegyző) leads the office: named on the government page and its staff.
        self.clerk = self.person("dr.")
        population = municipality.population or 0
        if municipality.legal_status in (LegalStatus.COUNTY_TOWN, LegalStatus.CAPITAL_DISTRICT):
            self.size = "large"
        elif municipality.legal_status == LegalStatus.VILLAGE and population < 5000:
            self.size = "small"
        else:
            self.size = "large" if population >= 20000 else "medium"

    # -- small things

    def text(self, template, **more):
        return template.format(**{**self.words, **more})

    def person(self, title=""):
        data = demo_data()
        while True:
            given = self.rng.choice(
                data["given_names_male"] if self.rng.random() < 0.5 else data["given_names_female"]
            )
            name = f"{self.rng.choice(data['family_names'])} {given}"
            if name not in self._used_names:
                self._used_names.add(name)
                return f"{title} {name}".strip()

    def image(self, motif):
        if motif not in self._images:
            data = _painting(motif, self.picture_variant)
            image = get_image_model()(
                title=self.text(demo_data()["images"][motif]),
                collection=self.municipality.collection,
                file_size=len(data),
                file_hash=hashlib.sha1(data).hexdigest(),
            )
            name = f"{self.municipality.slug}-{motif}.jpg"
            image.file.save(name, ImageFile(io.BytesIO(data), name=name), save=False)
            if motif == "townhall":
                # The home page's banner is a wide crop: keep the clock and the flag in it.
                image.set_focal_point(Rect(450, 40, 750, 420))
            image.save()
            self._images[motif] = image
            self.made["images"] += 1
        return self._images[motif]

    def document(self, title, paragraphs, filename):
        data = text_pdf(title, paragraphs)
        document = get_document_model()(
            title=title,
            collection=self.municipality.collection,
            file_size=len(data),
            file_hash=hashlib.sha1(data).hexdigest(),
        )
        document.file.save(f"{filename}.pdf", ContentFile(data), save=False)
        document.save()
        self._documents.append(document)
        self.made["documents"] += 1
        return document

    def save(self, page):
        """Save a page of the starter tree that the demo filled in."""
        page.save(clean=False)
        self.changed.append(page)

    def add(self, parent, pages, kind):
        add_children(parent, pages, self.created)
        self.made[kind] += len(pages)

    # -- the site

    def build(self):
        """Fill in what the starter tree has (a part an operator removed is skipped)."""

        def first(model):
            return model.objects.descendant_of(self.home).order_by("path").first()

        self.contacts(first(ContactPage))
        if news := first(NewsIndexPage):
            self.news(news)
        if events := first(EventIndexPage):
            self.events(events)
        if council := first(CouncilPage):
            members = self.council(council)
            self.meetings(council, members)
            self.government(council.get_parent().specific, members)
        if decrees := first(DecreeIndexPage):
            self.decrees(decrees)
        if library := first(DocumentLibraryPage):
            self.library(library)
        if office := first(CustomerServicePage):
            self.office(office)
        index_pages(self.created + self.changed)
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(get_image_model(), list(self._images.values()))
            backend.add_bulk(get_document_model(), self._documents)

    def contacts(self, contact):
        municipality = self.municipality
        # The municipality's address is the street's; the postal code and name go before it.
        municipality.address = municipality.address or f"{self.words['square']} 1."
        self.full_address = (
            f"{municipality.postal_code} {municipality.name}, {municipality.address}"
        )
        municipality.phone = municipality.phone or self.phone
        municipality.email = municipality.email or self.email
        municipality.save(update_fields=["address", "phone", "email"])
        home = self.home
        home.hero_text = (
            "Hírek, rendezvények, online ügyintézés és az önkormányzat munkája – egy helyen."
        )
        home.hero_image = self.image("townhall")
        self.save(home)
        if contact is not None:
            contact.address = self.full_address
            contact.phone = municipality.phone
            contact.email = municipality.email
            self.save(contact)


def load_demo_site(municipality, today=None):
    """Fill the municipality's website with a year of demo content. Returns what was made
    (a Counter), or None when its site has news already (an earlier run, or its editors)."""
    home = municipality.root_page
    if NewsPage.objects.descendant_of(home).exists():
        return None
    if not NewsIndexPage.objects.child_of(home).exists():
        return None  # not the starter tree: nothing to fill in
    site = _DemoSite(municipality, today or timezone.localdate())
    with transaction.atomic(), _indexed_at_the_end():
        site.build()
        transaction.on_commit(lambda: invalidate_site(municipality.site_id))
    return site.made


@contextmanager
def _indexed_at_the_end():
    """Switch off the search and reference indexing of every save, as sites.starter_tree's
    bulk_indexing does for pages, for the images and documents too: indexing them one by
    one made the loader spend most of its time re-reading the search index. build() indexes
    what it made at its end."""
    models = [*get_page_models(), get_image_model(), get_document_model()]
    connected = [
        model for model in models if post_save.disconnect(search_index_on_save, sender=model)
    ]
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in connected:
            post_save.connect(search_index_on_save, sender=model)
