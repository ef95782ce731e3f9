"""The search layer's background work, through Django's task API like Wagtail's own
indexing task (``insert_or_update_object_task``): in production the database backend
writes the task in the transaction that changed the object, so the worker sees it only
once that is committed, and a rolled-back change leaves no task behind; with the
immediate backend (``make run``, the tests) it runs at once."""

import logging

from django.apps import apps
from django_tasks import task
from modelsearch.index import get_search_backends_with_name
from wagtail.models import Page

from sites.models import Municipality

from . import words

logger = logging.getLogger(__name__)


@task()
def remove_object_task(app_label, model_name, pk):
    """Remove a deleted object from every search backend. The object is gone, so an
    unsaved instance with its primary key stands for it: the backends need only its model
    and key (Wagtail's own handler asks the deleted page for its specific form, which it
    can no longer load, and removes nothing)."""
    model = apps.get_model(app_label, model_name)
    instance = model(pk=pk)
    for name, backend in get_search_backends_with_name(with_auto_update=True):
        try:
            backend.delete(instance)
        except Exception:
            # As Wagtail's handler: an engine that is down is logged, search_check repairs.
            logger.exception("Removing %s %s from the '%s' search backend", model_name, pk, name)


@task()
def reindex_subtree_task(page_id):
    """Index a moved page and every page under it again: their paths changed, and an
    engine filters a site's scope on the ``path`` it stored with each page."""
    root = Page.objects.filter(pk=page_id).first()
    if root is None:
        return 0
    pages = Page.objects.descendant_of(root, inclusive=True).specific().iterator(chunk_size=200)
    by_model = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page)
    count = 0
    for model, objects in by_model.items():
        for name, backend in get_search_backends_with_name(with_auto_update=True):
            try:
                backend.add_bulk(model, objects)
            except Exception:
                logger.exception("Indexing moved %s pages in the '%s' backend", model, name)
        count += len(objects)
    return count


@task()
def refresh_words_task(municipality_id):
    """The municipality's words for "did you mean" (``search.words``)."""
    municipality = Municipality.objects.filter(pk=municipality_id).first()
    return words.refresh_words(municipality) if municipality else 0
