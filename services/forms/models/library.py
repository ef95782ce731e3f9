"""The provider's central template library: templates and their immutable versions."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from ..constants import Category, DeadlinePolicy

validate_form_code = RegexValidator(
    r"^[A-Z]{2,6}-\d{3}$",
    _("A form code is 2–6 capital letters, a hyphen and 3 digits, e.g. ADO-001."),
)


class ImmutableVersionError(RuntimeError):
    """A published version, or a published revision, was about to be changed."""


class FormTemplate(index.Indexed, models.Model):
    """A central form template; its citizens-facing content lives in its versions.

    ``draft_definition`` is the provider's working copy: publishing it makes a new
    :class:`TemplateVersion`, and only versions are ever served. Indexed for the portal's
    search (``services.forms.searchable``) with a folded copy of its text."""

    code = models.CharField(
        _("form code"),
        max_length=12,
        unique=True,
        validators=[validate_form_code],
        help_text=_("Stable code shown to citizens and officers, e.g. ADO-001."),
    )
    title = models.CharField(_("title"), max_length=255)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    description = models.TextField(_("description"), blank=True)
    draft_definition = models.JSONField(_("draft definition"), default=dict, blank=True)
    current_version = models.ForeignKey(
        "TemplateVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current version"),
    )
    is_active = models.BooleanField(_("offered to municipalities"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("searchable_text"),
        index.SearchField("folded_search_text"),
        index.AutocompleteField("folded_search_text"),
        index.FilterField("is_active"),
        index.FilterField("current_version"),
        index.FilterField("category"),
        index.FilterField("code"),
    ]

    class Meta:
        verbose_name = _("form template")
        verbose_name_plural = _("form templates")
        ordering = ["category", "code"]

    def __str__(self):
        return f"{self.code} {self.title}"

    def searchable_text(self):
        from ..searchable import template_text

        return template_text(self)

    def folded_search_text(self):
        from sites.normalise import fold_for_index

        return fold_for_index(self.searchable_text())


class TemplateVersion(models.Model):
    """One publication of a template. Never changes once saved."""

    template = models.ForeignKey(
        FormTemplate,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("template"),
    )
    number = models.PositiveIntegerField(_("version"))
    definition = models.JSONField(_("definition"))
    change_note = models.TextField(_("change note"))
    legal_reference = models.CharField(_("legal reference"), max_length=255, blank=True)
    changes = models.JSONField(_("changes"), default=list, blank=True)
    live_by = models.DateField(
        _("must be live by"),
        null=True,
        blank=True,
        help_text=_("Municipalities still serving an older version after this date are listed."),
    )
    drafts_cutoff = models.DateTimeField(
        _("hard cut-off for drafts"),
        null=True,
        blank=True,
        help_text=_("Drafts started on an earlier version cannot be submitted after this."),
    )
    # Until then the version is staged: officers preview it and resolve conflicts; at the
    # moment every municipality without an open conflict switches (services.updates).
    effective_from = models.DateTimeField(
        _("in force from"),
        null=True,
        blank=True,
        help_text=_("Empty: in force when published."),
    )
    deadline_policy = models.CharField(
        _("when the deadline passes"),
        max_length=10,
        choices=DeadlinePolicy.choices,
        default=DeadlinePolicy.SWITCH,
    )
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        verbose_name = _("template version")
        verbose_name_plural = _("template versions")
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="unique_template_version")
        ]

    def __str__(self):
        return f"{self.template.code} v{self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableVersionError(f"{self} is published and cannot change.")
        super().save(*args, **kwargs)

    def in_force(self, now=None):
        return self.effective_from is None or self.effective_from <= (now or timezone.now())

    def delete(self, *args, **kwargs):
        raise ImmutableVersionError(f"{self} is published and cannot be deleted.")
