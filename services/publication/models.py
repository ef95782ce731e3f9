"""The publication list page: the statutory structure (services.publication.structure)
filled in by the municipality, one entry per item. A change is a page revision, so the
page's history in the admin records who changed which item when."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from sites.models import Municipality
from sites.models.pages.checked import ReferencesCheckedPageMixin
from sites.models.pages.serving import ServingShortcutsMixin

from . import structure

DATA_REQUEST_FORM = "ADATIG-001"


def _item_choices():
    return structure.general_list().choices()


class PublicationListPage(ReferencesCheckedPageMixin, ServingShortcutsMixin, Page):
    intro = RichTextField(_("introduction"), blank=True)
    data_request_text = RichTextField(
        _("how to request public-interest data"),
        blank=True,
        help_text=_("Shown above the link to the data request form (e.g. the office's rules)."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("data_request_text"),
        InlinePanel("entries", heading=_("Items of the list"), label=_("Item")),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["municipal.MunicipalHomePage", "municipal.StandardPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("publication list (közzétételi lista)")
        verbose_name_plural = _("publication lists")

    def municipality(self):
        return Municipality.objects.filter(root_page__in=self.get_ancestors(inclusive=True)).first()

    def rows(self, today=None):
        """Every statutory item in the law's order with this page's entry and its status."""
        today = today or timezone.localdate()
        entries = {}
        for entry in self.entries.select_related("document").order_by("sort_order"):
            entries.setdefault(entry.item_code, entry)
        sections = []
        for section in structure.general_list().sections:
            items = []
            for item in section.items:
                entry = entries.get(item.code)
                status = structure.item_status(item, entry, today)
                due = (
                    structure.review_due(item, entry.last_updated)
                    if entry is not None and entry.last_updated
                    else None
                )
                items.append({"item": item, "entry": entry, "status": status, "review_due": due})
            sections.append({"section": section, "items": items})
        return sections

    def get_context(self, request, *args, **kwargs):
        from services.forms.services import live_form

        context = super().get_context(request, *args, **kwargs)
        municipality = self.municipality()
        context.update(
            list_structure=structure.general_list(),
            sections=self.rows(),
            data_request_form=live_form(municipality, DATA_REQUEST_FORM) if municipality else None,
        )
        return context


NO_CONTENT = _("Give the document, link or text of the item, or tick that it does not apply.")


class EntryKind(models.TextChoices):
    DOCUMENT = "document", _("Document")
    LINK = "link", _("Link")
    TEXT = "text", _("Text")


class PublicationEntry(Orderable):
    page = ParentalKey(PublicationListPage, on_delete=models.CASCADE, related_name="entries")
    item_code = models.CharField(_("item of the list"), max_length=10, choices=_item_choices)
    kind = models.CharField(_("kind"), max_length=10, choices=EntryKind.choices, default="text")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("document"),
    )
    url = models.URLField(_("link"), blank=True)
    text = models.TextField(_("text"), blank=True)
    last_updated = models.DateField(_("last updated"), null=True, blank=True)
    not_applicable = models.BooleanField(
        _("does not apply to us"),
        default=False,
        help_text=_("E.g. the municipality founded no public foundation."),
    )

    panels = [
        FieldPanel("item_code"),
        FieldPanel("not_applicable"),
        FieldPanel("kind"),
        FieldPanel("document"),
        FieldPanel("url"),
        FieldPanel("text"),
        FieldPanel("last_updated"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("item of the publication list")
        verbose_name_plural = _("items of the publication list")

    def has_content(self):
        return bool(
            {
                EntryKind.DOCUMENT: self.document_id,
                EntryKind.LINK: self.url,
                EntryKind.TEXT: self.text.strip(),
            }.get(self.kind)
        )

    def clean(self):
        super().clean()
        if self.not_applicable:
            return
        if not self.has_content():
            field = {"document": "document", "link": "url"}.get(self.kind, "text")
            raise ValidationError({field: NO_CONTENT})
        if self.last_updated is None:
            raise ValidationError({"last_updated": _("Give the date of the last update.")})
        if self.last_updated > timezone.localdate():
            raise ValidationError({"last_updated": _("The last update cannot be in the future.")})
