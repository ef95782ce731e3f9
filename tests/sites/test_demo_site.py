"""The living demo: a municipality's site after a year in use (sites.demo)."""

import datetime
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader
from wagtail.models import Page

from services.forms import demo as forms_demo
from services.forms import services as forms
from sites.demo import _DemoSite, load_demo_site
from sites.demo.pdf import text_pdf
from sites.demo.words import hungarian_date_on
from sites.models import (
    CouncilPage,
    CustomerServicePage,
    DecreePage,
    DocumentLibraryPage,
    EventPage,
    MeetingPage,
    NewsPage,
)
from tests.services.forms.conftest import load

pytestmark = pytest.mark.django_db

HOST = "alsovar.localhost"
# The demo counts its dates back and forth from the day it is loaded: so do these tests.
TODAY = timezone.localdate()


@pytest.fixture
def demo_a(municipality_a):
    made = load_demo_site(municipality_a, today=TODAY)
    municipality_a.refresh_from_db()
    return made


def pages_of(municipality, model):
    return model.objects.descendant_of(municipality.root_page).live()


def pdf_text(document):
    with document.open_file() as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_a_year_of_news_with_pictures_events_decrees_and_meetings(municipality_a, demo_a):
    news = list(pages_of(municipality_a, NewsPage).order_by("date"))
    assert len(news) == demo_a["news"] >= 7
    assert all(item.image_id and item.intro and item.body for item in news)
    assert news[0].date >= TODAY - datetime.timedelta(days=370) and news[-1].date <= TODAY
    # a year: at least three seasons of it
    assert len({(item.date.month - 1) // 3 for item in news}) >= 3
    assert {image.collection_id for image in (item.image for item in news)} == {
        municipality_a.collection_id
    }

    events = pages_of(municipality_a, EventPage)
    now = timezone.now()
    assert events.filter(start__gte=now).count() >= 3  # upcoming ones, for the home page
    assert events.filter(start__lt=now).exists()

    decrees = list(pages_of(municipality_a, DecreePage))
    assert len(decrees) == demo_a["decrees"]
    assert any(decree.amends.exists() for decree in decrees)
    assert any(not decree.is_in_force(TODAY) for decree in decrees)
    assert len({(d.number, d.promulgated_on.year) for d in decrees}) == len(decrees)
    assert all(decree.document_id and decree.consolidated_text for decree in decrees)

    meetings = list(pages_of(municipality_a, MeetingPage).order_by("date"))
    past = [meeting for meeting in meetings if meeting.date < now]
    assert past and all(meeting.minutes_id and meeting.decisions.exists() for meeting in past)
    assert meetings[-1].date > now and meetings[-1].minutes_id is None  # the next one


def test_the_council_office_and_library_are_filled_in(municipality_a, demo_a):
    council = pages_of(municipality_a, CouncilPage).get()
    roles = [member.role for member in council.members.all()]
    assert roles[:2] == ["polgármester", "alpolgármester"] and len(roles) >= 5
    assert council.committees.exists()

    office = pages_of(municipality_a, CustomerServicePage).get()
    assert office.staff.filter(role="jegyző").exists()
    assert office.opening_hours.exists() and office.upcoming_exceptions().exists()
    assert office.address.startswith(municipality_a.postal_code)

    library = pages_of(municipality_a, DocumentLibraryPage).get()
    assert library.documents.count() >= 5
    assert municipality_a.address and municipality_a.phone and municipality_a.email


def test_the_government_page_names_the_mayor_where_the_starter_section_was(
    client, municipality_a, demo_a
):
    mayor = pages_of(municipality_a, CouncilPage).get().members.get(role="polgármester")
    clerk = pages_of(municipality_a, CustomerServicePage).get().staff.get(role="jegyző")

    html = client.get("/onkormanyzat/", HTTP_HOST=HOST).content.decode()

    assert "<h2>Polgármester</h2>" in html and mayor.name in html
    assert f"<b>{clerk.name}</b> jegyző" in html
    assert "Írja ide" not in html


def test_every_demo_page_passes_full_validation_and_renders(client, municipality_a, demo_a):
    # The demo saves pages as the starter tree does (minimal validation): here in full.
    pages = Page.objects.descendant_of(municipality_a.root_page, inclusive=True).specific()
    assert pages.count() > 40
    for page in pages:
        page.full_clean()
        response = client.get(page.get_url(current_site=municipality_a.site), HTTP_HOST=HOST)
        assert response.status_code == 200, page.url


def test_the_documents_are_readable_pdfs_in_hungarian(municipality_a, demo_a):
    meeting = pages_of(municipality_a, MeetingPage).filter(minutes__isnull=False).first()
    text = pdf_text(meeting.minutes)
    assert text.startswith("Jegyzőkönyv")
    assert "képviselő-testület" in text.lower() or "közgyűlés" in text.lower()
    decree = pages_of(municipality_a, DecreePage).first()
    assert decree.official_number.split(" ")[0] in pdf_text(decree.document)


def test_the_pdf_writer_keeps_every_hungarian_letter():
    sentence = "Árvíztűrő tükörfúrógép – ŐSZI ŰRHAJÓ, „idézet” § (zárójel) \\ perjel"

    reader = PdfReader(io.BytesIO(text_pdf("Őrség", [sentence] * 200)))

    assert len(reader.pages) > 1
    assert reader.metadata.title == "Őrség"
    text = reader.pages[0].extract_text()
    assert text.startswith("Őrség") and sentence in text.replace("\n", " ")


def test_loading_again_adds_nothing_and_leaves_the_editors_work(municipality_a, demo_a):
    news = pages_of(municipality_a, NewsPage).first()
    news.title = "Egy szerkesztő címe"
    news.save_revision().publish()
    counts = Page.objects.descendant_of(municipality_a.root_page).count()

    assert load_demo_site(municipality_a, today=TODAY) is None

    assert Page.objects.descendant_of(municipality_a.root_page).count() == counts
    assert NewsPage.objects.get(pk=news.pk).title == "Egy szerkesztő címe"


def test_the_content_is_the_same_for_the_same_municipality_and_differs_between_them(
    municipality_a, municipality_b
):
    first, again = _DemoSite(municipality_a, TODAY), _DemoSite(municipality_a, TODAY)
    other = _DemoSite(municipality_b, TODAY)

    assert (first.mayor, first.words, first.phone) == (again.mayor, again.words, again.phone)
    assert (first.mayor, first.phone) != (other.mayor, other.phone)


def test_the_demo_publishes_the_common_forms_once(municipality_a):
    for code in forms_demo.DEMO_FORMS:
        load(code)

    assert forms_demo.load_demo(municipality_a) == len(forms_demo.DEMO_FORMS)
    assert forms_demo.load_demo(municipality_a) == 0
    assert {form.code for form in forms.published_forms(municipality_a)} == set(
        forms_demo.DEMO_FORMS
    )


def test_a_site_without_the_starter_news_index_is_left_alone(municipality_a):
    Page.objects.child_of(municipality_a.root_page).get(slug="hirek").delete()

    assert load_demo_site(municipality_a, today=TODAY) is None
    assert not NewsPage.objects.descendant_of(municipality_a.root_page).exists()


@pytest.mark.parametrize(
    "day, expected",
    [
        (1, "1-jén"),
        (2, "2-án"),
        (10, "10-én"),
        (11, "11-én"),
        (20, "20-án"),
        (21, "21-én"),
        (26, "26-án"),
        (30, "30-án"),
    ],
)
def test_a_date_reads_on_that_day_in_hungarian(day, expected):
    assert hungarian_date_on(datetime.date(2026, 3, day)) == f"2026. március {expected}"
