"""The registry book (iktatókönyv): one per municipality, year and prefix."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sites.tenancy import TenantOwnedModel

validate_prefix = RegexValidator(
    r"^[A-ZÁÉÍÓÖŐÚÜŰ0-9][A-ZÁÉÍÓÖŐÚÜŰ0-9.-]{0,9}$",
    _("Use at most 10 capital letters, digits, dots or hyphens, e.g. EGR."),
)


class RegistrySettings(TenantOwnedModel):
    """A municipality's registry settings: the office prefix printed before the numbers."""

    prefix = models.CharField(
        _("registry number prefix"),
        max_length=10,
        blank=True,
        validators=[validate_prefix],
        help_text=_(
            "Printed before the number, e.g. EGR/123-2/2026. A new prefix starts a new "
            "registry book."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("registry settings")
        verbose_name_plural = _("registry settings")
        constraints = [
            models.UniqueConstraint(fields=["municipality"], name="one_registry_settings")
        ]

    def __str__(self):
        return self.prefix or "—"


class RegistryBook(TenantOwnedModel):
    """Holds the last main number given out in one book.

    Registering takes the next number with one UPDATE of this row, as the last step of the
    transaction that creates the case (services/registration.py), so numbers are gapless
    (a rollback gives the number back) and concurrent registrations in one book queue on
    this row only for their last inserts and commit, while other books are not blocked."""

    year = models.PositiveSmallIntegerField(_("year"))
    prefix = models.CharField(_("prefix"), max_length=10, blank=True)
    last_main_number = models.PositiveIntegerField(_("last main number"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("registry book")
        verbose_name_plural = _("registry books")
        ordering = ["-year", "prefix"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "prefix"], name="one_registry_book_per_year"
            )
        ]

    def __str__(self):
        return f"{self.prefix + '/' if self.prefix else ''}{self.year}"
