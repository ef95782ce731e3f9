"""A municipality's forms: the customisation (an overlay, or a local copy), its published
revisions, and the notices of legal updates it received."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sites.tenancy import TenantOwnedModel

from ..constants import Category, FormEventKind, FormKind, FormStatus, UpdateOutcome
from .library import ImmutableVersionError


class FormCustomisation(TenantOwnedModel):
    """One form of one municipality.

    For an adopted template, ``overlay`` holds only the municipality's changes, written
    against ``base_version``; the form served is ``live_revision``. A local form
    (``kind=local``) keeps its own full ``local_definition`` and follows no template."""

    kind = models.CharField(
        _("kind"), max_length=10, choices=FormKind.choices, default=FormKind.OVERLAY
    )
    template = models.ForeignKey(
        "FormTemplate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("template"),
    )
    code = models.CharField(_("form code"), max_length=20)
    title = models.CharField(_("title"), max_length=255)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    base_version = models.ForeignKey(
        "TemplateVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("template version of the draft"),
    )
    copied_from = models.ForeignKey(
        "TemplateVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("copied from"),
    )
    overlay = models.JSONField(_("customisation"), default=dict, blank=True)
    local_definition = models.JSONField(_("definition"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=FormStatus.choices, default=FormStatus.DRAFT
    )
    live_revision = models.ForeignKey(
        "FormRevision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published revision"),
    )
    conflict_version = models.ForeignKey(
        "TemplateVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("version waiting for a decision"),
    )
    conflicts = models.JSONField(_("conflicts"), default=list, blank=True)
    # The published overlay as the officer settled it for ``conflict_version`` before that
    # version came into force (resolved in advance); used at the switch.
    prepared_overlay = models.JSONField(_("prepared customisation"), null=True, blank=True)
    # Shown to citizens where a form was withdrawn because a legal deadline passed.
    withdrawn_notice = models.TextField(_("notice to citizens"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("municipal form")
        verbose_name_plural = _("municipal forms")
        ordering = ["category", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code"], name="unique_form_code_per_municipality"
            ),
            models.UniqueConstraint(
                fields=["municipality", "template"],
                condition=models.Q(kind="overlay"),
                name="one_customisation_per_template",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def is_local(self):
        return self.kind == FormKind.LOCAL

    @property
    def is_published(self):
        return self.status == FormStatus.PUBLISHED and self.live_revision_id is not None

    @property
    def has_conflicts(self):
        return bool(self.conflicts)


class FormRevision(TenantOwnedModel):
    """What citizens were served, frozen: the template version, the overlay, and the
    definition resolved from them. Submissions point here, so a form can be shown years
    later exactly as it was filled in."""

    customisation = models.ForeignKey(
        FormCustomisation,
        on_delete=models.CASCADE,
        related_name="revisions",
        verbose_name=_("form"),
    )
    number = models.PositiveIntegerField(_("revision"))
    template_version = models.ForeignKey(
        "TemplateVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("template version"),
    )
    overlay = models.JSONField(_("customisation"), default=dict, blank=True)
    definition = models.JSONField(_("definition"))
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("form revision")
        verbose_name_plural = _("form revisions")
        ordering = ["customisation", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["customisation", "number"], name="unique_form_revision")
        ]

    def __str__(self):
        return f"{self.customisation.code} r{self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableVersionError(f"{self} was published and cannot change.")
        super().save(*args, **kwargs)


class FormNotification(TenantOwnedModel):
    """A legal update as one municipality received it: what changed, and what became of
    its form."""

    customisation = models.ForeignKey(
        FormCustomisation,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("form"),
    )
    template_version = models.ForeignKey(
        "TemplateVersion",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("template version"),
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=UpdateOutcome.choices)
    changes = models.JSONField(_("changes"), default=list)
    conflicts = models.JSONField(_("conflicts"), default=list)
    # In plain words: what the law changed, and which of the municipality's overrides it
    # overruled (services.forms.legal).
    statements = models.JSONField(_("statements"), default=list, blank=True)
    # Non-statutory parts the municipality customised that the provider changed: keep or
    # take, each with its "decided" mark.
    decisions = models.JSONField(_("to decide"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("form update notice")
        verbose_name_plural = _("form update notices")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.customisation.code}: {self.template_version}"


class FormEvent(TenantOwnedModel):
    """One step of a form's life under legal changes (staged, switched, held, resolved,
    deadline applied…), for the officer's history and the provider's fleet view."""

    customisation = models.ForeignKey(
        FormCustomisation,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("form"),
    )
    template_version = models.ForeignKey(
        "TemplateVersion",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("template version"),
    )
    kind = models.CharField(_("event"), max_length=20, choices=FormEventKind.choices)
    detail = models.JSONField(_("detail"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )

    class Meta:
        verbose_name = _("form event")
        verbose_name_plural = _("form events")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["template_version", "kind"], name="forms_event_version_kind")
        ]

    def __str__(self):
        return f"{self.customisation_id}: {self.kind}"
