"""The tenant boundary, proved over every URL pattern of the project.

For each person of municipality A (each staff role, a citizen) and for people with roles in
both A and B, every pattern of the URLconf is filled with the ids of B's objects of the
right kind (tests/isolation/urls.py) and requested, GET and POST. A request fails the test
when its answer, its messages or its headers name a private object of B (every such object
carries a ``zqxb…`` marker, tests/isolation/world.py), when it changed any record of B, or
when it answered with a server error.

A person with roles in both municipalities may of course do in B what their role in B
allows: their answers are compared with those of a person who holds only that role in B,
and they fail only where they see or change more.

The same patterns filled with A's own objects are requested too: a person's own screens
must neither fail nor offer B's objects (a chooser, a filter, a list).
"""

import copy

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from .records import fingerprint, write_counts
from .urls import endpoints, fillings, url_for, value_of
from .world import HOST_B, build_world, markers_in, without_public_data

SINGLE_ROLES = [
    "editor_a",
    "moderator_a",
    "site_admin_a",
    "officer_a",
    "tax_officer_a",
    "trade_officer_a",
    "citizen_a",
]
# person with two roles -> the person with only their role in B, to compare with
MIXED = {
    "officer_a+editor_b": "editor_b",
    "site_admin_a+officer_b": "officer_b",
    "moderator_a+editor_b": "editor_b",
    "officer_a+site_admin_b": "site_admin_b",
}
# What a person may see of B with their role in B: the website's content and media for
# the roles that edit it, the registry, forms and payments for officers, and colleagues'
# names for everybody who works there.
WEBSITE = {
    # The site's query log report (search.admin_views): its editors and admins see it.
    "zqxbkereses",
    "zqxbkeresesnincs",
    # The site's page feedback report and its unpublished publication list (services.feedback,
    # services.publication): its editors and admins see them.
    "zqxbvisszajelzes",
    "zqxbkozzetetel",
    "zqxbdraftpage",
    "zqxbrevision",
    "zqxbprivatepage",
    "zqxbnewsdraft",
    "zqxbtag",
    "zqxbimage",
    "zqxbdocument",
    "zqxbcollection",
    "zqxbworkflow",
    "zqxbtask",
}
COLLEAGUES = {
    "zqxbgroup",
    "zqxbinvitee",
    "zqxbstaff",
    "zqxbeditor",
    "zqxbmoderator",
    "zqxbsiteadmin",
    "zqxbofficer",
    "zqxbtaxofficer",
    "zqxbtradeofficer",
}
# The tax office's records: tax secrets, for B's tax officers only.
TAX_OFFICE = {"zqxbadozo", "zqxbrendelet", "zqxbcegadozo", "zqxbadoigazolas"}
# B's returns and declarations (a declared address, an accommodation, their operator).
TAX_OFFICE |= {"zqxbbevallas", "zqxbbevallasszallas"}
OFFICE = {
    # Officers attach documents to what they publish: they use the media collection.
    "zqxbdocument",
    "zqxbcollection",
    "zqxbform",
    "zqxbnotice",
    # a legal change's history and plain-language notice (issue #22)
    "zqxbevent",
    "zqxbstatement",
    "zqxbdecide",
    "zqxbsubmission",
    "zqxbbejelento",
    "zqxbcase",
    "zqxbugyfel",
    "zqxbregistrydocument",
    "zqxbfile",
    "zqxbdecision",
    "zqxbcitizen",
    "zqxbpolgar",
    "zqxbkerelmezo",
    "zqxbattachment",
    # The customer service's bookings (booker's name and address) and blocked time.
    "zqxbidopont",
    "zqxbzarolas",
}
# B's helpdesk tickets (services.helpdesk): every member of B's staff follows them.
HELPDESK = {"zqxbhibajegy", "zqxbhibaleiras", "zqxbvalasz", "zqxbkep"}
# The provider's legal-change notice to B (portal.fleet): B's officers and site admins.
LEGAL_NOTICES = {"zqxbjogszabaly"}
# B's API applications (portal.api): its site admins manage them.
API_APPS = {"zqxbapi"}
VISIBLE_WITH_ROLE_IN_B = {
    "editor_b": WEBSITE | COLLEAGUES | HELPDESK,
    "moderator_b": WEBSITE | COLLEAGUES | HELPDESK,
    "site_admin_b": WEBSITE | COLLEAGUES | HELPDESK | LEGAL_NOTICES | API_APPS,
    "officer_b": OFFICE | COLLEAGUES | HELPDESK | LEGAL_NOTICES,
    "tax_officer_b": TAX_OFFICE | COLLEAGUES | HELPDESK,
}
# Where anybody may create records of their own in B: starting a draft of B's published
# form, sending it, paying for it. The change is the person's own, not B's.
# Views that write the person's own record in B: a draft, a payment, and the read receipt of
# a provider's notice that a person with a role in B opens (their receipt, in each of their
# municipalities that received it).
OWN_RECORDS_IN_B = {"journey:start", "forms:detail", "payments:pay", "fleet_admin:read"}
POST_DATA = {
    "title": "Feltörve",
    "slug": "feltorve",
    "name": "Feltörve",
    "role": "site_admin",
    "reason": "Feltörés",
    "amount": "1",
    "comment": "Feltörve",
    "action-publish": "action-publish",
    "next": "/",
}


@pytest.fixture(scope="module")
def world_media(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture
def media_root(settings, world_media):
    # The world's files are written once for the module: every test reads them from there.
    settings.MEDIA_ROOT = world_media
    return world_media


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, world_media):
    """Built once for the module, inside a transaction that is rolled back at its end; each
    test's own transaction (and every request's) is a savepoint within it."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=world_media):
        with transaction.atomic():
            built = build_world()
            yield built
            transaction.set_rollback(True)


# -- one request, and what it gave away


def _answer_text(response):
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    headers = " ".join(f"{k}: {v}" for k, v in response.items()).encode()
    queued = getattr(getattr(response.wsgi_request, "_messages", None), "_queued_messages", [])
    messages = " ".join(str(m) for m in queued).encode()
    return body + b" " + headers + b" " + messages


class Outcome:
    def __init__(self, status, markers, changed):
        self.status, self.markers, self.changed = status, markers, changed


def request(client, method, url, world, baseline, query):
    """One request in a savepoint that is rolled back, the client's cookies put back after
    it: a logout or a language switch among the patterns must not change who asks next."""
    cookies = copy.deepcopy(client.cookies)
    before = write_counts()
    with transaction.atomic():
        if method == "get":
            response = client.get(url, query, HTTP_HOST=HOST_B)
        else:
            response = client.post(f"{url}?{_encode(query)}", POST_DATA, HTTP_HOST=HOST_B)
        # Open data shows B's public register and adopted decree to anyone (world.py).
        markers = markers_in(without_public_data(url, _answer_text(response)))
        changed = False
        if write_counts() != before:
            changed = fingerprint(world) != baseline
        transaction.set_rollback(True)
    client.cookies = cookies
    return Outcome(response.status_code, markers, changed)


def _encode(query):
    from urllib.parse import urlencode

    return urlencode(query, doseq=True)


def _ids_of(endpoint, objects):
    """The "id" list bulk actions and choosers read from the query string."""
    name = endpoint.route
    if "image" in name:
        ids = [objects["image"].pk]
    elif "document" in name:
        ids = [objects["document"].pk]
    elif "user" in name or endpoint.model_name == "user":
        ids = [objects["user"].pk]
    else:
        ids = [objects["page"].pk, objects["private_page"].pk]
    return {"id": [*ids, 1], "q": "titkos", "p": "1"}


def requests_for(world, objects, *, foreign):
    """(method, url, query, label) for every pattern, filled with B's objects (foreign) or
    the person's own municipality's."""
    own = world.a_objects
    for endpoint in endpoints():
        methods = ["get", "post"] if endpoint.accepts_post() else ["get"]
        if endpoint.name == "wagtail_serve":
            variants = [({0: objects["private_page"].url_path.split("/", 2)[-1]}, True)]
        else:
            variants = fillings(
                endpoint,
                objects if foreign else own,
                own,
                lambda kind, objs: _value(kind, objs),
            )
        for values, names_b in _skip_missing(variants):
            if foreign and not names_b and endpoint.arguments:
                continue
            if endpoint.name == "wagtail_serve":
                url = "/" + values[0]
            else:
                url = url_for(endpoint, values)
            query = _ids_of(endpoint, objects)
            for method in methods:
                yield endpoint.name, method, url, query, f"{method.upper()} {url} ({endpoint.name})"
            if not endpoint.arguments:
                # A listing, also unfiltered: a search for B's word may hide what a plain
                # list shows.
                yield endpoint.name, "get", url, {}, f"GET {url} ({endpoint.name}, unfiltered)"


class _Missing(Exception):
    pass


def _value(kind, objects):
    try:
        return value_of(kind, objects)
    except KeyError as error:
        raise _Missing(kind) from error


def _skip_missing(variants):
    iterator = iter(variants)
    while True:
        try:
            yield next(iterator)
        except StopIteration:
            return
        except _Missing:
            continue


def _client(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _problems(outcome, name, may_see=frozenset(), may_change=None):
    problems = []
    if outcome.status >= 500:
        problems.append(f"answered {outcome.status}")
    shown = {_known(marker.decode()) for marker in outcome.markers} - may_see
    if shown:
        problems.append(f"showed {sorted(shown)}")
    if outcome.changed and name not in OWN_RECORDS_IN_B and not (may_change and may_change()):
        problems.append("changed B's records")
    return problems


KNOWN_MARKERS = sorted(
    WEBSITE | COLLEAGUES | OFFICE | TAX_OFFICE | HELPDESK | LEGAL_NOTICES | API_APPS,
    key=len,
    reverse=True,
)


def _known(marker):
    """The world's marker a word starts with ("zqxbdraftpagem…" of a copy's slug is the
    draft page's)."""
    return next((known for known in KNOWN_MARKERS if marker.startswith(known)), marker)


def _walk(world, person, objects, *, foreign, may_see=frozenset(), reference=None):
    client = _client(world.users[person])
    baseline = fingerprint(world)
    failures, count = [], 0
    for name, method, url, query, label in requests_for(world, objects, foreign=foreign):
        count += 1
        outcome = request(client, method, url, world, baseline, query)

        def reference_changed(method=method, url=url, query=query):
            return request(reference, method, url, world, baseline, query).changed

        problems = _problems(outcome, name, may_see, reference_changed if reference else None)
        if problems:
            failures.append(f"{label}: {', '.join(problems)}")
    assert count > 300
    assert not failures, f"{len(failures)} of {count} requests:\n" + "\n".join(failures)


@pytest.mark.parametrize("person", SINGLE_ROLES)
def test_nobody_of_a_sees_or_changes_anything_of_b(world, person, db):
    _walk(world, person, world.b_objects, foreign=True)


@pytest.mark.parametrize("person", ["editor_a", "site_admin_a", "officer_a"])
def test_own_screens_neither_fail_nor_offer_b(world, person, db):
    _walk(world, person, world.a_objects, foreign=False)


@pytest.mark.parametrize("person", list(MIXED))
def test_two_roles_act_in_b_only_with_bs_role(world, person, db):
    """What they see of B is what their role in B shows; what they change in B, a person
    with only that role in B could change too."""
    role_in_b = MIXED[person]
    _walk(
        world,
        person,
        world.b_objects,
        foreign=True,
        may_see=VISIBLE_WITH_ROLE_IN_B[role_in_b],
        reference=_client(world.users[role_in_b]),
    )


def test_the_markers_are_seen_where_b_may_see_them(world, db):
    """The test above can only fail if a leak shows: B's own editor and officer do see the
    marked objects on their own screens."""
    editor = _client(world.users["editor_b"])
    officer = _client(world.users["officer_b"])
    b = world.b_objects
    seen = set()
    for client, url in (
        (editor, reverse("wagtailadmin_pages:edit", args=[b["page"].pk])),
        (editor, reverse("wagtailimages:edit", args=[b["image"].pk])),
        (officer, reverse("documents_admin:case", args=[world.b.pk, b["case"].pk])),
    ):
        response = client.get(url, HTTP_HOST=HOST_B)
        seen |= markers_in(_answer_text(response))
    assert {b"zqxbdraftpage", b"zqxbimage", b"zqxbcase"} <= seen


def test_b_s_staff_see_their_helpdesk_ticket_and_notice(world, db):
    """The helpdesk's and the notices' markers are there to be leaked: B's own people see
    them on their own screens (so the walks above could catch a leak)."""
    b = world.b_objects
    editor = _client(world.users["editor_b"])
    site_admin = _client(world.users["site_admin_b"])
    ticket = editor.get(reverse("helpdesk_admin:ticket", args=[b["helpdesk_ticket"].pk]))
    shot = editor.get(
        reverse(
            "helpdesk_admin:screenshot",
            args=[b["helpdesk_ticket"].pk, b["helpdesk_screenshot"].pk],
        )
    )
    notice = site_admin.get(reverse("fleet_admin:read", args=[b["legal_notice"].pk]))
    seen = markers_in(_answer_text(ticket)) | markers_in(_answer_text(notice))
    assert {b"zqxbhibajegy", b"zqxbhibaleiras", b"zqxbvalasz", b"zqxbjogszabaly"} <= seen
    assert b"zqxbkep" in shot["Content-Disposition"].encode()


# ---------------------------------------------------------------- data export (issue #20/5)
# B's site admin downloads B's export (portal/dataexport): its file says "zqxbexport".
VISIBLE_WITH_ROLE_IN_B["site_admin_b"] = VISIBLE_WITH_ROLE_IN_B["site_admin_b"] | {"zqxbexport"}
