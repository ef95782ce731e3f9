import csv

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
)

from sites.constants import StaffRole
from sites.models import MunicipalHomePage, Municipality, RoleGroup
from sites.provisioning import Outcome, provision_municipality
from sites.starter_tree import starter_pages
from tests.factories.municipalities import MunicipalityDataFactory

pytestmark = pytest.mark.django_db


def run(command, *args, **options):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command(command, *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def write_csv(
    path, rows, header=("name", "ksh_code", "county", "legal_status", "postal_code", "population")
):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_single_command_provisions_everything_a_municipality_needs():
    # when
    out, _err = run(
        "provision_municipality",
        "Hódmezővásárhely",
        ksh_code="33020",
        county="Csongrád-Csanád",
        legal_status="megyei_jogu_varos",
        postal_code="6800",
        population=43000,
        tax_bank_account="11773016 11111018",
    )

    # then: the record
    municipality = Municipality.objects.get(ksh_code="33020")
    assert municipality.slug == "hodmezovasarhely"
    assert municipality.tax_bank_account == "11773016-11111018"
    assert municipality.active
    # its own site, bound to its own home page
    assert municipality.site.hostname == "hodmezovasarhely.localhost"
    assert municipality.site.root_page_id == municipality.root_page_id
    assert not municipality.site.is_default_site
    home = municipality.root_page.specific
    assert isinstance(home, MunicipalHomePage)
    assert home.title == "Hódmezővásárhely"
    # the Hungarian starter tree, published
    children = home.get_children().live()
    assert [page.slug for page in children] == [page["slug"] for page in starter_pages()]
    # its own collection and one group per role, with rights only on its own tree
    assert municipality.collection.get_parent() == Collection.get_first_root_node()
    role_groups = RoleGroup.objects.for_municipality(municipality)
    assert {rg.role for rg in role_groups} == set(StaffRole.values)
    for role_group in role_groups:
        pages = GroupPagePermission.objects.filter(group=role_group.group)
        officers = (StaffRole.OFFICER, StaffRole.TAX_OFFICER, StaffRole.TRADE_OFFICER)
        expected = set() if role_group.role in officers else {municipality.root_page_id}
        assert {p.page_id for p in pages} == expected
        collections = GroupCollectionPermission.objects.filter(group=role_group.group)
        # The tax and trade officers publish nothing: no rights in the media collection.
        no_media = (StaffRole.TAX_OFFICER, StaffRole.TRADE_OFFICER)
        expected = set() if role_group.role in no_media else {municipality.collection_id}
        assert {p.collection_id for p in collections} == expected
    assert "hodmezovasarhely.localhost" in out


HODMEZOVASARHELY = {
    "ksh_code": "33020",
    "county": "Csongrád-Csanád",
    "legal_status": "megyei_jogu_varos",
    "postal_code": "6800",
}


def test_a_ksh_code_of_another_municipality_is_refused_and_renames_nothing():
    run("provision_municipality", "Hódmezővásárhely", **HODMEZOVASARHELY)

    with pytest.raises(CommandError) as refused:
        run("provision_municipality", "Makó", **HODMEZOVASARHELY)

    assert str(refused.value) == (
        "A(z) 33020 KSH-kód a(z) „Hódmezővásárhely” nevű településé, nem „Makó” nevűé. "
        "Ellenőrizze a kódot; ha a települést valóban át kívánja nevezni, futtassa a "
        "provision_municipality parancsot a --rename kapcsolóval."
    )
    municipality = Municipality.objects.get(ksh_code="33020")
    assert (municipality.name, municipality.slug) == ("Hódmezővásárhely", "hodmezovasarhely")


def test_rename_renames_and_keeps_the_web_address():
    run("provision_municipality", "Hódmezővásárhely", **HODMEZOVASARHELY)

    out, _err = run("provision_municipality", "Vásárhely", rename=True, **HODMEZOVASARHELY)

    municipality = Municipality.objects.get(ksh_code="33020")
    assert (municipality.name, municipality.slug) == ("Vásárhely", "hodmezovasarhely")
    assert municipality.site.hostname == "hodmezovasarhely.localhost"
    assert "Vásárhely" in out


def test_a_csv_row_with_another_name_for_a_known_code_is_reported_and_skipped(tmp_path):
    run("provision_municipality", "Hódmezővásárhely", **HODMEZOVASARHELY)
    source = write_csv(
        tmp_path / "rows.csv",
        [("Makó", "33020", "Csongrád-Csanád", "megyei_jogu_varos", "6800", "43000")],
    )

    _out, err = run("provision_municipalities", str(source), no_progress=True)

    assert "2. sor kihagyva" in err and "Hódmezővásárhely" in err
    assert Municipality.objects.get(ksh_code="33020").name == "Hódmezővásárhely"


def test_provisioning_again_changes_nothing_and_says_so():
    data = MunicipalityDataFactory(name="Tiszaalpár", ksh_code="61000")
    provision_municipality(data)
    counts = (
        Page.objects.count(),
        Site.objects.count(),
        Group.objects.count(),
        Collection.objects.count(),
        GroupPagePermission.objects.count(),
    )

    result = provision_municipality(MunicipalityDataFactory(name="Tiszaalpár", ksh_code="61000"))

    assert result.outcome == Outcome.UNCHANGED
    assert counts == (
        Page.objects.count(),
        Site.objects.count(),
        Group.objects.count(),
        Collection.objects.count(),
        GroupPagePermission.objects.count(),
    )


def test_provisioning_changed_data_updates_the_record():
    provision_municipality(
        MunicipalityDataFactory(name="Kisváros", ksh_code="61001", population=1000)
    )

    result = provision_municipality(
        MunicipalityDataFactory(name="Kisváros", ksh_code="61001", population=1500)
    )

    assert result.outcome == Outcome.UPDATED
    assert result.changed_fields == ["population"]
    assert Municipality.objects.get(ksh_code="61001").population == 1500


def test_provisioning_repairs_a_missing_group():
    municipality = provision_municipality(MunicipalityDataFactory(ksh_code="61002")).municipality
    RoleGroup.objects.for_municipality(municipality).get(role=StaffRole.MODERATOR).group.delete()

    result = provision_municipality(
        MunicipalityDataFactory(ksh_code="61002", name=municipality.name)
    )

    assert result.outcome == Outcome.UPDATED
    assert "groups" in result.changed_fields
    assert RoleGroup.objects.for_municipality(municipality).count() == len(StaffRole)


def test_invalid_data_is_refused_in_hungarian_and_leaves_nothing_behind():
    pages_before = Page.objects.count()
    with pytest.raises(ValidationError) as error:
        provision_municipality(MunicipalityDataFactory(ksh_code="123", postal_code="0999"))
    assert set(error.value.message_dict) == {"ksh_code", "postal_code"}
    assert "5 számjegy" in " ".join(error.value.message_dict["ksh_code"])
    assert Page.objects.count() == pages_before


def test_single_command_reports_bad_data_as_command_error():
    with pytest.raises(CommandError, match="postal_code: .*4 számjegy"):
        run(
            "provision_municipality",
            "Rossz",
            ksh_code="61003",
            county="Pest",
            legal_status="kozseg",
            postal_code="123",
        )


def test_bulk_provisioning_creates_all_and_a_rerun_changes_nothing(tmp_path):
    path = write_csv(
        tmp_path / "m.csv",
        [
            ("Első", "61010", "Pest", "kozseg", "2100", "800"),
            ("Második", "61011", "Vas", "varos", "9700", ""),
            ("Budapest XXIII. kerület", "61012", "Budapest", "fovarosi_kerulet", "1237", "23000"),
        ],
    )

    out, err = run("provision_municipalities", str(path), no_progress=True)

    assert Municipality.objects.count() == 3
    assert Municipality.objects.get(ksh_code="61012").slug == "budapest-xxiii-kerulet"
    assert "3 új" in out and err == ""

    pages = Page.objects.count()
    out, err = run("provision_municipalities", str(path), no_progress=True)

    assert Page.objects.count() == pages
    assert "0 új, 0 frissített, 3 változatlan" in out
    assert "Nem változott semmi" in out


def test_bulk_provisioning_reports_bad_rows_by_line_and_goes_on(tmp_path):
    path = write_csv(
        tmp_path / "m.csv",
        [
            ("Jó", "61020", "Pest", "kozseg", "2100", "800"),
            ("Rossz irányítószám", "61021", "Pest", "kozseg", "21", "800"),
            ("Rossz megye", "61022", "Atlantisz", "kozseg", "2100", "800"),
            ("Rossz lakosság", "61023", "Pest", "kozseg", "2100", "sok"),
            ("Jó is", "61024", "Pest", "varos", "2101", ""),
        ],
    )

    out, err = run("provision_municipalities", str(path), no_progress=True)

    assert set(Municipality.objects.values_list("ksh_code", flat=True)) == {"61020", "61024"}
    assert "3. sor kihagyva" in err and "postal_code" in err
    assert "4. sor kihagyva" in err and "county" in err
    assert "5. sor kihagyva" in err
    assert "2. sor" not in err and "6. sor" not in err
    assert "3 hibás" in out


def test_bulk_provisioning_refuses_a_file_without_the_required_columns(tmp_path):
    path = write_csv(tmp_path / "m.csv", [("X", "61030")], header=("name", "ksh_code"))
    with pytest.raises(CommandError, match="county"):
        run("provision_municipalities", str(path), no_progress=True)


def test_shipped_municipalities_file_provisions_cleanly():
    out, err = run("provision_municipalities", "data/municipalities.csv", no_progress=True)

    assert err == ""
    municipalities = Municipality.objects.all()
    assert municipalities.count() >= 30
    assert set(municipalities.values_list("legal_status", flat=True)) == {
        "kozseg",
        "nagykozseg",
        "varos",
        "megyei_jogu_varos",
        "fovarosi_kerulet",
    }
    assert municipalities.values("county").distinct().count() >= 5


def test_generated_synthetic_municipalities_provision(tmp_path):
    path = tmp_path / "synthetic.csv"
    run("generate_municipalities", count=5, output=str(path))

    out, err = run("provision_municipalities", str(path), no_progress=True)

    assert err == ""
    assert Municipality.objects.filter(name__startswith="Szintetikus").count() == 5


def test_deactivation_stops_serving_the_site(client, provision):
    municipality = provision(name="Szünetelő", slug="szuneteto")
    assert client.get("/", HTTP_HOST="szuneteto.localhost").status_code == 200

    run("deprovision_municipality", "szuneteto")

    assert client.get("/", HTTP_HOST="szuneteto.localhost").status_code == 404
    municipality.refresh_from_db()
    assert not municipality.active
    run("deprovision_municipality", "szuneteto", reactivate=True)
    assert client.get("/", HTTP_HOST="szuneteto.localhost").status_code == 200


def test_delete_needs_the_slug_typed_back(provision):
    provision(name="Megmaradó", slug="megmarado")
    with pytest.raises(CommandError):
        run("deprovision_municipality", "megmarado", delete=True, confirm="valami-mas")
    assert Municipality.objects.filter(slug="megmarado").exists()


def test_delete_removes_everything_the_municipality_owned(provision, make_staff):
    from tests.factories.municipalities import make_document, make_image

    municipality = provision(name="Törlendő", slug="torlendo")
    editor = make_staff(municipality, StaffRole.EDITOR)
    image = make_image(municipality, "címer")
    document = make_document(municipality, "rendelet")
    root_path = municipality.root_page.path
    group_ids = list(
        RoleGroup.objects.for_municipality(municipality).values_list("group_id", flat=True)
    )

    run("deprovision_municipality", "torlendo", delete=True, confirm="torlendo")

    assert not Municipality.objects.filter(slug="torlendo").exists()
    assert not Site.objects.filter(hostname="torlendo.localhost").exists()
    assert not Page.objects.filter(path__startswith=root_path).exists()
    assert not Group.objects.filter(pk__in=group_ids).exists()
    assert not type(image).objects.filter(pk=image.pk).exists()
    assert not type(document).objects.filter(pk=document.pk).exists()
    editor.refresh_from_db()
    assert editor.groups.count() == 0


def _hits(response):
    return [hit for group in response.context["results"].groups for hit in group.hits]


def test_bulk_provisioned_pages_are_indexed_for_search_and_saving_indexes_again(tmp_path, client):
    from sites.starter_tree import bulk_indexing

    path = write_csv(tmp_path / "m.csv", [("Keresővár", "61040", "Pest", "kozseg", "2100", "")])
    run("provision_municipalities", str(path), no_progress=True)

    response = client.get("/kereses/", {"q": "ügyfélfogadás"}, HTTP_HOST="keresovar.localhost")
    assert any("/ugyfelfogadas/" in hit.url for hit in _hits(response))

    # After the bulk run, saving a page indexes it at once, as it always does.
    with bulk_indexing():
        pass
    page = Municipality.objects.get(ksh_code="61040").root_page.get_children().first().specific
    page.title = "Különleges szó"
    page.save_revision().publish()
    response = client.get("/kereses/", {"q": "különleges"}, HTTP_HOST="keresovar.localhost")
    assert [hit.title for hit in _hits(response)] == ["Különleges szó"]


def test_starter_pages_pass_wagtails_full_validation(provision):
    # Provisioning saves the starter pages with only the minimal validation, for speed; the
    # data must still be what the full validation accepts.
    municipality = provision()

    pages = municipality.root_page.get_descendants(inclusive=True).specific()
    for page in pages:
        page.full_clean()
    # The tree is consistent: paths, depths and child counts as treebeard keeps them.
    assert Page.find_problems() == ([], [], [], [], [])
    assert municipality.root_page.specific.is_site_root()
    assert municipality.root_page.get_children().count() == len(starter_pages())
    assert municipality.root_page.specific.get_children().last().url_path == (
        f"/{municipality.slug}/{starter_pages()[-1]['slug']}/"
    )


def test_collections_are_appended_whatever_the_order_of_names(provision):
    later = [
        provision(name="Zalaegerszeg próba", ksh_code="61050").collection,
        provision(name="Mecseknádasd próba", ksh_code="61051").collection,
    ]
    paths = [collection.path for collection in later]

    first = provision(name="Aba próba", ksh_code="61052")

    # An alphabetically earlier name must not rewrite the later siblings' tree paths (which
    # treebeard's sorted insert does, one UPDATE per sibling).
    for collection in later:
        collection.refresh_from_db()
    assert [collection.path for collection in later] == paths
    root = Collection.get_first_root_node()
    assert root.get_children().last() == first.collection
    assert root.numchild == root.get_children().count()
    assert Collection.find_problems() == ([], [], [], [], [])


def test_good_rows_are_indexed_when_another_row_fails(tmp_path):
    from wagtail.search.backends import get_search_backend

    path = write_csv(
        tmp_path / "m.csv",
        [
            ("Indexelt", "61060", "Pest", "kozseg", "2100", ""),
            ("Hibás", "12", "Pest", "kozseg", "2100", ""),
        ],
    )
    run("provision_municipalities", str(path), no_progress=True)

    titles = {page.title for page in get_search_backend().search("Indexelt", Page)}
    assert titles == {"Indexelt"}


def test_permissions_registered_for_a_role_reach_new_and_existing_groups(provision):
    from sites.roles import role_permissions

    existing = provision(name="Régi", ksh_code="61070")
    officers = RoleGroup.objects.for_municipality(existing).get(role=StaffRole.OFFICER).group
    assert not officers.permissions.filter(codename="view_municipality").exists()

    role_permissions.grant(StaffRole.OFFICER, "municipal.view_municipality")
    try:
        new = provision(name="Új", ksh_code="61071")
        result = provision_municipality(MunicipalityDataFactory(name="Régi", ksh_code="61070"))
    finally:
        role_permissions.revoke(StaffRole.OFFICER, "municipal.view_municipality")

    assert result.outcome == Outcome.UPDATED and result.changed_fields == ["permissions"]
    for municipality in (existing, new):
        group = RoleGroup.objects.for_municipality(municipality).get(role=StaffRole.OFFICER).group
        assert group.permissions.filter(codename="view_municipality").exists()
        editors = RoleGroup.objects.for_municipality(municipality).get(role=StaffRole.EDITOR).group
        assert not editors.permissions.filter(codename="view_municipality").exists()


def test_starter_content_refers_to_nothing_so_bulk_indexing_may_skip_references(provision):
    # Bulk provisioning skips the reference index for starter pages: correct only while the
    # starter content links to no page, image or document. Indexing them here proves it.
    from wagtail.models import ReferenceIndex

    municipality = provision()
    pages = list(municipality.root_page.get_descendants(inclusive=True).specific())
    for page in pages:
        ReferenceIndex.create_or_update_for_object(page)

    assert not ReferenceIndex.objects.filter(object_id__in=[str(p.pk) for p in pages]).exists()
