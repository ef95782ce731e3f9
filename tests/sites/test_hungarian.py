"""Hungarian writing: names family name first, 10 000 Ft, phone numbers, alphabetical order
(Érd before Felcsút), accent-insensitive search, ASCII slugs, county names, avatars."""

import sqlite3
from types import SimpleNamespace

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import Client

from sites import hungarian
from sites.avatars import initials_avatar_url
from sites.constants import County, LegalStatus
from sites.models import Municipality, StandardPage
from tests.factories.municipalities import UserFactory

NBSP = "\u00a0"

# Ordered as PostgreSQL's ICU "hu" collation orders them (checked against it below).
HUNGARIAN_ORDER = [
    "Budapest I. kerület",
    "Budapest V. kerület",
    "Budapest XI. kerület",
    "Cegléd",
    "Csákvár",
    "Ecser",
    "Érd",
    "Felcsút",
    "Kis Tamás",
    "Kiss Tamás",
    "Kisvárda",
    "Nagy Kovács",
    "Nagyatád",
    "Orosháza",
    "Ózd",
    "Ősagárd",
    "Öttevény",
    "Újpest",
    "Üllő",
    "Visz",
    "Vissza",
    "Zalaegerszeg",
    "Zsámbék",
]


def render(source, **context):
    return Template("{% load hungarian %}" + source).render(Context(context))


# -- names


@pytest.mark.django_db
def test_a_persons_full_name_is_family_name_first_everywhere():
    user = UserFactory(first_name="János", last_name="Kovács", username="kj")

    assert user.get_full_name() == "Kovács János"  # what Wagtail's admin and logs show
    assert hungarian.user_name(user) == "Kovács János"
    assert render("{{ user|person }}", user=user) == "Kovács János"


@pytest.mark.django_db
def test_an_account_without_a_name_is_named_by_its_email_address():
    user = UserFactory(first_name="", last_name="", username="x1", email="x1@example.hu")

    assert user.get_full_name() == ""
    assert hungarian.user_name(user) == "x1@example.hu"


@pytest.mark.django_db
def test_initials_follow_the_family_name_first():
    assert hungarian.initials(UserFactory(first_name="János", last_name="Kovács")) == "KJ"


# -- numbers and money


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "0"),
        (999, "999"),
        (5000, f"5{NBSP}000"),
        (10000, f"10{NBSP}000"),
        (1234567, f"1{NBSP}234{NBSP}567"),
        ("10000", f"10{NBSP}000"),
        (1234.5, f"1{NBSP}234,50"),
        (-2500, f"-2{NBSP}500"),
        (None, ""),
        ("n/a", "n/a"),
    ],
)
def test_numbers_group_thousands_with_a_non_breaking_space(value, expected):
    assert hungarian.format_number(value) == expected


def test_money_is_written_10_000_ft_on_one_line():
    assert hungarian.format_money(10000) == f"10{NBSP}000{NBSP}Ft"
    assert render("{{ amount|ft }}", amount=10000) == f"10{NBSP}000{NBSP}Ft"
    assert render("{{ amount|number }}", amount=3000) == f"3{NBSP}000"


@pytest.mark.parametrize(
    ("stored", "written"),
    [
        ("+36301234567", "+36 30 123 4567"),
        ("+3612345678", "+36 1 234 5678"),
        ("+3662123456", "+36 62 123 456"),
        ("+4915123456789", "+4915123456789"),
    ],
)
def test_phone_numbers_are_written_as_hungarians_read_them(stored, written):
    assert hungarian.format_phone(stored) == written
    assert render("{{ number|phone }}", number=stored) == written


# -- alphabetical order


def test_hungarian_order_puts_accented_vowels_with_their_letter_and_double_letters_after():
    assert sorted(reversed(HUNGARIAN_ORDER), key=hungarian.sort_key) == HUNGARIAN_ORDER


@pytest.mark.django_db
def test_the_python_order_is_postgresqls_icu_order():
    """make run's SQLite sorts with sort_key; it must agree with production's ICU."""
    names = list(reversed(HUNGARIAN_ORDER))
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT n FROM unnest(%s::text[]) AS n ORDER BY n COLLATE "{hungarian.COLLATION}"',
            [names],
        )
        icu = [row[0] for row in cursor.fetchall()]

    assert icu == HUNGARIAN_ORDER


def test_sqlite_connections_get_the_hungarian_collation():
    database = sqlite3.connect(":memory:")
    hungarian.register_sqlite_collation(
        sender=None, connection=SimpleNamespace(vendor="sqlite", connection=database)
    )
    database.execute("CREATE TABLE t (name TEXT)")
    database.executemany("INSERT INTO t VALUES (?)", [(n,) for n in reversed(HUNGARIAN_ORDER)])

    rows = database.execute(f'SELECT name FROM t ORDER BY name COLLATE "{hungarian.COLLATION}"')

    assert [name for (name,) in rows] == HUNGARIAN_ORDER


def municipality(name, ksh_code, postal_code="2000", county=County.PEST):
    return Municipality.objects.create(
        name=name,
        slug=hungarian.slugify(name),
        ksh_code=ksh_code,
        county=county,
        legal_status=LegalStatus.TOWN,
        postal_code=postal_code,
    )


@pytest.mark.django_db
def test_municipalities_are_listed_in_hungarian_order():
    for number, name in enumerate(["Felcsút", "Csákvár", "Érd", "Cegléd", "Ecser"]):
        municipality(name, f"{61100 + number}")

    assert list(Municipality.objects.values_list("name", flat=True)) == [
        "Cegléd",
        "Csákvár",
        "Ecser",
        "Érd",
        "Felcsút",
    ]


# -- search and slugs


@pytest.mark.django_db
def test_municipality_search_ignores_accents_and_case_and_takes_postal_codes():
    erd = municipality("Érd", "61201", postal_code="2030")
    godollo = municipality("Gödöllő", "61202", postal_code="2100")
    municipality("Felcsút", "61203", postal_code="8086")

    assert list(Municipality.objects.search("erd")) == [erd]
    assert list(Municipality.objects.search("GODOLLO")) == [godollo]
    assert list(Municipality.objects.search("21")) == [godollo]
    assert Municipality.objects.search("   ").count() == 3


@pytest.mark.django_db
def test_the_portal_home_finds_erd_without_its_accent():
    from portal.models import PortalHomePage

    municipality("Érd", "61301", postal_code="2030")
    municipality("Felcsút", "61302", postal_code="8086")
    home = PortalHomePage.objects.first()

    response = Client().get(home.url, {"q": "erd"})

    names = [m.name for m in response.context["municipalities"]]
    assert names == ["Érd"]


def test_slugs_are_ascii_transliterated_from_hungarian():
    assert hungarian.slugify("Árvíztűrő tükörfúrógép") == "arvizturo-tukorfurogep"
    assert hungarian.slugify("Ügyfélfogadás és ünnepi nyitvatartás") == (
        "ugyfelfogadas-es-unnepi-nyitvatartas"
    )


@pytest.mark.django_db
def test_a_new_page_gets_an_ascii_slug_from_its_hungarian_title(municipality_a):
    page = StandardPage(title="Őszi lomtalanítás, új időpontok")
    municipality_a.root_page.add_child(instance=page)

    assert page.slug == "oszi-lomtalanitas-uj-idopontok"
    assert "%" not in page.get_full_url()


@pytest.mark.django_db
def test_the_admin_makes_ascii_slugs_as_the_editor_types(client, editor_a, municipality_a):
    client.force_login(editor_a)

    response = client.get(f"/admin/pages/add/municipal/standardpage/{municipality_a.root_page.pk}/")

    # Django leaves out an attribute whose value is False: the slug script then transliterates.
    html = response.content.decode()
    assert 'data-controller="w-slug"' in html
    assert "data-w-slug-allow-unicode-value" not in html


# -- counties


def test_county_names_keep_their_accents():
    assert dict(County.choices)["Bács-Kiskun"] == "Bács-Kiskun"
    assert dict(County.choices)["Csongrád-Csanád"] == "Csongrád-Csanád"
    assert all(value == label for value, label in County.choices)


# -- avatars


@pytest.mark.django_db
def test_avatars_are_initials_drawn_locally(client, editor_a):
    editor_a.first_name, editor_a.last_name = "Erika", "Szabó"
    editor_a.save()
    client.force_login(editor_a)

    url = initials_avatar_url(editor_a, 50)
    html = client.get("/admin/").content.decode()

    assert url.startswith("data:image/svg+xml,")
    assert "%3ESE%3C" in url  # the letters between the text element's tags
    assert "gravatar" not in html
    assert url.replace("&", "&amp;") in html
