"""Write chunk k while the next chunk is computed: the two cores of a run.

A run's chunks are computed in Python and written by PostgreSQL; done one after the other,
one core waits while the other works. An :class:`OverlappedWriter` hands each chunk's
writing (its own transaction, as before) to one thread with its own database connection,
and the caller computes the next chunk meanwhile. At most one write is in flight and the
writes keep their order, so a run's progress, numbering and crash-safety are what the
sequential loop gives: a chunk is either committed whole or not at all, and a re-run books
nothing twice (every ledger row has its key).

Only on PostgreSQL and outside a transaction: inside one (a test's, or a caller's atomic
block) the thread's connection would not see the caller's uncommitted rows, and SQLite
allows one writer at a time. There the writes run in line, as before."""

from concurrent.futures import ThreadPoolExecutor

from django.db import connection


def can_overlap():
    return connection.vendor == "postgresql" and not connection.in_atomic_block


class InlineWriter:
    """The sequential fallback: every write runs at once, in the caller's connection."""

    def submit(self, write):
        write()

    def finish(self):
        pass


class OverlappedWriter:
    def __init__(self):
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tax-run-writer")
        self._pending = None

    def submit(self, write):
        """Start ``write`` once the previous one is done (re-raising what it raised)."""
        self._wait()
        self._pending = self._executor.submit(write)

    def _wait(self):
        if self._pending is not None:
            pending, self._pending = self._pending, None
            pending.result()

    def finish(self):
        """Wait for the last write, then close the thread's connection."""
        try:
            self._wait()
        finally:
            self._executor.submit(_close_own_connection).result()
            self._executor.shutdown()


def _close_own_connection():
    # Looked up in the writer's thread: ``connection`` is that thread's own there.
    connection.close()


def writer():
    return OverlappedWriter() if can_overlap() else InlineWriter()
