import datetime

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from ...blocks import BodyBlock
from ...visibility import without_private_sections
from .checked import ReferencesCheckedPageMixin
from .serving import ServingShortcutsMixin

EVENTS_PER_PAGE = 12


class EventQuerySet(PageQuerySet):
    def upcoming(self, now=None):
        """Events that have not ended yet."""
        now = now or timezone.now()
        return self.filter(
            models.Q(end__gte=now) | models.Q(end__isnull=True, start__gte=now - _ONE_DAY)
        )


_ONE_DAY = datetime.timedelta(days=1)
EventManager = PageManager.from_queryset(EventQuerySet)


class EventIndexPage(RoutablePageMixin, ReferencesCheckedPageMixin, ServingShortcutsMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["municipal.MunicipalHomePage", "municipal.StandardPage"]
    subpage_types = ["municipal.EventPage"]

    class Meta:
        verbose_name = _("event index")
        verbose_name_plural = _("event indexes")

    def events(self):
        return without_private_sections(EventPage.objects.child_of(self).live())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        show_past = request.GET.get("korabbiak") == "1"
        events = self.events()
        events = events.order_by("-start") if show_past else events.upcoming().order_by("start")
        context.update(
            events=Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page")),
            show_past=show_past,
        )
        return context

    @path("")
    def index(self, request):
        return self.render(request)

    # Wagtail's URLs allow no dot in a path segment: the .ics name is in the download's
    # file name (Content-Disposition) instead.
    @path("naptar/", name="ical")
    def ical(self, request):
        from ...ical import calendar_response

        return calendar_response(
            self.events().order_by("start"),
            request,
            name=f"{self.get_site().site_name} – {self.title}",
            filename="naptar.ics",
        )


class EventPage(RoutablePageMixin, ReferencesCheckedPageMixin, ServingShortcutsMixin, Page):
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"), null=True, blank=True)
    all_day = models.BooleanField(
        _("all-day event"), default=False, help_text=_("Only the dates are shown, not times.")
    )
    location = models.CharField(_("location"), max_length=255, blank=True)
    intro = models.TextField(_("summary"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    objects = EventManager()

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start"), FieldPanel("end")]), FieldPanel("all_day")],
            heading=_("When"),
        ),
        FieldPanel("location"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("location"),
        index.SearchField("body"),
        index.FilterField("start"),
    ]
    parent_page_types = ["municipal.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The event cannot end before it starts.")})

    @path("")
    def index(self, request):
        return self.render(request)

    @path("naptar/", name="ical")
    def ical(self, request):
        from ...ical import calendar_response

        return calendar_response([self], request, name=self.title, filename=f"{self.slug}.ics")
