"""Wagtail's reports, narrowed to the user's own municipalities.

Wagtail builds its reports from page permissions and model permissions, neither of which
knows a municipality: the locked-pages, workflow and site-history reports listed other
municipalities' drafts, tasks and staff. Each report here is Wagtail's own view with its
queryset cut to the pages of the user's page trees (operators keep everything). The page
types usage report counts pages across the whole fleet: it is the operators' alone.

The URLs shadow Wagtail's (portal/urls.py puts them first) and keep its names."""

from django.core.exceptions import PermissionDenied
from django.db.models import CharField, IntegerField, Q, Value
from django.db.models.functions import Cast
from django.urls import path
from wagtail.admin.views.reports.aging_pages import AgingPagesView
from wagtail.admin.views.reports.audit_logging import (
    LogEntriesView,
    SiteHistoryReportFilterSet,
)
from wagtail.admin.views.reports.locked_pages import LockedPagesView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.views.reports.workflows import WorkflowTasksView, WorkflowView
from wagtail.models import Page, PageLogEntry

from .admin_guard import collections_for_user
from .tenancy import pages_for_user


def own_page_ids(user):
    return pages_for_user(Page.objects.all(), user).values("pk")


def as_object_ids(queryset):
    """The primary keys as text, as a subquery: revisions, workflow states and log entries
    name their object in a text column (``object_id``), and a municipality has thousands of
    pages and images, too many to send back and forth as a list."""
    return queryset.annotate(text_id=Cast("pk", CharField())).values("text_id")


class ScopedLockedPagesView(LockedPagesView):
    def get_queryset(self):
        queryset = super().get_queryset()
        self.queryset = pages_for_user(queryset, self.request.user)
        return self.queryset


class ScopedAgingPagesView(AgingPagesView):
    def get_queryset(self):
        queryset = super().get_queryset()
        self.queryset = pages_for_user(queryset, self.request.user)
        return self.queryset


class ScopedWorkflowView(WorkflowView):
    def get_queryset(self):
        queryset = super().get_queryset()
        if self.request.user.is_superuser:
            return queryset
        # Workflow states of pages only: no other model of ours goes through moderation.
        return queryset.filter(
            base_content_type__app_label="wagtailcore",
            object_id__in=as_object_ids(pages_for_user(Page.objects.all(), self.request.user)),
        )


class ScopedWorkflowTasksView(WorkflowTasksView):
    def get_queryset(self):
        queryset = super().get_queryset()
        if self.request.user.is_superuser:
            return queryset
        return queryset.filter(
            workflow_state__base_content_type__app_label="wagtailcore",
            workflow_state__object_id__in=as_object_ids(
                pages_for_user(Page.objects.all(), self.request.user)
            ),
        )


class ScopedSiteHistoryFilterSet(SiteHistoryReportFilterSet):
    def get_users_queryset(self):
        users = super().get_users_queryset()
        if self.request.user.is_superuser:
            return users
        from .admin_scoping import colleagues_for_user

        return users.filter(pk__in=colleagues_for_user(self.request).values("pk"))


class ScopedLogEntriesView(LogEntriesView):
    """The site history of the user's own pages and media; everything for operators.

    Wagtail unions every registered log model, each narrowed by permissions only. For
    staff the history is the page log of their trees and the model log of their own
    images, documents and collections."""

    filterset_class = ScopedSiteHistoryFilterSet

    def get_filtered_queryset(self):
        user = self.request.user
        if user.is_superuser:
            return super().get_filtered_queryset()
        from wagtail.models import ModelLogEntry

        self.log_models = [PageLogEntry, ModelLogEntry]
        pages = self.filter_queryset(
            PageLogEntry.objects.viewable_by_user(user)
            .filter(page_id__in=own_page_ids(user))
            .values("pk", "timestamp")
            .annotate(log_model_index=Value(0, output_field=IntegerField()))
        ).order_by()
        media = self.filter_queryset(
            ModelLogEntry.objects.filter(_own_media(user))
            .values("pk", "timestamp")
            .annotate(log_model_index=Value(1, output_field=IntegerField()))
        ).order_by()
        return pages.union(media, all=True).order_by("-timestamp")


def _own_media(user):
    from django.contrib.contenttypes.models import ContentType
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    collections = collections_for_user(user)
    condition = Q(pk__in=[])
    for model, objects in (
        (get_image_model(), get_image_model().objects.filter(collection__in=collections)),
        (get_document_model(), get_document_model().objects.filter(collection__in=collections)),
        (Collection, collections),
    ):
        condition |= Q(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=as_object_ids(objects),
        )
    return condition


class OperatorsPageTypesUsageView(PageTypesUsageReportView):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _report(route, view, name):
    return [
        path(f"admin/reports/{route}/", view.as_view(), name=f"scoped_{name}"),
        path(
            f"admin/reports/{route}/results/",
            view.as_view(results_only=True),
            name=f"scoped_{name}_results",
        ),
    ]


urlpatterns = [
    *_report("locked", ScopedLockedPagesView, "locked_pages"),
    *_report("aging-pages", ScopedAgingPagesView, "aging_pages"),
    *_report("workflow", ScopedWorkflowView, "workflow"),
    *_report("workflow_tasks", ScopedWorkflowTasksView, "workflow_tasks"),
    *_report("site-history", ScopedLogEntriesView, "site_history"),
    *_report("page-types-usage", OperatorsPageTypesUsageView, "page_types_usage"),
]
