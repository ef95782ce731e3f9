"""Eger's general publication list for the demo: most items filled in (texts written for
the demo, a link to the site's own pages, a budget PDF of its document library where it
has one), a few marked as not applying, and one item overdue (the quarterly staff figures,
last updated two quarters ago), so the admin screen and the dashboard show it. The data
request form (ADATIG-001) is published for the municipality. Idempotent: a municipality
that has a list page is left alone."""

import datetime

from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Page

from services.forms.models import FormTemplate
from services.forms.services import adopt, live_form, publish

from .models import DATA_REQUEST_FORM, PublicationEntry, PublicationListPage
from .structure import general_list

SLUG = "kozzeteteli-lista"
# The demo's overdue item: quarterly, last updated long enough ago.
OVERDUE_ITEM = "III.2"
NOT_APPLYING = {"I.8", "I.10", "II.17"}

TEXTS = {
    "I.1": "{name} Önkormányzata, székhely: {name}, Városháza. Telefon és e-mail: lásd a "
    "Kapcsolat oldalon. Ügyfélszolgálat: hétfő–csütörtök 8–16, péntek 8–12 óra.",
    "I.2": "A polgármesteri hivatal szervezeti egységei: Jegyzői Iroda, Hatósági Iroda, "
    "Pénzügyi Iroda, Városfejlesztési Iroda. Az irodák feladatait a hivatal szervezeti és "
    "működési szabályzata írja le.",
    "I.3": "Polgármester, alpolgármesterek, jegyző és az irodavezetők: lásd a Hivatal "
    "munkatársai oldalon.",
    "I.4": "Ügyfélkapcsolati vezető: a Hatósági Iroda vezetője. Ügyfélfogadás: hétfő 8–16, "
    "szerda 8–17, péntek 8–12 óra.",
    "I.5": "A képviselő-testület tagjai és bizottságai: lásd a Képviselő-testület oldalon.",
    "III.2": "A hivatal foglalkoztatottainak létszáma és személyi juttatásai negyedévenként "
    "összesítve: a tájékoztató táblázat az irodán megtekinthető.",
}


def _text(code, municipality, item):
    template = TEXTS.get(code)
    if template:
        return template.format(name=municipality.name)
    return (
        f"{municipality.name} Önkormányzata: az adatok a hivatal ügyfélszolgálatán "
        "megtekinthetők, kérésre elektronikusan megküldjük őket."
    )


def _budget_document(municipality):
    Document = get_document_model()
    collection = getattr(municipality, "collection", None)
    documents = Document.objects.filter(title__icontains="költségvetés")
    if collection is not None:
        documents = documents.filter(collection=collection)
    return documents.order_by("-pk").first()


@transaction.atomic
def load_demo(municipality, stdout=None, today=None):
    """Add the list page to the municipality's site and publish the data request form;
    returns 1 if the page was added, 0 if it was there."""
    today = today or timezone.localdate()
    template = FormTemplate.objects.filter(code=DATA_REQUEST_FORM, is_active=True).first()
    if (
        template is not None
        and template.current_version_id
        and not live_form(municipality, DATA_REQUEST_FORM)
    ):
        publish(adopt(municipality, template))
    home = Page.objects.get(pk=municipality.root_page_id)
    if PublicationListPage.objects.descendant_of(home).exists():
        return 0
    parent = home.get_children().filter(slug="onkormanyzat").first() or home
    page = PublicationListPage(
        title="Közzétételi lista",
        slug=SLUG,
        intro=(
            "<p>Az információs önrendelkezési jogról és az információszabadságról szóló "
            "törvény szerinti általános közzétételi lista: a hivatal szervezeti, működési és "
            "gazdálkodási adatai.</p>"
        ),
        data_request_text=(
            "<p>Az adatigényléseket a Jegyzői Iroda intézi. A teljesítés díjmentes, "
            "kivéve, ha jelentős terjedelmű másolatot kér.</p>"
        ),
    )
    budget = _budget_document(municipality)
    for number, item in enumerate(general_list().items()):
        code = item.code
        entry = PublicationEntry(item_code=code, sort_order=number)
        if code in NOT_APPLYING:
            entry.not_applicable = True
        elif code == "III.1" and budget is not None:
            entry.kind, entry.document = "document", budget
            entry.last_updated = today - datetime.timedelta(days=120)
        elif code == "II.8":  # the body's decisions and meetings
            entry.kind, entry.url = "link", municipality.site.root_url + "/onkormanyzat/"
            entry.last_updated = today - datetime.timedelta(days=20)
        else:
            entry.kind, entry.text = "text", _text(code, municipality, item)
            age = 200 if code == OVERDUE_ITEM else 10 + number
            entry.last_updated = today - datetime.timedelta(days=age)
        page.entries.add(entry)
    parent.add_child(instance=page)
    page.save_revision().publish()
    if stdout is not None:
        stdout.write(f"Közzétételi lista: {municipality.name} ({page.url_path})")
    return 1
