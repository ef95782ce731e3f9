from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ...blocks import BodyBlock
from ...visibility import without_private_sections
from .checked import ReferencesCheckedPageMixin
from .serving import ServingShortcutsMixin

NEWS_PER_PAGE = 10


class NewsCategory(models.TextChoices):
    NEWS = "hir", _("News")
    ANNOUNCEMENT = "kozlemeny", _("Announcement")
    PUBLIC_NOTICE = "hirdetmeny", _("Public notice")
    TENDER = "palyazat", _("Call for applications")
    EVENT_REPORT = "beszamolo", _("Event report")


class NewsIndexPage(RoutablePageMixin, ReferencesCheckedPageMixin, ServingShortcutsMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["municipal.MunicipalHomePage", "municipal.StandardPage"]
    subpage_types = ["municipal.NewsPage"]

    class Meta:
        verbose_name = _("news index")
        verbose_name_plural = _("news indexes")

    def news(self):
        """Published news of this index, newest first (never drafts or private ones)."""
        news = without_private_sections(NewsPage.objects.child_of(self).live())
        return news.order_by("-date", "-pk")

    def months(self):
        return self.news().dates("date", "month", order="DESC")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news = kwargs.get("news")
        if news is None:
            news = self.news()
            tag = request.GET.get("cimke", "").strip()[:100]
            category = request.GET.get("kategoria", "")
            if tag:
                news = news.filter(tags__name=tag)
            if category in NewsCategory.values:
                news = news.filter(category=category)
            context.update(tag=tag, category=category)
        context.update(
            news=Paginator(news.select_related("image"), NEWS_PER_PAGE).get_page(
                request.GET.get("page")
            ),
            months=self.months(),
            categories=NewsCategory.choices,
            archive_month=kwargs.get("archive_month"),
        )
        return context

    @path("")
    def index(self, request):
        return self.render(request)

    @path("archivum/<int:year>/<int:month>/", name="archive")
    def archive(self, request, year, month):
        if not (1 <= month <= 12 and 1900 <= year <= 2999):
            raise Http404
        news = self.news().filter(date__year=year, date__month=month)
        return self.render(
            request, context_overrides={"archive_month": f"{year}-{month:02d}"}, news=news
        )

    @path("rss/", name="rss")
    def rss(self, request):
        from ...feeds import NewsFeed

        return NewsFeed(self)(request)

    @path("atom/", name="atom")
    def atom(self, request):
        from ...feeds import AtomNewsFeed

        return AtomNewsFeed(self)(request)


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "municipal.NewsPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsPage(ReferencesCheckedPageMixin, ServingShortcutsMixin, Page):
    date = models.DateField(_("date"), default=timezone.localdate)
    category = models.CharField(
        _("category"), max_length=20, choices=NewsCategory.choices, default=NewsCategory.NEWS
    )
    intro = models.TextField(_("summary"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("image"),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("tags"))

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("category"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    parent_page_types = ["municipal.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
