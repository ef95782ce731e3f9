"""What keeps the index and the word table of "did you mean" up to date besides Wagtail's
own indexing task: deletions through the task queue, moves, and the words.

* **A deletion** enqueues ``search.tasks.remove_object_task`` instead of Wagtail's removal
  in the request (modelsearch's ``post_delete`` handler calls every backend at once, an
  engine that is slow or down included, and for a page it asks the deleted page for its
  specific form, which it can no longer load). It is enqueued, not run on commit, as
  Wagtail's indexing task is: production's database task backend writes it in the
  deleting transaction.
* **A move** changes the path of the page and of every page under it; an engine stores
  the path with each page and filters a site's scope on it, so the subtree is indexed
  again (``reindex_subtree_task``).
* **The words** of a municipality are recomputed after a publish, an unpublish, a
  deletion, a move (both municipalities), a change of a view restriction, of its records
  or of the municipality itself (``refresh_words_task``).
"""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from sites.models import Municipality
from sites.references import municipality_of_page_path

from . import tasks


def deleted(instance, **kwargs):
    """Replaces modelsearch's ``post_delete_signal_handler`` (see :func:`register`)."""
    if isinstance(instance, Page):
        specific = instance.specific_class
        # Deleting a page deletes its row in each table of its class's parents: one task,
        # for the specific class, whose entry (or engine document) is the page's.
        if specific is not None and type(instance) is not specific:
            return
    tasks.remove_object_task.enqueue(
        instance._meta.app_label, instance._meta.model_name, str(instance.pk)
    )


def _refresh_words(municipality_id):
    # Enqueued at once, as Wagtail's indexing task: production's database task backend
    # writes it in the same transaction, after the indexing task of the same change.
    if municipality_id:
        tasks.refresh_words_task.enqueue(municipality_id)


def _page_changed(instance, **kwargs):
    _refresh_words(municipality_of_page_path(instance.path))


def _page_deleted(instance, **kwargs):
    if isinstance(instance, Page) and type(instance) is Page:
        _refresh_words(municipality_of_page_path(instance.path))


def _page_moved(instance, url_path_before=None, **kwargs):
    tasks.reindex_subtree_task.enqueue(instance.pk)
    _refresh_words(municipality_of_page_path(instance.path))
    before = kwargs.get("parent_page_before")
    if before is not None:
        _refresh_words(municipality_of_page_path(before.path))


def _restriction_changed(instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).only("path").first()
    if page is not None:
        _refresh_words(municipality_of_page_path(page.path))


def _municipality_changed(instance, created=False, **kwargs):
    # Joining, leaving (active) or a new root page change what the fleet may suggest.
    if not created:
        _refresh_words(instance.pk)


def records_refreshed(kind_name, municipality):
    _refresh_words(municipality.pk)


def register():
    """Called from ``SearchConfig.ready()``, which Django runs before
    ``wagtail.search``'s: that one connects modelsearch's handlers, reading
    ``post_delete_signal_handler`` from its module at that moment, so the handler it
    connects for every indexed model is :func:`deleted` (tests/search/engine checks that
    a deletion enqueues the task and removes nothing by itself)."""
    from modelsearch import signal_handlers

    signal_handlers.post_delete_signal_handler = deleted
    page_published.connect(_page_changed, dispatch_uid="search_words_published")
    page_unpublished.connect(_page_changed, dispatch_uid="search_words_unpublished")
    post_delete.connect(_page_deleted, sender=Page, dispatch_uid="search_words_deleted")
    post_page_move.connect(_page_moved, dispatch_uid="search_page_moved")
    for signal in (post_save, post_delete):
        signal.connect(
            _restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"search_words_restriction_{signal is post_save}",
        )
    post_save.connect(
        _municipality_changed, sender=Municipality, dispatch_uid="search_words_municipality"
    )
