"""Every worker hears each host's new page-cache generation (sites.generations), over a real
Redis; until it is sure, it reads the generation from the cache."""

import time
import uuid

import pytest

from sites import generations, page_cache
from sites.generations import GenerationWatcher

pytestmark = pytest.mark.django_db

HOST = "alsovar.localhost"


def eventually(condition, seconds=5.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/9",
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",  # nobody else's keys or channel
        }
    }
    from django.core.cache import cache

    yield cache
    # Only this test's keys: clear() would empty the whole Redis database, under the feet of
    # the other pytest-xdist workers' tests (and anybody else's) using it at the same time.
    cache.delete_pattern("*")


@pytest.fixture
def fresh_watcher(monkeypatch, redis_cache):
    watcher = GenerationWatcher()
    monkeypatch.setattr(generations, "watcher", watcher)
    monkeypatch.setattr(page_cache, "watcher", watcher)
    watcher.get(HOST)  # starts listening
    assert eventually(lambda: watcher._ready), "no subscription to the announcements"
    return watcher


def test_an_announced_generation_is_known_without_asking(fresh_watcher):
    assert fresh_watcher.get(HOST) is None  # never heard of: the caller reads the cache

    generations.announce(HOST, 7)

    assert eventually(lambda: fresh_watcher.get(HOST) == 7)


def test_a_late_read_never_goes_back_to_an_older_generation(fresh_watcher):
    generations.announce(HOST, 9)
    assert eventually(lambda: fresh_watcher.get(HOST) == 9)

    fresh_watcher.remember(HOST, 8)  # read from the cache just before the announcement

    assert fresh_watcher.get(HOST) == 9


def test_nothing_is_trusted_before_the_subscription_is_confirmed(redis_cache):
    watcher = GenerationWatcher()
    watcher.remember(HOST, 3)  # not listening yet: a read could be overtaken unheard

    assert watcher._known == {}


def test_a_publish_in_another_worker_reaches_this_ones_cached_pages(
    client, municipality_a, fresh_watcher, redis_cache
):
    path = "/ugyfelfogadas/"
    client.get(path, HTTP_HOST=HOST)
    assert client.get(path, HTTP_HOST=HOST)["X-Page-Cache"] == "HIT"
    # Another worker bumps the generation: this one hears it only through Redis.
    key = page_cache._generation_key(HOST)
    newer = redis_cache.incr(key)
    generations.announce(HOST, newer)

    assert eventually(lambda: fresh_watcher.get(HOST) == newer)
    assert client.get(path, HTTP_HOST=HOST)["X-Page-Cache"] == "MISS"


def test_a_broken_subscription_falls_back_to_reading_the_cache(fresh_watcher):
    generations.announce(HOST, 4)
    assert eventually(lambda: fresh_watcher.get(HOST) == 4)
    broken = fresh_watcher._pubsub

    broken.connection.disconnect()  # as when Redis restarts

    # What it heard before may have missed announcements: forgotten, then listening again.
    assert eventually(lambda: fresh_watcher._pubsub is not broken and fresh_watcher._ready)
    assert fresh_watcher.get(HOST) is None
