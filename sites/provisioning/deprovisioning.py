"""Taking a municipality out of service (deactivating, reactivating) or deleting it with
everything it owns."""

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from ..models import RoleGroup
from ..page_cache import invalidate_site


def deactivate_municipality(municipality):
    """Stop serving the municipality's site and services; nothing is deleted."""
    if municipality.active:
        municipality.active = False
        municipality.save(update_fields=["active"])
        if municipality.site_id:
            invalidate_site(municipality.site_id)


def reactivate_municipality(municipality):
    if not municipality.active:
        municipality.active = True
        municipality.save(update_fields=["active"])
        if municipality.site_id:
            invalidate_site(municipality.site_id)


def delete_municipality(municipality):
    """Delete the municipality and everything it owns: pages, site, media, groups, records.

    Irreversible; the command asks for the slug to be typed back before calling this."""
    with transaction.atomic():
        group_ids = list(
            RoleGroup.objects.for_municipality(municipality).values_list("group_id", flat=True)
        )
        site, root_page, collection = (
            municipality.site,
            municipality.root_page,
            municipality.collection,
        )
        workflow_ids = list(
            WorkflowPage.objects.filter(page_id=municipality.root_page_id).values_list(
                "workflow_id", flat=True
            )
        )
        task_ids = list(
            WorkflowTask.objects.filter(workflow_id__in=workflow_ids).values_list(
                "task_id", flat=True
            )
        )
        municipality.delete()  # cascades to every tenant-owned record
        if site is not None:
            site.delete()
        if root_page is not None:
            root_page.delete()
        if collection is not None:
            _delete_collection_with_media(collection)
        Workflow.objects.filter(pk__in=workflow_ids).delete()
        GroupApprovalTask.objects.filter(pk__in=task_ids).delete()
        Group.objects.filter(pk__in=group_ids).delete()


def _delete_collection_with_media(collection):
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    collections = collection.get_descendants(inclusive=True)
    for model in (get_image_model(), get_document_model()):
        for item in model.objects.filter(collection__in=collections):
            item.file.delete(save=False)
            item.delete()
    collection.delete()
