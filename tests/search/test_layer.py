"""The search layer: accents, stemming, grouping, paging, filters and what never shows."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from search.layer import Scope, search
from sites.models import NewsPage, StandardPage

pytestmark = pytest.mark.django_db


def add_page(parent, title, intro="", **extra):
    slug = f"p{abs(hash((parent.pk, title))) % 10**8}"
    page = parent.add_child(instance=StandardPage(title=title, slug=slug, intro=intro, **extra))
    page.save_revision().publish()
    return page


def news_index(municipality):
    from sites.models import NewsIndexPage

    return NewsIndexPage.objects.descendant_of(municipality.root_page).first()


def add_news(municipality, title, date, intro=""):
    index = news_index(municipality)
    page = index.add_child(
        instance=NewsPage(title=title, slug=f"n{abs(hash(title)) % 10**8}", date=date, intro=intro)
    )
    page.save_revision().publish()
    return page


def titles(results, kind=None):
    return [h.title for g in results.groups if kind in (None, g.kind) for h in g.hits]


@pytest.mark.parametrize("query", ["adó", "ado", "adókról", "ADÓ", "Helyi adok"])
def test_accents_and_stemming_find_the_tax_page(municipality_a, query):
    add_page(municipality_a.root_page, "Helyi adók", "Tájékoztató a helyi adókról.")

    results = search(query, scope=Scope.for_municipality(municipality_a))

    assert "Helyi adók" in titles(results)


def test_snippet_marks_the_words_and_escapes_the_text(municipality_a):
    add_page(municipality_a.root_page, "Helyi adók", "<script>x</script> Az adókról röviden.")

    results = search("ado", scope=Scope.for_municipality(municipality_a))

    hit = next(h for g in results.groups for h in g.hits if h.title == "Helyi adók")
    assert "<mark>adókról</mark>" in hit.snippet
    assert "<script>" not in hit.snippet
    assert "<mark>adók</mark>" in hit.extra["title_html"]


def test_results_are_grouped_by_kind(municipality_a):
    add_page(municipality_a.root_page, "Zqparkolás rendje", "Zqparkolás")
    add_news(municipality_a, "Zqparkolás változik", datetime.date(2026, 5, 1))

    results = search("zqparkolás", scope=Scope.for_municipality(municipality_a))

    assert titles(results, "news") == ["Zqparkolás változik"]
    assert titles(results, "pages") == ["Zqparkolás rendje"]
    assert dict((name, count) for name, _label, count in results.counts)["news"] == 1


def test_a_kind_is_paged(municipality_a):
    for number in range(5):
        add_news(municipality_a, f"Zqfa ültetés {number}", datetime.date(2026, 5, 1 + number))

    first = search("zqfa", scope=Scope.for_municipality(municipality_a), kinds=["news"], per_page=2)
    last = search(
        "zqfa", scope=Scope.for_municipality(municipality_a), kinds=["news"], per_page=2, page=99
    )

    [group] = first.groups
    assert (group.count, group.num_pages, len(group.hits)) == (5, 3, 2)
    assert (last.groups[0].page, len(last.groups[0].hits)) == (3, 1)
    assert not set(titles(first)) & set(titles(last))


def test_date_filter(municipality_a):
    add_news(municipality_a, "Zqkert tavasz", datetime.date(2026, 3, 1))
    add_news(municipality_a, "Zqkert ősz", datetime.date(2026, 10, 1))

    results = search(
        "zqkert",
        scope=Scope.for_municipality(municipality_a),
        date_from=datetime.date(2026, 9, 1),
        date_to=datetime.date(2026, 12, 31),
    )

    assert titles(results) == ["Zqkert ősz"]


@pytest.mark.parametrize("restriction", ["password", "login", "groups"])
def test_restricted_sections_are_never_found(municipality_a, restriction):
    section = add_page(municipality_a.root_page, "Zqbelső rész")
    add_page(section, "Zqbelső szabályzat", "zqbelső")
    view = PageViewRestriction.objects.create(
        page=section, restriction_type=restriction, password="titok"
    )
    if restriction == "groups":
        from django.contrib.auth.models import Group

        view.groups.add(Group.objects.create(name="zq"))

    results = search("zqbelső", scope=Scope.for_municipality(municipality_a))

    assert titles(results) == []


def test_a_restriction_applies_to_the_next_search_in_every_kind(municipality_a):
    from sites.searchables import restricted_page_paths

    section = add_page(municipality_a.root_page, "Zqkésőbb rész")
    add_page(section, "Zqkésőbb szabályzat", "zqkésőbb")
    scope = Scope.for_municipality(municipality_a)
    assert "Zqkésőbb szabályzat" in titles(search("zqkésőbb", scope=scope))

    # the restrictions are read once per search, not remembered past it
    PageViewRestriction.objects.create(page=section, restriction_type="login")
    assert titles(search("zqkésőbb", scope=scope)) == []
    assert restricted_page_paths(section.path) == [section.path]


def test_drafts_and_other_sites_are_never_found(municipality_a, municipality_b):
    draft = add_page(municipality_a.root_page, "Zqterv tervezet")
    draft.unpublish()
    add_page(municipality_b.root_page, "Zqterv másik település")

    assert titles(search("zqterv", scope=Scope.for_municipality(municipality_a))) == []
    fleet = titles(search("zqterv", scope=Scope.fleet()))
    assert fleet == ["Zqterv másik település"]


def test_fleet_hits_name_their_municipality(municipality_a, municipality_b):
    add_page(municipality_b.root_page, "Zqvíz közmű")

    results = search("zqviz", scope=Scope.fleet())

    [hit] = [h for g in results.groups for h in g.hits]
    assert hit.municipality == municipality_b.name


def test_did_you_mean_suggests_a_word_of_the_site(municipality_a, municipality_b):
    add_page(municipality_a.root_page, "Zqhulladékudvar nyitvatartás")
    add_page(municipality_b.root_page, "Zqhulladékgyűjtés máshol")

    results = search("zqhulladekudvr", scope=Scope.for_municipality(municipality_a))

    assert results.total == 0
    assert results.suggestion == "zqhulladékudvar"


def test_documents_only_from_public_collections(municipality_a, municipality_b):
    from wagtail.documents import get_document_model
    from wagtail.models import CollectionViewRestriction

    Document = get_document_model()
    root = municipality_a.collection
    private = root.add_child(name="zqbelso")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    Document.objects.create(title="Zqdok nyilvános", collection=root, file="a.pdf")
    Document.objects.create(title="Zqdok belső", collection=private, file="b.pdf")
    Document.objects.create(title="Zqdok másik", collection=municipality_b.collection, file="c.pdf")

    results = search("zqdok", scope=Scope.for_municipality(municipality_a))

    assert titles(results) == ["Zqdok nyilvános"]


def test_events_dates_are_budapest_days(municipality_a):
    from sites.models import EventIndexPage, EventPage

    index = EventIndexPage.objects.descendant_of(municipality_a.root_page).first()
    start = timezone.make_aware(datetime.datetime(2026, 6, 1, 0, 30))
    index.add_child(instance=EventPage(title="Zqkoncert", slug="zqkoncert", start=start))

    on_the_day = search(
        "zqkoncert",
        scope=Scope.for_municipality(municipality_a),
        date_from=datetime.date(2026, 6, 1),
        date_to=datetime.date(2026, 6, 1),
    )

    assert titles(on_the_day) == ["Zqkoncert"]
