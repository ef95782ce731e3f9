"""What B has, so that a change is noticed: a fingerprint of B's records (the website's,
the staff's and every tenant-owned row) and the database's write counters."""

import hashlib
import json

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    PageLogEntry,
    PageViewRestriction,
    Revision,
    Task,
    TaskState,
    Workflow,
    WorkflowState,
)

from sites.tenancy import TenantOwnedModel


def _rows(queryset):
    return list(queryset.order_by("pk").values_list())


def fingerprint(world):
    b = world.b
    page_paths = Page.objects.filter(path__startswith=b.root_page.path)
    page_ids = [str(pk) for pk in page_paths.values_list("pk", flat=True)]
    collections = Collection.objects.filter(path__startswith=b.collection.path)
    staff_ids = list(
        apps.get_model("municipal", "StaffMembership")
        .objects.for_municipality(b)
        .values_list("user_id", flat=True)
    )
    groups = apps.get_model("municipal", "RoleGroup").objects.for_municipality(b)
    group_ids = list(groups.values_list("group_id", flat=True))
    page_type = ContentType.objects.get_for_model(Page)
    parts = [
        _rows(page_paths),
        _rows(Revision.objects.filter(base_content_type=page_type, object_id__in=page_ids)),
        _rows(PageLogEntry.objects.filter(page_id__in=page_ids)),
        _rows(PageViewRestriction.objects.filter(page__in=page_paths)),
        _rows(collections),
        _rows(CollectionViewRestriction.objects.filter(collection__in=collections)),
        _rows(get_image_model().objects.filter(collection__in=collections)),
        _rows(get_document_model().objects.filter(collection__in=collections)),
        _rows(WorkflowState.objects.filter(base_content_type=page_type, object_id__in=page_ids)),
        _rows(TaskState.objects.filter(workflow_state__object_id__in=page_ids)),
        _rows(Workflow.objects.filter(pk=world.b_objects["workflow"].pk)),
        _rows(Task.objects.filter(pk=world.b_objects["task"].pk)),
        _rows(get_user_model().objects.filter(pk__in=[*staff_ids, world.users["citizen_b"].pk])),
        _rows(get_user_model().groups.through.objects.filter(group_id__in=group_ids)),
        _rows(GroupPagePermission.objects.filter(group_id__in=group_ids)),
        _rows(GroupCollectionPermission.objects.filter(group_id__in=group_ids)),
        _rows(
            apps.get_model("auth", "Group").permissions.through.objects.filter(
                group_id__in=group_ids
            )
        ),
        _rows(apps.get_model("municipal", "Municipality").objects.filter(pk=b.pk)),
        _rows(apps.get_model("wagtailcore", "Site").objects.filter(pk=b.site_id)),
        _rows(apps.get_model("wagtailredirects", "Redirect").objects.filter(site_id=b.site_id)),
        _rows(apps.get_model("municipal", "SiteSettings").objects.filter(site_id=b.site_id)),
        _rows(apps.get_model("themes", "ThemeSettings").objects.filter(site_id=b.site_id)),
        _rows(apps.get_model("taggit", "Tag").objects.filter(name__startswith="zqxb")),
        _rows(
            apps.get_model("journey", "Representation").objects.filter(
                representative=world.users["citizen_b"]
            )
        ),
    ]
    for model in apps.get_models():
        if issubclass(model, TenantOwnedModel) and not model._meta.proxy:
            parts.append(_rows(model.objects.for_municipality(b)))
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()


def write_counts():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables "
            "WHERE relname NOT IN ('django_session')"
        )
        return dict(cursor.fetchall())
