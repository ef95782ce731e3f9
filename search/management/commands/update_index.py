"""Wagtail's ``update_index`` with progress an operator can read: per model, how many of how
many objects are indexed and at what rate, and a closing line with the total."""

import time

from django.utils.translation import gettext as _
from wagtail.search.management.commands.update_index import Command as WagtailUpdateIndex


class Command(WagtailUpdateIndex):
    help = _(
        "Rebuild the search index of every backend (or --backend's) from the database: "
        "on an engine into a new index that replaces the old one when complete."
    )

    def handle(self, **options):
        self._started = time.monotonic()
        self._done = 0
        super().handle(**options)
        elapsed = time.monotonic() - self._started
        self.write(
            _("Search index rebuilt: %(count)d objects in %(seconds).1f s (%(rate)d/s).")
            % {
                "count": self._done,
                "seconds": elapsed,
                "rate": self._done / elapsed if elapsed else 0,
            }
        )

    def queryset_chunks(self, qs, chunk_size=1000):
        # Counted once, before the first chunk: the denominator of the progress below.
        self._total = qs.count()
        self._model_done = 0
        yield from super().queryset_chunks(qs, chunk_size)

    def print_iter_progress(self, iterable):
        """Instead of Wagtail's dots: "120/4500 (2%)" after every chunk, on a line of its own
        so that a worker's log shows it too."""
        for chunk in iterable:
            yield chunk
            self._model_done += len(chunk)
            self._done += len(chunk)
            total = getattr(self, "_total", 0) or 1
            self.write(
                f"\n  {self._model_done}/{self._total} ({100 * self._model_done // total}%)",
                ending="",
            )
            self.stdout.flush()
