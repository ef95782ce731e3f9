"""What the search layer does to stay fast at 300,000 pages (benchmarks/README.md,
``search_queries.py``), and that it still finds what it found: the cap on ranked and
counted matches, the word table of "did you mean", the query's folded case endings, the
fleet's public collections, and the portal's searches in the query log."""

import pytest
from wagtail.models import PageViewRestriction, Site
from wagtail.search.models import IndexEntry

from search.layer import Scope, search
from search.models import QueryLog, SearchWord, SearchWordUse
from search.suggest import suggest
from search.text import query_forms, strip_folded_ending
from sites.models import StandardPage

pytestmark = pytest.mark.django_db

HOST_A = "alsovar.localhost"
RESULTS = "/e-ugyintezes/kereses/"
PORTAL = {"HTTP_HOST": "localhost"}


def add_page(parent, title, intro="", publish=True):
    slug = f"p{abs(hash((parent.pk, title))) % 10**8}"
    page = parent.add_child(
        instance=StandardPage(title=title, slug=slug, intro=intro, live=publish)
    )
    if publish:
        page.save_revision().publish()
    return page


def titles(results):
    return [hit.title for group in results.groups for hit in group.hits]


# ------------------------------------------------------------------------------ the cap


def test_a_common_word_is_counted_up_to_the_cap_and_shown_with_a_plus(
    client, settings, municipality_a
):
    settings.SEARCH_RESULT_CAP = 3
    for number in range(5):
        add_page(municipality_a.root_page, f"Zqxbgyakori hír {number}")

    results = search("zqxbgyakori", scope=Scope.for_municipality(municipality_a))

    [group] = [g for g in results.groups if g.kind == "pages"]
    assert (group.count, group.capped, group.count_label) == (3, True, "3+")
    assert len(group.hits) == 3
    response = client.get("/kereses/", {"q": "zqxbgyakori"}, HTTP_HOST=HOST_A)
    assert "3+ találat" in response.content.decode()


def test_below_the_cap_the_count_is_exact_and_pages_stay_in_range(settings, municipality_a):
    settings.SEARCH_RESULT_CAP = 1000
    for number in range(5):
        add_page(municipality_a.root_page, f"Zqxbritka hír {number}")
    scope = Scope.for_municipality(municipality_a)

    results = search("zqxbritka", scope=scope, kinds=["pages"], per_page=2, page=99)

    [group] = results.groups
    assert (group.count, group.capped, group.count_label) == (5, False, "5")
    # past the last page: the last page, one hit
    assert (group.page, group.num_pages, len(group.hits)) == (3, 3, 1)


def test_large_counts_are_written_the_hungarian_way():
    from search.layer import count_label

    assert count_label(1000, capped=True) == "1\u00a0000+"
    assert count_label(12345) == "12\u00a0345"


# ------------------------------------------------------------ folded case endings


@pytest.mark.parametrize("query", ["adokrul", "adokrol", "adókról", "adókrul", "Helyi adokrol"])
def test_inflected_queries_typed_with_or_without_accents_find_helyi_adok(municipality_a, query):
    add_page(municipality_a.root_page, "Helyi adók", "Tájékoztató a befizetésről.")

    results = search(query, scope=Scope.for_municipality(municipality_a))

    assert "Helyi adók" in titles(results)


def test_an_inflected_page_is_found_by_the_plain_word_typed_with_accents(municipality_a):
    add_page(municipality_a.root_page, "Tájékoztató a helyi adókról")

    for query in ("adó", "adók", "adókról"):
        results = search(query, scope=Scope.for_municipality(municipality_a))
        assert "Tájékoztató a helyi adókról" in titles(results), query


def test_the_plain_word_typed_without_accents_finds_a_page_whose_only_form_is_inflected(
    municipality_a,
):
    # Issue 18: "ado" stems to "ad"; the folded copy's "adokrol" never did. The index
    # keeps the folded word without its folded ending too ("adok" -> "ad").
    add_page(municipality_a.root_page, "Tájékoztató a helyi adókról")
    add_page(municipality_a.root_page, "Zárva tartás")

    for query in ("ado", "Ado", "adok", "adokrol", "helyi ado"):
        results = search(query, scope=Scope.for_municipality(municipality_a))
        # (the starter pages' own words that stem to "ad" may be found too)
        assert "Tájékoztató a helyi adókról" in titles(results), query
        assert "Zárva tartás" not in titles(results), query


def test_the_folded_copy_keeps_words_without_their_folded_endings():
    from search.text import fold_for_index

    assert fold_for_index("Helyi adókról, a díjakról") == "helyi adokrol, a dijakrol adok dijak"
    assert fold_for_index("Kontroll") == "kontroll"


def test_only_folded_case_endings_are_stripped_and_stems_stay_words():
    assert strip_folded_ending("adokrul") == "adok"
    assert strip_folded_ending("parkolasrol") == "parkolas"
    assert strip_folded_ending("tol") == "tol"
    assert query_forms("adókról") == ["adókról", "adokrol", "adok"]
    assert query_forms("ado") == ["ado"]


# ------------------------------------------------------------------- "did you mean"


def test_did_you_mean_comes_from_the_word_table_not_from_the_entries(municipality_a):
    add_page(municipality_a.root_page, "Zqxbkozgyules jegyzőkönyv", "A zqxbtestület ülése.")
    assert SearchWordUse.objects.filter(
        municipality=municipality_a, word__word="zqxbkozgyules"
    ).exists()

    # The index entries are not read for a suggestion: the word table alone answers.
    IndexEntry.objects.all().delete()

    assert suggest("zqxbkozgyulez", Scope.for_municipality(municipality_a)) == "zqxbkozgyules"


def test_did_you_mean_never_offers_a_word_of_another_site_a_draft_or_a_restricted_page(
    municipality_a, municipality_b
):
    add_page(municipality_b.root_page, "Zqxbmasikvaros hír")
    add_page(municipality_a.root_page, "Zqxbvazlatszo", publish=False)
    secret = add_page(municipality_a.root_page, "Zqxbtitkosszo")
    PageViewRestriction.objects.create(page=secret, restriction_type="login")
    scope = Scope.for_municipality(municipality_a)

    assert suggest("zqxbmasikvaroz", scope) == ""
    assert suggest("zqxbvazlatszu", scope) == ""
    assert suggest("zqxbtitkosszu", scope) == ""
    # the fleet knows B's public word
    assert suggest("zqxbmasikvaroz", Scope.fleet()) == "zqxbmasikvaros"


def test_an_unpublished_page_takes_its_words_with_it(municipality_a):
    page = add_page(municipality_a.root_page, "Zqxbeltuno pályázat")
    scope = Scope.for_municipality(municipality_a)
    assert suggest("zqxbeltunu", scope) == "zqxbeltuno"

    page.unpublish()

    assert suggest("zqxbeltunu", scope) == ""


def test_the_fleet_skips_the_words_of_an_inactive_municipality(municipality_a, municipality_b):
    add_page(municipality_b.root_page, "Zqxbszunetelo hirdetmény")
    assert suggest("zqxbszuneteli", Scope.fleet()) == "zqxbszunetelo"

    municipality_b.active = False
    municipality_b.save()

    assert suggest("zqxbszuneteli", Scope.fleet()) == ""
    assert SearchWord.objects.filter(word="zqxbszunetelo").exists()  # kept, never offered


# ------------------------------------------------------------ the fleet's documents


def test_the_fleets_public_collections_follow_a_new_restriction(municipality_a, municipality_b):
    from wagtail.documents import get_document_model
    from wagtail.models import CollectionViewRestriction

    Document = get_document_model()
    folder = municipality_a.collection.add_child(name="zqxbmappa")
    Document.objects.create(title="Zqxbirat pályázat", collection=folder, file="a.pdf")
    Document.objects.create(
        title="Zqxbirat másik", collection=municipality_b.collection, file="b.pdf"
    )
    found = search("zqxbirat", scope=Scope.fleet(), kinds=["documents"])
    assert sorted(titles(found)) == ["Zqxbirat másik", "Zqxbirat pályázat"]

    # the cached list of the fleet's collections is forgotten with the restriction
    CollectionViewRestriction.objects.create(collection=folder, restriction_type="login")

    found = search("zqxbirat", scope=Scope.fleet(), kinds=["documents"])
    assert titles(found) == ["Zqxbirat másik"]


def test_the_fleets_collections_take_a_fixed_number_of_queries(
    municipality_a, municipality_b, django_assert_max_num_queries
):
    from django.core.cache import cache

    from sites.search_kinds import FLEET_COLLECTIONS_KEY, public_collection_ids

    cache.delete(FLEET_COLLECTIONS_KEY)
    with django_assert_max_num_queries(3):
        ids = public_collection_ids(Scope.fleet())
    assert municipality_a.collection_id in ids and municipality_b.collection_id in ids
    with django_assert_max_num_queries(0):
        assert public_collection_ids(Scope.fleet()) == ids


# ------------------------------------------------------------------ the portal's log


def test_portal_searches_are_logged_on_the_portal_or_on_the_chosen_municipality(
    client, municipality_a
):
    add_page(municipality_a.root_page, "Zqxbportal hír")
    portal = Site.objects.get(is_default_site=True)

    client.get(RESULTS, {"q": "Zqxbportál"}, **PORTAL)
    client.get(RESULTS, {"q": "zqxbportal", "telepules": municipality_a.slug}, **PORTAL)
    # the next page and a kind of the same search are not new searches
    client.get(RESULTS, {"q": "zqxbportal", "oldal": "2"}, **PORTAL)

    logged = list(QueryLog.objects.order_by("pk").values_list("site", "query"))
    assert logged == [
        (portal.pk, "zqxbportal"),
        (municipality_a.site_id, "zqxbportal"),
    ]


def test_the_portal_report_is_the_operators_only(client, editor_a, operator):
    from django.urls import reverse

    QueryLog.objects.create(
        site=Site.objects.get(is_default_site=True), query="zqxbportalkeres", results=0
    )
    url = reverse("search_admin:portal")
    client.force_login(editor_a)
    refused = client.get(url)
    # Wagtail's admin answers a refusal with a redirect to the dashboard and a message.
    assert refused.status_code in (302, 403)
    assert "zqxbportalkeres" not in refused.content.decode()
    client.force_login(operator)
    response = client.get(url)
    assert response.status_code == 200
    assert "zqxbportalkeres" in response.content.decode()


def test_the_planner_settings_of_the_ranked_statement_stay_with_it(municipality_a):
    from django.db import connection

    add_page(municipality_a.root_page, "Zqxbtervező hír")

    results = search("zqxbtervező", scope=Scope.fleet())

    assert "Zqxbtervező hír" in titles(results)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan')")
        assert cursor.fetchone() == ("on",)


def test_a_snippet_is_cut_from_the_indexed_text_without_its_folded_copy(municipality_a):
    from sites.models.pages.folded import FOLDED_MARK

    page = add_page(municipality_a.root_page, "Zqxbszemét", "Lomtalanítás a kerületben.")
    entry = IndexEntry.objects.get(object_id=str(page.pk), content_type=page.content_type)
    assert FOLDED_MARK in entry.body_text

    [hit] = [h for g in search("lomtalanitas", scope=Scope.fleet()).groups for h in g.hits]

    assert "Lomtalanítás a kerületben." in hit.text
    assert "lomtalanitas" not in hit.text and FOLDED_MARK not in hit.text
    assert "<mark>Lomtalanítás</mark>" in hit.snippet


def test_the_fleet_ranks_and_counts_fewer_candidates_than_a_site(settings, municipality_a):
    settings.SEARCH_RESULT_CAP, settings.SEARCH_FLEET_RESULT_CAP = 1000, 2
    for number in range(3):
        add_page(municipality_a.root_page, f"Zqxbflotta hír {number}")

    fleet = search("zqxbflotta", scope=Scope.fleet())
    local = search("zqxbflotta", scope=Scope.for_municipality(municipality_a))

    [fleet_group] = [g for g in fleet.groups if g.kind == "pages"]
    [local_group] = [g for g in local.groups if g.kind == "pages"]
    assert (fleet_group.count_label, len(fleet_group.hits)) == ("2+", 2)
    assert (local_group.count_label, len(local_group.hits)) == ("3", 3)
