from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    WEBSITE = "website", _("Website and pages")
    FORMS = "forms", _("Online forms")
    REGISTRY = "registry", _("Registry and cases")
    TAX = "tax", _("Local taxes")
    TRADE = "trade", _("Trade and industry")
    PAYMENTS = "payments", _("Payments")
    ACCOUNTS = "accounts", _("Logins and staff")
    OTHER = "other", _("Other")


class Priority(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    HIGH = "high", _("High")
    NORMAL = "normal", _("Normal")
    LOW = "low", _("Low")


# The queue's order: the most pressing first.
PRIORITY_ORDER = [Priority.URGENT, Priority.HIGH, Priority.NORMAL, Priority.LOW]


class Status(models.TextChoices):
    NEW = "new", _("New")
    OPEN = "open", _("In progress")
    # The operator asked the municipality something: the SLA clock stops until they answer.
    WAITING = "waiting", _("Waiting for the municipality")
    RESOLVED = "resolved", _("Resolved")


# While the ticket is with the provider its SLA clock runs.
CLOCK_RUNS = {Status.NEW, Status.OPEN}


class EventKind(models.TextChoices):
    OPENED = "opened", _("Ticket opened")
    STAFF_MESSAGE = "staff_message", _("The municipality wrote")
    ANSWER = "answer", _("The provider answered")
    STATUS = "status", _("Status changed")
    PRIORITY = "priority", _("Priority changed")
    ASSIGNED = "assigned", _("Assigned")
    SCREENSHOT = "screenshot", _("Screenshot attached")
