"""The tenant boundary over the tax certificates' URL patterns only (the officer's queue,
one certificate, the card's "issue now", the public check page): the same walk as
test_every_url.py, for every single role of A and with B's own tax officer as the
reference, so a change to these screens is proved in seconds rather than in the whole
walk's half hour."""

import pytest

from .test_every_url import (  # noqa: F401  (the module's world and its media)
    MIXED,
    SINGLE_ROLES,
    VISIBLE_WITH_ROLE_IN_B,
    _client,
    _problems,
    fingerprint,
    media_root,
    request,
    requests_for,
    world,
    world_media,
)

NAMES = {
    "tax_admin:certificates",
    "tax_admin:certificate",
    "tax_admin:certificate_issue",
    "journey:certificate_check",
}


def _walk(world, person, objects, *, foreign, may_see=frozenset(), methods=("get", "post")):  # noqa: F811, E501
    client = _client(world.users[person])
    baseline = fingerprint(world)
    failures, count = [], 0
    for name, method, url, query, label in requests_for(world, objects, foreign=foreign):
        if name not in NAMES or method not in methods:
            continue
        count += 1
        outcome = request(client, method, url, world, baseline, query)
        problems = _problems(outcome, name, may_see)
        if problems:
            failures.append(f"{label}: {', '.join(problems)}")
    assert count >= 3
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("person", SINGLE_ROLES)
def test_nobody_of_a_sees_or_changes_bs_certificates(world, person, db):  # noqa: F811
    _walk(world, person, world.b_objects, foreign=True)


def test_a_tax_officer_of_a_works_on_as_own_certificates(world, db):  # noqa: F811
    """A's own screens (read only: issuing A's certificate is A's own change) show
    nothing of B."""
    _walk(world, "tax_officer_a", world.a_objects, foreign=False, methods=("get",))
