"""Redis away: the page cache degrades to rendering, never to a 500."""

import pytest

from sites import generations, page_cache
from sites.generations import GenerationWatcher

pytestmark = pytest.mark.django_db

HOST = "alsovar.localhost"


@pytest.fixture
def redis_away(settings, monkeypatch):
    """The production cache settings, pointed at a port where no Redis listens."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "KEY_PREFIX": "outage",
            "OPTIONS": settings.REDIS_CACHE_OPTIONS,
        }
    }
    watcher = GenerationWatcher()
    monkeypatch.setattr(generations, "watcher", watcher)
    monkeypatch.setattr(page_cache, "watcher", watcher)
    page_cache.worker_pages.clear()
    yield
    page_cache.worker_pages.clear()


def test_pages_are_rendered_while_redis_is_away(client, municipality_a, redis_away):
    first = client.get("/ugyfelfogadas/", HTTP_HOST=HOST)
    second = client.get("/ugyfelfogadas/", HTTP_HOST=HOST)

    assert first.status_code == second.status_code == 200
    assert second.get("X-Page-Cache") != "HIT"  # nothing served from a cache it cannot read
    assert second.content == first.content


def test_a_publish_while_redis_is_away_goes_through(client, municipality_a, redis_away):
    page = municipality_a.root_page.get_children().get(slug="ugyfelfogadas").specific
    page.title = "Ügyfélfogadás – új nyitvatartás"

    page.save_revision().publish()  # invalidates the site's pages and announces it

    assert "új nyitvatartás" in client.get("/ugyfelfogadas/", HTTP_HOST=HOST).text
