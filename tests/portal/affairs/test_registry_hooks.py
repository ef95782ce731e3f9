"""The registry's additions for the portal: client-visible changes are announced after
commit only, and a listener that fails never fails the officer's work."""

import pytest
from django.db import transaction

from services.documents import services as registry
from services.documents.constants import AuditAction, CaseStatus
from services.documents.events import case_listeners

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    events = []
    case_listeners.register("test_listener", events.append)
    yield events
    case_listeners.unregister("test_listener")


def test_client_visible_changes_are_announced_after_commit_and_views_are_not(
    run_on_commit, case_a, officer_a, heard
):
    run_on_commit(registry.assign, case_a, officer_a, user=officer_a)
    run_on_commit(registry.set_restricted, case_a, True, user=officer_a)
    run_on_commit(registry.start, case_a, user=officer_a)
    assert [event.action for event in heard] == [AuditAction.ASSIGN, AuditAction.START]
    assert {event.case_id for event in heard} == {case_a.pk}


def test_a_rolled_back_change_is_never_announced(
    django_capture_on_commit_callbacks, case_a, officer_a, heard
):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            registry.assign(case_a, officer_a, user=officer_a)
            raise RuntimeError("the officer's request failed later")
    assert heard == []


def test_a_failing_listener_is_logged_and_the_change_stands(
    run_on_commit, case_a, officer_a, caplog
):
    def broken(event):
        raise ConnectionError("the mail server is down")

    case_listeners.register("broken_listener", broken)
    try:
        run_on_commit(registry.assign, case_a, officer_a, user=officer_a)
    finally:
        case_listeners.unregister("broken_listener")
    case_a.refresh_from_db()
    assert case_a.status == CaseStatus.ASSIGNED
    assert "broken_listener failed" in caplog.text
