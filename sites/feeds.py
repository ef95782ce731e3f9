"""RSS and Atom feeds of a news index: published, public news only."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags

FEED_ITEMS = 20


class NewsFeed(Feed):
    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return f"{self.index_page.get_site().site_name} – {self.index_page.title}"

    def link(self):
        return self.index_page.get_full_url(self.request)

    def description(self):
        return self.index_page.intro or self.index_page.title

    def items(self):
        return self.index_page.news()[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro or strip_tags(str(item.body))[:300]

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class AtomNewsFeed(NewsFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()


# -- announcing the feeds in every page's <head>

FEED_TYPES = (
    # (page model name, route, MIME type, label)
    ("newsindexpage", "rss/", "application/rss+xml", "RSS"),
    ("newsindexpage", "atom/", "application/atom+xml", "Atom"),
    ("eventindexpage", "naptar/", "text/calendar", "iCalendar"),
)


def site_feed_links(site):
    """The feeds of a site's news and event indexes, for ``<link rel="alternate">`` in the
    head of every page: [{"href", "type", "title"}, …], site-relative, public pages only."""
    from .models import EventIndexPage, NewsIndexPage
    from .visibility import without_private_sections

    root = site.root_page
    prefix = len(root.url_path) - 1  # the root's url_path ends with "/": keep one
    links = []
    for model in (NewsIndexPage, EventIndexPage):
        indexes = without_private_sections(model.objects.live().descendant_of(root))
        for index in indexes.order_by("path").only("title", "url_path"):
            for model_name, route, mime_type, label in FEED_TYPES:
                if model_name == model._meta.model_name:
                    links.append(
                        {
                            "href": index.url_path[prefix:] + route,
                            "type": mime_type,
                            "title": f"{site.site_name} – {index.title} ({label})",
                        }
                    )
    return links
