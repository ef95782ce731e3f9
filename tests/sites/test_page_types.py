"""Every page type of a municipal website: created, published, rendered; feeds and
calendars parse; unpublished content stays invisible."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from sites.models import (
    CouncilPage,
    DecreeIndexPage,
    DecreePage,
    DocumentLibraryPage,
    EventIndexPage,
    EventPage,
    LibraryDocument,
    MeetingPage,
    NewsIndexPage,
    NewsPage,
    StandardPage,
)
from sites.models.pages.decrees import official_decree_number
from sites.starter_tree import STARTER_PAGE_TYPES
from tests.factories.municipalities import make_document

pytestmark = pytest.mark.django_db

HOST = "alsovar.localhost"


def child(parent, model, **fields):
    page = parent.add_child(instance=model(**fields))
    page.save_revision().publish()
    return page


def section(municipality, model):
    return model.objects.descendant_of(municipality.root_page).get()


def get(client, page_or_url, **params):
    url = page_or_url if isinstance(page_or_url, str) else page_or_url.url
    return client.get(url, params, HTTP_HOST=HOST)


def test_every_starter_page_type_is_in_the_starter_tree_and_renders(client, municipality_a):
    pages = municipality_a.root_page.get_descendants(inclusive=True).specific()
    assert {type(page) for page in pages} >= set(STARTER_PAGE_TYPES.values())

    for page in pages:
        response = get(client, page)
        assert response.status_code == 200, page.url
        # the home page's heading is its hero title when it has one
        heading = getattr(page, "hero_title", "") or page.title
        assert f"<h1>{heading}" in response.content.decode(), page.url


def test_news_item_lists_filters_archives_and_feeds(client, municipality_a):
    index = section(municipality_a, NewsIndexPage)
    news = child(index, NewsPage, title="Lomtalanítás", slug="lomtalanitas",
                 date=datetime.date(2026, 10, 3), intro="Idén ősszel is lesz lomtalanítás.",
                 category="kozlemeny")
    news.tags.add("hulladék")
    news.save_revision().publish()
    draft = index.add_child(instance=NewsPage(title="Titkos tervezet", slug="tervezet",
                                              live=False))

    listing = get(client, index).content.decode()
    by_tag = get(client, index, cimke="hulladék").content.decode()
    archive = get(client, index.url + "archivum/2026/10/").content.decode()
    other_month = get(client, index.url + "archivum/2026/9/").content.decode()
    rss = get(client, index.url + "rss/")
    atom = get(client, index.url + "atom/")

    assert "Lomtalanítás" in listing and draft.title not in listing
    assert "Lomtalanítás" in by_tag and "Lomtalanítás" in archive
    assert "Lomtalanítás" not in other_month
    channel = ET.fromstring(rss.content).find("channel")
    assert [item.findtext("title") for item in channel.iter("item")] == ["Lomtalanítás"]
    assert channel.find("item").findtext("link") == f"http://{HOST}/hirek/lomtalanitas/"
    entries = ET.fromstring(atom.content).findall("{http://www.w3.org/2005/Atom}entry")
    assert [e.findtext("{http://www.w3.org/2005/Atom}title") for e in entries] == ["Lomtalanítás"]
    assert get(client, index.url + "archivum/2026/13/").status_code == 404


def test_events_and_their_calendars(client, municipality_a):
    index = section(municipality_a, EventIndexPage)
    start = timezone.now() + datetime.timedelta(days=3)
    event = child(index, EventPage, title="Falunap", slug="falunap", start=start,
                  end=start + datetime.timedelta(hours=5), location="Főtér")
    child(index, EventPage, title="Szüreti bál", slug="szureti-bal",
          start=start + datetime.timedelta(days=10), all_day=True)
    child(index, EventPage, title="Tavalyi ünnep", slug="tavalyi",
          start=start - datetime.timedelta(days=400))

    listing = get(client, index).content.decode()
    past = get(client, index, korabbiak="1").content.decode()
    feed = Calendar.from_ical(get(client, index.url + "naptar/").content)
    single = Calendar.from_ical(get(client, event.url + "naptar/").content)

    assert "Falunap" in listing and "Tavalyi ünnep" not in listing
    assert "Tavalyi ünnep" in past
    summaries = [str(component["summary"]) for component in feed.walk("VEVENT")]
    assert set(summaries) == {"Falunap", "Szüreti bál", "Tavalyi ünnep"}
    [vevent] = single.walk("VEVENT")
    assert str(vevent["summary"]) == "Falunap" and str(vevent["location"]) == "Főtér"
    assert vevent.decoded("dtstart") == start.replace(microsecond=0)  # iCalendar has seconds
    ball = next(c for c in feed.walk("VEVENT") if str(c["summary"]) == "Szüreti bál")
    assert isinstance(ball.decoded("dtstart"), datetime.date)
    assert ball.decoded("dtend") - ball.decoded("dtstart") == datetime.timedelta(days=1)


def test_event_cannot_end_before_it_starts(municipality_a):
    start = timezone.now()
    event = EventPage(title="Hibás", slug="hibas", start=start,
                      end=start - datetime.timedelta(hours=1))
    with pytest.raises(ValidationError) as error:
        section(municipality_a, EventIndexPage).add_child(instance=event)
    assert "end" in error.value.message_dict


@pytest.mark.parametrize(
    ("number", "day", "expected"),
    [(12, datetime.date(2026, 3, 5), "12/2026. (III. 5.)"),
     (3, datetime.date(2025, 12, 31), "3/2025. (XII. 31.)")],
)
def test_decree_numbers_are_in_the_official_form(number, day, expected):
    assert official_decree_number(number, day) == expected


def test_decrees_in_force_amendments_and_duplicates(client, municipality_a):
    index = section(municipality_a, DecreeIndexPage)
    original = child(index, DecreePage, title="A helyi adókról", slug="helyi-adok", number=5,
                     promulgated_on=datetime.date(2020, 11, 30),
                     in_force_from=datetime.date(2021, 1, 1),
                     consolidated_text="<p>1. § Az önkormányzat építményadót vezet be.</p>")
    amendment = index.add_child(instance=DecreePage(
        title="A helyi adókról szóló rendelet módosítása", slug="modositas", number=7,
        promulgated_on=datetime.date(2026, 3, 5), in_force_from=datetime.date(2026, 4, 1)))
    amendment.amends.add(original)
    amendment.save_revision().publish()
    repealed = child(index, DecreePage, title="Régi rendelet", slug="regi", number=1,
                     promulgated_on=datetime.date(2010, 2, 1),
                     in_force_from=datetime.date(2010, 3, 1),
                     in_force_until=datetime.date(2015, 1, 1))

    page = get(client, original).content.decode()
    in_force = get(client, index, hatalyos="1").content.decode()

    assert "5/2020. (XI. 30.)" in page and "7/2026. (III. 5.)" in page  # amended by
    assert "Régi rendelet" not in in_force and "A helyi adókról" in in_force
    assert not repealed.is_in_force()
    duplicate = DecreePage(title="Ütköző", slug="utkozo", number=5,
                           promulgated_on=datetime.date(2020, 6, 1),
                           in_force_from=datetime.date(2020, 7, 1))
    with pytest.raises(ValidationError) as error:
        index.add_child(instance=duplicate)
    assert "number" in error.value.message_dict


def test_council_meeting_and_document_library(client, municipality_a):
    council = section(municipality_a, CouncilPage)
    minutes = make_document(municipality_a, "Jegyzőkönyv 2026. március")
    meeting = child(council, MeetingPage, title="Márciusi ülés", slug="marcius",
                    date=timezone.now(), agenda="<p>1. A 2026. évi költségvetés</p>",
                    minutes=minutes)
    library = section(municipality_a, DocumentLibraryPage)
    budget = make_document(municipality_a, "Költségvetés 2026")
    LibraryDocument.objects.create(page=library, document=budget, category="koltsegvetes",
                                   year=2026)

    assert "Jegyzőkönyv 2026. március" in get(client, meeting).content.decode()
    assert "Márciusi ülés" in get(client, council).content.decode()
    assert "Költségvetés 2026" in get(client, library, ev="2026").content.decode()
    assert "Költségvetés 2026" not in get(client, library, ev="2025").content.decode()
    assert get(client, library, ev="x'); --", kategoria="<b>").status_code == 200


def test_contact_form_stores_the_message_and_emails_the_office(client, municipality_a,
                                                               mailoutbox):
    from wagtail.contrib.forms.models import FormSubmission

    from sites.models import ContactPage

    page = section(municipality_a, ContactPage)
    page.to_address = "hivatal@alsovar.hu"
    page.from_address = "honlap@alsovar.hu"
    page.save_revision().publish()

    empty = client.post(page.url, {}, HTTP_HOST=HOST)
    sent = client.post(page.url, {"nev": "Kiss Anna", "email": "anna@example.hu",
                                  "uzenet": "Mikor lesz lomtalanítás?"}, HTTP_HOST=HOST)

    assert empty.status_code == 200
    # "This field is required." as Wagtail admin's Hungarian catalogue words it (it comes
    # before Django's own among the installed apps)
    assert "Egy mező megadása szükséges." in empty.content.decode()
    assert sent.status_code == 200 and "Köszönjük" in sent.content.decode()
    submission = FormSubmission.objects.get(page=page)
    assert submission.get_data()["uzenet"] == "Mikor lesz lomtalanítás?"
    assert mailoutbox[0].to == ["hivatal@alsovar.hu"]


def test_video_loads_nothing_from_the_provider_before_the_click(client, municipality_a):
    page = child(municipality_a.root_page, StandardPage, title="Videó", slug="video",
                 body=[{"type": "video", "value": {
                     "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                     "title": "Bemutatkozó film", "transcript": ""}}])

    html = get(client, page).content.decode()

    assert "<iframe" not in html
    assert 'data-video-player="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in html
    assert 'src="http' not in html and "src='http" not in html


def test_emergency_notice_shows_until_it_expires(client, municipality_a):
    home = municipality_a.root_page.specific
    home.notice_text = "Vízszünet a Fő utcában."
    home.notice_expires_at = timezone.now() + datetime.timedelta(hours=2)
    home.save_revision().publish()

    assert "Vízszünet a Fő utcában." in get(client, "/").content.decode()

    home.notice_expires_at = timezone.now() - datetime.timedelta(minutes=1)
    home.save_revision().publish()
    assert "Vízszünet" not in get(client, "/").content.decode()



def test_preview_renders_in_the_pages_own_theme_not_the_admin_hosts(municipality_a):
    # Wagtail builds the preview request with the page's own host, so the theme middleware
    # picks the page's site theme even when the admin is on another host.
    from django.test import RequestFactory

    from themes.models import ThemeSettings

    settings = ThemeSettings.for_site(municipality_a.site)
    settings.theme = "sidebar"
    settings.save()
    page = municipality_a.root_page.get_children().get(slug="ugyfelfogadas").specific
    admin_request = RequestFactory().get("/admin/", HTTP_HOST="localhost")

    response = page.make_preview_request(admin_request, page.default_preview_mode)

    assert 'class="theme-sidebar"' in response.content.decode()


def test_links_need_a_page_or_an_address_and_render_either(client, municipality_a):
    from sites.blocks import LinkBlock
    from sites.models import SiteSettings

    with pytest.raises(ValidationError):
        LinkBlock().clean(LinkBlock().to_python({"title": "Üres", "page": None, "url": ""}))

    contact = municipality_a.root_page.get_children().get(slug="kapcsolat")
    settings = SiteSettings.for_site(municipality_a.site)
    settings.footer_links = [
        {"type": "link", "value": {"title": "Írjon nekünk", "page": contact.pk, "url": ""}},
        {"type": "link", "value": {"title": "Kormányablak", "page": None,
                                   "url": "https://kormanyablak.hu/"}},
    ]
    settings.save()

    html = get(client, "/").content.decode()
    assert '<a href="/kapcsolat/">Írjon nekünk</a>' in html
    assert '<a href="https://kormanyablak.hu/">Kormányablak</a>' in html


def test_a_child_of_an_unexpected_type_is_still_served(client, municipality_a):
    # News indexes take news items; a page of another type left under one (an older tree,
    # a move by an operator) is routed by Wagtail's own lookup.
    news_index = section(municipality_a, NewsIndexPage)
    odd = news_index.add_child(instance=StandardPage(title="Régi oldal", slug="regi-oldal"))
    odd.save_revision().publish()
    item = child(news_index, NewsPage, title="Friss hír", date=timezone.localdate())

    assert get(client, odd.url).status_code == 200
    assert get(client, item.url).status_code == 200
    assert get(client, news_index.url + "nincs-ilyen/").status_code == 404


def test_a_restricted_section_restricts_every_page_below_it(client, municipality_a):
    from wagtail.models import PageViewRestriction

    news_index = section(municipality_a, NewsIndexPage)
    item = child(news_index, NewsPage, title="Belső hír", date=timezone.localdate())
    PageViewRestriction.objects.create(page=news_index, restriction_type="login")

    response = get(client, item.url)
    assert response.status_code == 302 and "/fiok/" in response["Location"]
    assert get(client, municipality_a.root_page.url).status_code == 200
