"""The helpdesk's façade: what views, the fleet console and the demo call.

Behind it: ``tickets`` (a ticket's life, the SLA clock's moves, who sees what) and
``knowledge`` (the knowledge base, canned answers, the load figures)."""

from ..sla import state as sla_state
from .knowledge import article, canned_answers, helpdesk_load, search_articles
from .tickets import (
    ANSWER_STATUSES,
    MAX_SCREENSHOTS,
    HelpdeskError,
    answer,
    events_of,
    is_operator,
    messages_of,
    open_ticket,
    queue,
    screenshot_of,
    screenshots_of,
    set_priority,
    staff_municipalities,
    staff_reply,
    take,
    ticket_link,
    tickets_of,
)

__all__ = [
    "ANSWER_STATUSES",
    "MAX_SCREENSHOTS",
    "HelpdeskError",
    "answer",
    "article",
    "events_of",
    "messages_of",
    "screenshots_of",
    "canned_answers",
    "helpdesk_load",
    "is_operator",
    "open_ticket",
    "queue",
    "screenshot_of",
    "search_articles",
    "set_priority",
    "sla_state",
    "staff_municipalities",
    "staff_reply",
    "take",
    "ticket_link",
    "tickets_of",
]
