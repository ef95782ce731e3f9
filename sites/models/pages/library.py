from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from .checked import ReferencesCheckedPageMixin
from .serving import ServingShortcutsMixin


class DocumentCategory(models.TextChoices):
    BUDGET = "koltsegvetes", _("Budget and accounts")
    PUBLIC_DATA = "kozerdeku", _("Public-interest data")
    PLANNING = "telepulesrendezes", _("Settlement planning")
    PROCUREMENT = "kozbeszerzes", _("Public procurement")
    CONTRACTS = "szerzodesek", _("Contracts")
    FORMS = "nyomtatvanyok", _("Forms and guides")
    OTHER = "egyeb", _("Other")


class DocumentLibraryPage(ReferencesCheckedPageMixin, ServingShortcutsMixin, Page):
    """Public document library, filterable by category and year."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("documents", heading=_("Documents"), label=_("Document")),
    ]
    parent_page_types = ["municipal.MunicipalHomePage", "municipal.StandardPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("document library")
        verbose_name_plural = _("document libraries")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        documents = self.documents.select_related("document").order_by("-year", "sort_order")
        category = request.GET.get("kategoria", "")
        year = request.GET.get("ev", "")
        if category in DocumentCategory.values:
            documents = documents.filter(category=category)
        else:
            category = ""
        if year.isdigit() and len(year) == 4:
            documents = documents.filter(year=int(year))
        else:
            year = ""
        context.update(
            library_documents=documents,
            categories=DocumentCategory.choices,
            years=self.documents.values_list("year", flat=True).distinct().order_by("-year"),
            category=category,
            year=year,
        )
        return context


class LibraryDocument(Orderable):
    page = ParentalKey(DocumentLibraryPage, related_name="documents", on_delete=models.CASCADE)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("document"),
    )
    category = models.CharField(_("category"), max_length=30, choices=DocumentCategory.choices)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2999)]
    )

    panels = [FieldPanel("document"), FieldPanel("category"), FieldPanel("year")]

    class Meta(Orderable.Meta):
        verbose_name = _("library document")
