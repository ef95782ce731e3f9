"""Tickets of municipal staff to the provider, their messages, screenshots and history;
the provider's canned answers and knowledge base (the provider's own, no municipality's)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sites.filetypes import extension_of
from sites.normalise import fold
from sites.storage import get_private_storage
from sites.tenancy import TenantOwnedModel

from .constants import Category, EventKind, Priority, Status


class Ticket(TenantOwnedModel):
    subject = models.CharField(_("subject"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    description = models.TextField(_("description"), max_length=10000)
    # The admin page the person was on when they opened the ticket (its path, from the
    # Referer of the "report a problem" link), so the operator sees where it happened.
    page_url = models.CharField(_("page"), max_length=500, blank=True)
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("opened by"),
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    created_at = models.DateTimeField(_("opened at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    first_answer_at = models.DateTimeField(_("first answered at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    # The SLA clock (services/helpdesk/sla.py): working seconds used before ``clock_since``,
    # and since when it runs again (empty while paused or stopped).
    sla_used_seconds = models.PositiveIntegerField(_("SLA time used (s)"), default=0)
    clock_since = models.DateTimeField(_("SLA clock running since"), null=True, blank=True)

    class Meta:
        verbose_name = _("helpdesk ticket")
        verbose_name_plural = _("helpdesk tickets")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "priority"], name="helpdesk_queue_idx")]

    def __str__(self):
        return f"#{self.pk} {self.subject}"


class TicketMessage(TenantOwnedModel):
    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="messages", verbose_name=_("ticket")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    from_provider = models.BooleanField(_("from the provider"), default=False)
    body = models.TextField(_("message"), max_length=10000)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("ticket message")
        verbose_name_plural = _("ticket messages")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"#{self.ticket_id}: {self.body[:40]}"


def screenshot_path(instance, filename):
    # A random name: the person's file name is kept in the row, never in the storage path.
    return f"helpdesk/{instance.municipality_id}/{uuid.uuid4().hex}.{extension_of(filename)}"


class Screenshot(TenantOwnedModel):
    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="screenshots", verbose_name=_("ticket")
    )
    file = models.FileField(_("file"), storage=get_private_storage, upload_to=screenshot_path)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("screenshot")
        verbose_name_plural = _("screenshots")
        ordering = ["pk"]

    def __str__(self):
        return self.original_name


class TicketEvent(TenantOwnedModel):
    """The ticket's history: every change, who made it and when (append-only)."""

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="events", verbose_name=_("ticket")
    )
    kind = models.CharField(_("event"), max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    detail = models.CharField(_("detail"), max_length=255, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("ticket event")
        verbose_name_plural = _("ticket events")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"#{self.ticket_id} {self.kind}"


class CannedAnswer(models.Model):
    """A reply the operators send often; the operator edits it before sending."""

    title = models.CharField(_("title"), max_length=150)
    body = models.TextField(_("text"))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, blank=True)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("canned answer")
        verbose_name_plural = _("canned answers")
        ordering = ["title"]

    def __str__(self):
        return self.title


class Article(models.Model):
    """A knowledge-base article of the admin's help menu, for every municipality's staff."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(_("text"), help_text=_("Paragraphs separated by an empty line."))
    published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Title, summary and text folded (sites.normalise.fold): "hatarido" finds "határidő".
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        verbose_name = _("knowledge-base article")
        verbose_name_plural = _("knowledge-base articles")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = fold(" ".join([self.title, self.summary, self.body]))
        super().save(*args, **kwargs)
