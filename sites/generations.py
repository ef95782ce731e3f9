"""Each host name's page-cache generation, known in every worker without asking for it.

A cache hit used to cost one round trip to Redis, to read the host's generation. Now every
new generation is also announced on a Redis channel, and each worker listens in a background
thread and keeps the latest one per host name: a hit needs no round trip at all.

The announcements only ever save a read. Until a worker's subscription is confirmed, while
it is broken (the thread forgets everything and subscribes again) and for a host name it has
not heard of, the generation is read from the cache as before. Generations only grow, so the
larger of what was read and what was announced is the current one, whichever came first.
Emptying the cache server by hand does not reach the workers' memory: bump the generations
(``manage.py clear_page_cache``) instead."""

import logging
import os
import threading
import time

from django.conf import settings
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

CHANNEL = "page-cache:generations"
RECONNECT_SECONDS = 1


def _redis_client():
    """The raw Redis client behind the default cache, or None for any other cache."""
    if "django_redis" not in settings.CACHES["default"]["BACKEND"]:
        return None
    from django_redis import get_redis_connection

    return get_redis_connection("default")


def _channel():
    return f"{settings.CACHES['default'].get('KEY_PREFIX', '')}:{CHANNEL}"


def announce(hostname, generation):
    """Tell every worker a host name's new generation (nothing without Redis)."""
    client = _redis_client()
    if client is None or generation is None:
        return
    try:
        client.publish(_channel(), f"{hostname} {generation}")
    except RedisError as error:
        # Nobody hears it while Redis is away; the workers' subscriptions broke too, so they
        # read the generation from the cache until they have subscribed again.
        logger.warning("Page-cache generation not announced (%s): %s", hostname, error)


class GenerationWatcher:
    def __init__(self):
        self._known = {}
        self._lock = threading.Lock()
        self._ready = False
        self._pid = None
        self._pubsub = None

    def get(self, hostname):
        """The host's generation if this worker knows it for sure, otherwise None."""
        self._start_once_per_process()
        return self._known.get(hostname) if self._ready else None

    def remember(self, hostname, generation):
        """A generation read from the cache (ignored unless the subscription is live)."""
        if generation is None or not self._ready:
            return
        with self._lock:
            if generation > self._known.get(hostname, 0):
                self._known[hostname] = generation

    def _start_once_per_process(self):
        pid = os.getpid()
        if self._pid == pid:
            return
        # The first request of this process (gunicorn forks workers after loading the app).
        self._pid = pid
        self._ready = False
        self._known = {}
        if _redis_client() is not None:
            threading.Thread(
                target=self._listen, name="page-cache-generations", daemon=True
            ).start()

    def _forget(self):
        self._ready = False
        with self._lock:
            self._known = {}

    def _listen(self):
        while True:
            client = _redis_client()
            if client is None:
                return  # the cache is no Redis (any more: a test swapped it): nobody to hear
            try:
                self._pubsub = pubsub = client.pubsub()
                pubsub.subscribe(_channel())
                for message in pubsub.listen():
                    if message["type"] == "subscribe":
                        self._forget()  # anything heard before may have missed announcements
                        self._ready = True
                    elif message["type"] == "message":
                        hostname, _, value = message["data"].decode().rpartition(" ")
                        self.remember(hostname, int(value))
            except RedisError as error:  # read from the cache until it is back
                logger.warning("Page-cache generation announcements lost: %s", error)
            except Exception:
                logger.warning("Page-cache generation announcements lost", exc_info=True)
            self._forget()
            time.sleep(RECONNECT_SECONDS)


watcher = GenerationWatcher()
