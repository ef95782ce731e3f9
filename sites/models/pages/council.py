from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ...visibility import without_private_sections
from .checked import ReferencesCheckedPageMixin
from .serving import ServingShortcutsMixin


class CouncilPage(ReferencesCheckedPageMixin, ServingShortcutsMixin, Page):
    """The council (képviselő-testület): its members, committees and meetings."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("members", heading=_("Members"), label=_("Member")),
        InlinePanel("committees", heading=_("Committees"), label=_("Committee")),
    ]
    parent_page_types = ["municipal.MunicipalHomePage", "municipal.StandardPage"]
    subpage_types = ["municipal.MeetingPage"]

    class Meta:
        verbose_name = _("council page")
        verbose_name_plural = _("council pages")

    def meetings(self):
        return without_private_sections(MeetingPage.objects.child_of(self).live()).order_by("-date")


class CouncilMember(Orderable):
    page = ParentalKey(CouncilPage, related_name="members", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(
        _("role"),
        max_length=120,
        blank=True,
        help_text=_("For example mayor, deputy mayor, councillor."),
    )
    district = models.CharField(_("electoral district"), max_length=80, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("photo"),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("district"),
        FieldPanel("email"),
        FieldPanel("photo"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("council member")


class CouncilCommittee(Orderable):
    page = ParentalKey(CouncilPage, related_name="committees", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=160)
    chair = models.CharField(_("chair"), max_length=120, blank=True)
    members = models.TextField(_("members"), blank=True, help_text=_("One name per line."))

    panels = [FieldPanel("name"), FieldPanel("chair"), FieldPanel("members")]

    class Meta(Orderable.Meta):
        verbose_name = _("committee")

    def member_list(self):
        return [line.strip() for line in self.members.splitlines() if line.strip()]


class MeetingPage(ReferencesCheckedPageMixin, ServingShortcutsMixin, Page):
    date = models.DateTimeField(_("date and time"))
    location = models.CharField(_("location"), max_length=255, blank=True)
    agenda = RichTextField(_("agenda"), blank=True)
    minutes = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("minutes"),
    )

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("location"),
        FieldPanel("agenda"),
        FieldPanel("minutes"),
        InlinePanel("decisions", heading=_("Decisions"), label=_("Decision")),
    ]
    search_fields = Page.search_fields + [index.SearchField("agenda"), index.FilterField("date")]
    parent_page_types = ["municipal.CouncilPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("council meeting")
        verbose_name_plural = _("council meetings")


class MeetingDocument(Orderable):
    page = ParentalKey(MeetingPage, related_name="decisions", on_delete=models.CASCADE)
    title = models.CharField(
        _("title"), max_length=255, help_text=_("For example 12/2026. (III. 5.) határozat.")
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("document"),
    )

    panels = [FieldPanel("title"), FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("decision")
