"""How the register keeps its history.

An identity (a trader, a trading registration, a place, a shop, a site) is one row that
never changes once written. What can change lives in *versions*: a version holds from
``valid_from`` (inclusive) to ``valid_to`` (exclusive; empty while it holds) and names the
notification that caused it. A change writes a new version and only closes the one it
supersedes, by setting its empty ``valid_to`` once; closure is a last version whose status
is "closed". Nothing is deleted, so the register's state on any day and each entry's
history of changes and closures can always be read back."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sites.history import ClosedOnlyModel, HistoryError, IdentityModel  # noqa: F401  (HistoryError: re-exported)
from sites.tenancy import TenantOwnedModel

from ..constants import NotificationKind, Status


class Notification(IdentityModel):
    """What made the register change: a trader's notification (bejelentés) on the day it
    arrived, or an officer's decision (a licence, a prohibition). Every version names one."""

    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    received_on = models.DateField(_("received on"))
    effective_on = models.DateField(_("effective from"))
    # The registry number or the portal application's reference, once the forms and the
    # registry are wired to the register (next step); free text until then.
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    # The officer's check (the notification is registered on receipt, then checked): set
    # once, never changed, so the check is part of the register's history.
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    check_note = models.CharField(_("check note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("register notification")
        verbose_name_plural = _("register notifications")
        ordering = ["received_on", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.received_on})"

    CHECK_FIELDS = ("checked_at", "checked_by", "check_note")

    def save(self, *args, **kwargs):
        # Written once like every identity of the register; the one later write is the
        # officer's check, which only fills the empty check fields (see desk.check).
        if not self._state.adding and kwargs.get("update_fields") is not None:
            fields = set(kwargs["update_fields"])
            stored = type(self)._base_manager.get(pk=self.pk)
            if fields <= {"checked_at", "checked_by", "check_note"} and stored.checked_at is None:
                return models.Model.save(self, *args, **kwargs)
        return super().save(*args, **kwargs)


class VersionModel(ClosedOnlyModel, TenantOwnedModel):
    """One version of an entry: written once, later only closed (``valid_to`` set once)."""

    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("The first day on which it no longer holds; empty while it holds."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    notification = models.ForeignKey(
        Notification,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("register notification"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["valid_from", "pk"]


def version_constraints(prefix, entry_field):
    """A version does not end before it starts (a version superseded on the day it began
    ends that day and holds on no day, but stays in the history), and an entry has one
    open version at a time."""
    return [
        models.CheckConstraint(
            condition=models.Q(valid_to__isnull=True)
            | models.Q(valid_to__gte=models.F("valid_from")),
            name=f"{prefix}_valid_to_not_before_from",
        ),
        models.UniqueConstraint(
            fields=[entry_field],
            condition=models.Q(valid_to__isnull=True),
            name=f"{prefix}_one_open_version",
        ),
    ]


class Address(models.Model):
    """A Hungarian address, as the register and the public page show it."""

    postal_code = models.CharField(_("postal code"), max_length=4, blank=True)
    settlement = models.CharField(_("settlement"), max_length=100, blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def address(self):
        if not (self.settlement or self.street):
            return ""
        return f"{self.postal_code} {self.settlement}, {self.street}".strip()
