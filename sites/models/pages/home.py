from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ...blocks import BodyBlock, LinkBlock
from ...visibility import without_private_sections
from .checked import ReferencesCheckedPageMixin
from .serving import ServingShortcutsMixin
from .standard import SECTION_CHILDREN

TEASER_COUNT = 3
# Quick links a home page shows from the most used online services while its editors have
# chosen none.
QUICK_LINK_COUNT = 6


class MunicipalHomePage(ReferencesCheckedPageMixin, ServingShortcutsMixin, Page):
    """The root of one municipality's website; provisioning creates exactly one per tenant."""

    hero_title = models.CharField(_("hero title"), max_length=120, blank=True)
    hero_text = models.TextField(_("hero text"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("hero image"),
    )
    intro = RichTextField(_("introduction"), blank=True)
    quick_links = StreamField(
        [("link", LinkBlock())],
        verbose_name=_("quick links to e-administration"),
        blank=True,
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    notice_text = models.TextField(
        _("emergency notice"),
        blank=True,
        help_text=_("Shown at the top of every page until it expires, e.g. a water outage."),
    )
    notice_expires_at = models.DateTimeField(_("notice expires at"), null=True, blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("hero_title"), FieldPanel("hero_text"), FieldPanel("hero_image")],
            heading=_("Hero"),
        ),
        FieldPanel("intro"),
        FieldPanel("quick_links"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("notice_text"), FieldPanel("notice_expires_at")],
            heading=_("Emergency notice"),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = SECTION_CHILDREN
    # Only provisioning creates a home page: it also binds the site, groups and permissions.
    is_creatable = False

    class Meta:
        verbose_name = _("municipal home page")
        verbose_name_plural = _("municipal home pages")

    def active_notice(self, now=None):
        """The emergency notice while it has not expired (and never one without expiry)."""
        now = now or timezone.now()
        if self.notice_text and self.notice_expires_at and self.notice_expires_at > now:
            return self.notice_text
        return ""

    def get_context(self, request, *args, **kwargs):
        from ...online_services import most_used
        from ...privacy import municipality_of_page
        from .events import EventPage
        from .news import NewsPage
        from .services import ServiceDirectoryPage

        context = super().get_context(request, *args, **kwargs)
        if not self.quick_links:
            context["popular_services"] = most_used(municipality_of_page(self), QUICK_LINK_COUNT)
        context["services_page"] = (
            without_private_sections(ServiceDirectoryPage.objects.live().descendant_of(self))
            .order_by("path")
            .first()
        )
        context["latest_news"] = (
            without_private_sections(NewsPage.objects.live().descendant_of(self))
            .select_related("image")
            .order_by("-date", "-pk")[:TEASER_COUNT]
        )
        context["upcoming_events"] = (
            without_private_sections(EventPage.objects.live().descendant_of(self))
            .upcoming()
            .order_by("start")[:TEASER_COUNT]
        )
        return context
