"""The access matrix of the officer workspace, over every view built on it.

The views are not listed here: every URL pattern whose view subclasses
``sites.workspace.WorkspaceMixin`` is taken from the URLconf, so an officer view added
tomorrow is in the matrix tomorrow (its arguments are filled by tests/isolation/urls.py,
which fails on an argument it does not know).

They are asked, GET and POST, by people who work for A and only edit B's website: an
officer of A and a site admin of A, each also an editor of B. For them:

- whatever names B (B's municipality, or any record of B, even inside A's own workspace)
  answers 404, as if it did not exist;
- A's lists and CSV exports show no record of B;
- the entrances (the switchers, the provider's screens) neither list B nor lead there.

Then the matrix is run against the mistake it guards against: with the access rule
(``sites.access.officer_municipalities``) swapped for Django's global permission
(``user.has_perm``), every view that names its permission lets these people into B, and
the matrix says so.
"""

import sys
from collections import Counter, defaultdict

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from services.forms.models import Submission
from services.payments.models import Payment
from sites import access
from sites.constants import StaffRole
from sites.models import Municipality
from sites.staff import add_member
from sites.workspace import ChooseMunicipalityView, WorkspaceMixin
from tests.factories.municipalities import UserFactory
from tests.isolation.urls import endpoints, fillings, url_for, value_of
from tests.isolation.world import build_world, markers_in

PEOPLE = [
    "officer_a+editor_b",
    "site_admin_a+editor_b",
    "tax_officer_a+editor_b",
    "trade_officer_a+editor_b",
]
SERVICES = {"documents", "forms", "payments", "tax", "commerce"}
# Which of A's officers works in each service's workspace: the tax office has its own role.
OFFICER_OF_A = {"tax": "tax_officer_a+editor_b", "commerce": "trade_officer_a+editor_b"}
OFFICER_OF_B = {"tax": "tax_officer_b", "commerce": "trade_officer_b"}
# Switchers whose workspace is not the service officers' own (none at present).
# The appointments' set-up (offices, hours, matters) is the site admin's, not an officer's.
SWITCHER_PERSON = {"appointments_admin:setup_index": "site_admin_a+editor_b"}
# The services' admin screens that are not officers' at all: the provider's operators
# connect a municipality to its Stripe account (superusers only, tested in
# tests/services/payments/test_merchant_admin.py).
OPERATORS_ONLY = {"payments_admin:merchants", "payments_admin:merchant_edit"}
ADMIN_NAMESPACES = (
    "documents_admin",
    "forms_admin",
    "payments_admin",
    "tax_admin",
    "commerce_admin",
)
# The website editors' own screens on the workspace base (the site search report): these
# people edit B's website, so B's report is rightly theirs (test below);
# tests/isolation/test_every_url.py keeps it from everyone who is not B's editor.
EDITORS_SCREENS = {
    "search_admin:index",
    "search_admin:report",
    # The page feedback's report and its comment moderation, and the publication list's
    # overdue items (services/feedback, services/publication): the website's editors' and
    # site admins' screens; tests/isolation/test_every_url.py keeps them from everyone else.
    "feedback_admin:report",
    "feedback_admin:hide_comment",
    "publication_admin:overdue",
}
POST_DATA = {"reason": "Feltörés", "amount": "1", "role": "officer", "day": "2026-01-05"}
HOST = "localhost"


# -- the world: B's records, each private one with a zqxb… marker (tests/isolation/world.py)


@pytest.fixture(scope="module")
def world_media(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture
def media_root(settings, world_media):
    settings.MEDIA_ROOT = world_media
    return world_media


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, world_media):
    """Built once for the module in a transaction rolled back at its end; every request
    runs in a savepoint within it."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=world_media):
        with transaction.atomic():
            built = build_world()
            site_admin = UserFactory(username="site_admin_a_editor_b")
            add_member(built.a, site_admin, StaffRole.SITE_ADMIN)
            add_member(built.b, site_admin, StaffRole.EDITOR)
            built.users["site_admin_a+editor_b"] = site_admin
            yield built
            transaction.set_rollback(True)


# -- the views


def workspace_endpoints():
    found = []
    for endpoint in endpoints():
        view_class = getattr(endpoint.view, "view_class", None)
        if endpoint.name in EDITORS_SCREENS:
            continue
        if isinstance(view_class, type) and issubclass(view_class, WorkspaceMixin):
            found.append(endpoint)
    return found


def service_of(endpoint):
    """ "documents" for services.documents.views.…; "sites" for the site admins' staff."""
    package, _dot, rest = endpoint.view.view_class.__module__.partition(".")
    return rest.split(".")[0] if package == "services" else package


def is_municipal(endpoint):
    return "municipality_id" in endpoint.arguments


def names_a_permission(endpoint):
    """The officer views: their workspace names the permission it asks the access rule
    for. (The staff screens ask the site-admin role itself, Municipality.administered_by.)"""
    return endpoint.view.view_class.permission is not None


def _value(kind, objects):
    # A kind A has no record of (a payment, a notice) is named by an id nobody has: the
    # variant that matters, B's record inside A's workspace, always has B's real one.
    try:
        return value_of(kind, objects)
    except KeyError:
        return 0


def urls_naming_b(world, endpoint, *, only_all_b=False):
    """The URLs of the pattern that name B's municipality or a record of B: B's through
    and through, then each argument in turn B's and the others A's."""
    own = {
        url_for(endpoint, values)
        for values, _b in fillings(endpoint, *[world.a_objects] * 2, _value)
    }
    variants = fillings(endpoint, world.b_objects, world.a_objects, _value)
    for number, (values, _names_b) in enumerate(variants):
        if only_all_b and number:
            return
        url = url_for(endpoint, values)
        # A record every municipality shares (a template of the central library) is
        # nobody's: with A's municipality, the URL is A's own.
        if url not in own:
            yield url


# -- asking


def _client(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


class Answer:
    def __init__(self, response):
        self.status = response.status_code
        self.location = response.get("Location", "")
        self.content_type = response.get("Content-Type", "")
        body = (
            b"".join(response.streaming_content)
            if getattr(response, "streaming", False)
            else response.content
        )
        self.text = body + b" " + self.location.encode()


def ask(client, method, url, query=None):
    """One request in a savepoint that is rolled back: nothing a POST changes stays."""
    with transaction.atomic():
        if method == "get":
            response = client.get(url, query or {}, HTTP_HOST=HOST)
        else:
            response = client.post(url, POST_DATA, HTTP_HOST=HOST)
        answer = Answer(response)
        transaction.set_rollback(True)
    return answer


def b_paths(world):
    """Where B's workspaces start: a page or a redirect that names one leads into B."""
    return [
        url_for(endpoint, {"municipality_id": world.b.pk})
        for endpoint in workspace_endpoints()
        if endpoint.arguments == ("municipality_id",)
    ]


def traces_of_b(world, answer):
    """What of B an answer shows: B's marked words, B's payment and submission references
    (random, unique), links into B's workspaces."""
    found = {marker.decode() for marker in markers_in(answer.text)}
    references = [
        *Payment.objects.for_municipality(world.b).values_list("reference", flat=True),
        *Submission.objects.for_municipality(world.b).values_list("reference", flat=True),
    ]
    found |= {reference for reference in references if reference.encode() in answer.text}
    found |= {path for path in b_paths(world) if path.encode() in answer.text}
    return found


def not_404_naming_b(world, person, *, only_all_b=False):
    """(endpoint, method, url, status) of every request naming B that was not a 404."""
    client = _client(world.users[person])
    misses = []
    for endpoint in workspace_endpoints():
        if not is_municipal(endpoint):
            continue
        for url in urls_naming_b(world, endpoint, only_all_b=only_all_b):
            for method in ("get", "post"):
                answer = ask(client, method, url)
                if answer.status != 404:
                    misses.append((endpoint.name, method, url, answer.status))
    return misses


# -- the enumeration itself


def test_the_matrix_finds_the_officer_views_of_every_service():
    found = workspace_endpoints()
    per_service = Counter(service_of(endpoint) for endpoint in found)

    # so that the matrix cannot pass by finding nothing
    assert SERVICES <= set(per_service), per_service
    assert all(per_service[service] >= 5 for service in SERVICES), per_service
    # every screen of the services' admins is on the workspace base, or the operators'
    admin_names = {
        endpoint.name for endpoint in endpoints() if endpoint.name.split(":")[0] in ADMIN_NAMESPACES
    }
    assert admin_names - {endpoint.name for endpoint in found} == OPERATORS_ONLY
    # and the officer views of each service say which permission opens them
    for service in SERVICES:
        assert any(
            names_a_permission(endpoint) and is_municipal(endpoint)
            for endpoint in found
            if service_of(endpoint) == service
        ), service


# -- officer (or site admin) of A, editor of B


@pytest.mark.parametrize("person", PEOPLE)
def test_everything_that_names_b_is_a_404(world, person, db):
    misses = not_404_naming_b(world, person)

    assert not misses, "\n".join(
        f"{method.upper()} {url} ({name}): {status}" for name, method, url, status in misses
    )


@pytest.mark.parametrize("person", PEOPLE)
def test_as_lists_and_exports_show_nothing_of_b(world, person, db):
    client = _client(world.users[person])
    problems, exports = [], set()
    for endpoint in workspace_endpoints():
        if endpoint.arguments != ("municipality_id",):
            continue
        url = url_for(endpoint, {"municipality_id": world.a.pk})
        for query in ({}, {"q": world.b.name}, {"status": "all"}):
            answer = ask(client, "get", url, query)
            if answer.status >= 500:
                problems.append(f"GET {url} {query}: {answer.status}")
            if shown := traces_of_b(world, answer):
                problems.append(f"GET {url} {query}: showed {sorted(shown)}")
            if answer.content_type.startswith("text/csv"):
                exports.add(service_of(endpoint))

    assert not problems, "\n".join(problems)
    # the exports were really read, not refused
    theirs = {service for service in SERVICES if OFFICER_OF_A.get(service) == person}
    if person == "officer_a+editor_b":
        theirs = SERVICES - set(OFFICER_OF_A)
    assert exports >= theirs


@pytest.mark.parametrize("person", PEOPLE)
def test_the_entrances_neither_list_b_nor_lead_there(world, person, db):
    client = _client(world.users[person])
    problems = []
    for endpoint in workspace_endpoints():
        if is_municipal(endpoint):
            continue
        for url in (
            urls_naming_b(world, endpoint) if endpoint.arguments else [url_for(endpoint, {})]
        ):
            for method, query in (("get", {}), ("get", {"q": world.b.name[:5]}), ("post", {})):
                answer = ask(client, method, url, query)
                if answer.status >= 500:
                    problems.append(f"{method.upper()} {url}: {answer.status}")
                if shown := traces_of_b(world, answer):
                    problems.append(f"{method.upper()} {url} {query}: showed {sorted(shown)}")

    assert not problems, "\n".join(problems)


def test_an_officer_of_a_is_taken_straight_to_a(world, db):
    # The editor role in B grants nothing in an officer workspace, so A is the only one.
    switchers = [
        endpoint
        for endpoint in workspace_endpoints()
        if issubclass(endpoint.view.view_class, ChooseMunicipalityView)
        and names_a_permission(endpoint)
    ]

    assert {service_of(endpoint) for endpoint in switchers} >= SERVICES
    for endpoint in switchers:
        person = SWITCHER_PERSON.get(endpoint.name) or OFFICER_OF_A.get(
            service_of(endpoint), "officer_a+editor_b"
        )
        answer = ask(_client(world.users[person]), "get", url_for(endpoint, {}))
        home = reverse(endpoint.view.view_class.home_url_name, args=[world.a.pk])
        assert (answer.status, answer.location) == (302, home), endpoint.name


def test_bs_own_officer_does_see_bs_records_where_the_matrix_looks(world, db):
    """The list check can only fail if a leak shows: B's own officer finds B's marks in
    B's lists and exports of every service."""
    seen = defaultdict(set)
    for endpoint in workspace_endpoints():
        if endpoint.arguments == ("municipality_id",):
            person = OFFICER_OF_B.get(service_of(endpoint), "officer_b")
            client = _client(world.users[person])
            answer = ask(client, "get", url_for(endpoint, {"municipality_id": world.b.pk}))
            seen[service_of(endpoint)] |= traces_of_b(world, answer)

    assert all(seen[service] for service in SERVICES), dict(seen)


# -- the mistake the matrix is there for


def _global_permission(user, permission):
    """What a view asking ``user.has_perm`` would reach: every municipality, wherever
    the role that grants the permission is held."""
    if user.is_authenticated and user.is_active and user.has_perm(permission):
        return Municipality.objects.all()
    return Municipality.objects.none()


@pytest.fixture
def global_permission(monkeypatch):
    """The access rule swapped for the global permission, in every module that uses it."""
    rule = access.officer_municipalities
    for module in list(sys.modules.values()):
        if getattr(module, "officer_municipalities", None) is rule:
            monkeypatch.setattr(module, "officer_municipalities", _global_permission)


def test_the_matrix_fails_where_a_view_asks_the_global_permission(world, global_permission, db):
    caught = set()
    for person in PEOPLE:
        caught |= {name for name, *_rest in not_404_naming_b(world, person, only_all_b=True)}
    officer_views = {
        endpoint.name
        for endpoint in workspace_endpoints()
        if is_municipal(endpoint) and names_a_permission(endpoint)
    }

    assert officer_views - caught == set()
    assert {name.split("_admin:")[0] for name in caught} >= SERVICES


@pytest.mark.parametrize("person", PEOPLE)
def test_an_editor_of_b_reads_bs_search_report_and_only_that(world, person, db):
    client = _client(world.users[person])
    b_report = reverse("search_admin:report", args=[world.b.pk])
    a_report = reverse("search_admin:report", args=[world.a.pk])

    assert client.get(b_report, HTTP_HOST=HOST).status_code == 200
    # Editing B's website gives nothing of A's website's report to whoever works for A
    # only as an officer or a site admin of A: the report is the website's editors'.
    expected_a = 200 if person.startswith("site_admin_a") else 404
    assert client.get(a_report, HTTP_HOST=HOST).status_code == expected_a
