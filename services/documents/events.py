"""Other apps hear of a case's client-visible changes here.

Every change of a case is written to the audit trail (auditing.record); the changes a
client would see — assigned, started, waiting for them, resumed, decided, closed — are
announced to the listeners of :data:`case_listeners` after the transaction commits, so a
listener never hears of a change that was rolled back. The citizen portal registers one
that e-mails the citizen::

    @case_listeners.register("portal_notifications")
    def case_changed(event):  # an AuditEvent; called once, after commit
        ...

A listener's failure is logged and never undoes the officer's work."""

import logging

from django.db import transaction

from sites.registry import Registry

from .constants import AuditAction

logger = logging.getLogger(__name__)

case_listeners = Registry("case listeners")

CLIENT_VISIBLE_ACTIONS = frozenset(
    {
        AuditAction.ASSIGN,
        AuditAction.START,
        AuditAction.REQUEST_INFO,
        AuditAction.RESUME,
        AuditAction.DECIDE,
        AuditAction.CLOSE,
    }
)


def announce(event):
    """Tell the listeners about one audit event, after commit, if a client would see it."""
    if event.action not in CLIENT_VISIBLE_ACTIONS or event.case_id is None:
        return
    if not case_listeners.names():
        return

    def call_listeners():
        for name, listener in case_listeners.items():
            try:
                listener(event)
            except Exception:  # a notice that fails must not fail the officer's work
                logger.exception("Case listener %s failed for %s", name, event.registry_number)

    transaction.on_commit(call_listeners)
