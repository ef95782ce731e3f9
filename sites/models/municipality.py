from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..constants import County, LegalStatus, StaffRole
from ..hungarian import HungarianOrder, fold
from ..validators import (
    normalise_giro_account,
    validate_giro_account,
    validate_ksh_code,
    validate_postal_code,
)


class MunicipalityQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def search(self, query):
        """Those whose name contains the query, accents and case aside ("erd" finds Érd,
        "godollo" Gödöllő), or whose postal code starts with it: what people type.

        The names are folded in Python: SQLite (``make run``) has no unaccent, and the
        names of every municipality are a few thousand short rows."""
        folded = fold(query)
        if not folded:
            return self
        ids = [pk for pk, name in self.values_list("pk", "name") if folded in fold(name)]
        return self.filter(Q(pk__in=ids) | Q(postal_code__startswith=query.strip()))

    def for_staff(self, user):
        """Municipalities the user works for (an active membership); all for operators."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self._with_membership(user)

    def for_staff_with_permission(self, user, permission):
        """Municipalities where the user holds a role that grants the model permission
        ("app_label.codename"); all for operators. The one access rule of sites.access:
        a permission held through a role in A gives nothing in B."""
        from ..access import officer_municipalities

        return officer_municipalities(user, permission)

    def administered_by(self, user):
        """Municipalities whose staff this user may manage: as site admin, or as operator."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self._with_membership(user, role=StaffRole.SITE_ADMIN)

    def _with_membership(self, user, **conditions):
        from .staff import StaffMembership

        # The user's own memberships, across the municipalities they work for.
        memberships = StaffMembership.objects.unscoped().filter(
            user=user, is_active=True, **conditions
        )
        return self.filter(pk__in=memberships.values("municipality_id"))


class Municipality(models.Model):
    """A local government (önkormányzat) hosted on the platform: the tenant."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"),
        max_length=63,  # one DNS label: the site is served at <slug>.<BASE_DOMAIN>
        unique=True,
        help_text=_("Used in the web address: <slug>.<base domain>."),
    )
    ksh_code = models.CharField(
        _("KSH settlement code"), max_length=5, unique=True, validators=[validate_ksh_code]
    )
    county = models.CharField(_("county"), max_length=40, choices=County.choices)
    legal_status = models.CharField(_("legal status"), max_length=20, choices=LegalStatus.choices)
    population = models.PositiveIntegerField(
        _("population"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    postal_code = models.CharField(
        _("postal code"), max_length=4, validators=[validate_postal_code]
    )
    address = models.CharField(_("office address"), max_length=255, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    tax_bank_account = models.CharField(
        _("bank account for local tax payments"),
        # Room for the account as typed (an IBAN with spaces: 34 characters); stored as
        # 2×8 or 3×8 digits with hyphens (clean()).
        max_length=40,
        blank=True,
        validators=[validate_giro_account],
        help_text=_("GIRO account number, 2×8 or 3×8 digits."),
    )
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("An inactive municipality's website and services are not served."),
    )
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)

    site = models.OneToOneField(
        "wagtailcore.Site",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="municipality",
        verbose_name=_("website"),
    )
    root_page = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("root page"),
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("media collection"),
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        # Hungarian alphabetical order: Érd before Felcsút, Cegléd before Csákvár.
        ordering = [HungarianOrder("name")]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.tax_bank_account:
            try:
                self.tax_bank_account = normalise_giro_account(self.tax_bank_account)
            except ValidationError:
                pass  # the field's validator gives the message, on the field

    @property
    def hostname(self):
        return self.site.hostname if self.site_id else ""

    @property
    def url(self):
        return self.site.root_url if self.site_id else ""
