"""Scoping of Wagtail's own admin views where it has no hook for it.

Wagtail's page explorer filters offer every Site and every page owner/editor of the whole
installation as choices, which would show one municipality's editors the names of the
other 3,199 municipalities and of their staff. django-filter accepts a callable taking the
request as a filter's queryset, so the choices are narrowed to the user's own
municipalities here, once, at start-up (called from the app's ready())."""

from django.contrib.auth import get_user_model
from django.http import Http404
from wagtail.admin.views.chooser import BrowseView
from wagtail.admin.views.pages.listing import GenericPageFilterSet, PageFilterSet
from wagtail.admin.views.reports.workflows import (
    WorkflowReportFilterSet,
    WorkflowTasksReportFilterSet,
)
from wagtail.models import Page, Site, Task, Workflow

from .access import municipalities_with_pages
from .tenancy import pages_for_user


def sites_for_user(request):
    from .models import Municipality

    user = request.user
    if user.is_superuser:
        return Site.objects.all()
    return Site.objects.filter(pk__in=Municipality.objects.for_staff(user).values("site_id"))


def colleagues_for_user(request):
    """Users working for any municipality the user works for (everyone for operators)."""
    from .models import Municipality

    User = get_user_model()
    user = request.user
    if user.is_superuser:
        return User.objects.all()
    return User.objects.filter(
        staff_memberships__municipality__in=Municipality.objects.for_staff(user)
    ).distinct()


def workflows_for_user(request):
    """The moderation workflows of the user's own municipalities."""

    if request.user.is_superuser:
        return Workflow.objects.all()
    return Workflow.objects.filter(
        workflow_pages__page_id__in=municipalities_with_pages(request.user).values("root_page_id")
    )


def tasks_for_user(request):
    if request.user.is_superuser:
        return Task.objects.all()
    return Task.objects.filter(workflow_tasks__workflow__in=workflows_for_user(request))


def scope_page_filters():
    for filterset in (PageFilterSet, GenericPageFilterSet):
        filters = filterset.base_filters
        filters["site"].queryset = sites_for_user
        for name in ("owner", "edited_by"):
            original = filters[name].queryset
            filters[name].queryset = _narrowed(original)
    # The workflow reports offer every municipality's workflow (named after it) as a choice.
    for filterset in (WorkflowReportFilterSet, WorkflowTasksReportFilterSet):
        filters = filterset.base_filters
        filters["workflow"].queryset = workflows_for_user
        if "task" in filters:
            filters["task"].queryset = tasks_for_user
        if "requested_by" in filters:
            filters["requested_by"].queryset = _narrowed(filters["requested_by"].queryset)


def _narrowed(original):
    def queryset(request):
        users = original(request) if callable(original) else original
        return users.filter(pk__in=colleagues_for_user(request).values("pk"))

    return queryset


class ScopedPageBrowseView(BrowseView):
    """Wagtail's page chooser, refusing to open another municipality's page as the parent.

    The chooser hook narrows the children it lists, but the parent page itself (title, URL,
    edit link) would still be shown for any id typed into the address."""

    def get(self, request, parent_page_id=None):
        if parent_page_id is not None and not request.user.is_superuser:
            parent = Page.objects.filter(pk=parent_page_id)
            if (
                not parent.filter(depth=1).exists()
                and not pages_for_user(parent, request.user).exists()
            ):
                raise Http404
        return super().get(request, parent_page_id)


def mend_link_chooser():
    """Wagtail's external-link chooser fails with a 500 when the form arrives without its
    "url" field (its validator calls ``None.startswith``). A missing address is a missing
    required field: let the form say so."""
    from wagtail.admin.forms.choosers import URLOrAbsolutePathValidator

    def is_absolute_path(value):
        return isinstance(value, str) and value.startswith("/")

    URLOrAbsolutePathValidator.is_absolute_path = staticmethod(is_absolute_path)


def narrow_privacy_groups():
    """The privacy modals (pages and collections) offer "specific groups" from every group
    of the installation: 3,200 municipalities' role groups, by name. Wagtail builds the
    form without the user, so the request is read from the admin guard; staff are offered
    the role groups of the municipalities they work for."""
    from wagtail.admin.forms.view_restrictions import BaseViewRestrictionForm

    from .admin_guard import current_admin_user
    from .models import Municipality, RoleGroup

    original_init = BaseViewRestrictionForm.__init__

    def __init__(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        user = current_admin_user()
        if user is not None and user.is_superuser:
            return
        municipalities = (
            Municipality.objects.for_staff(user) if user else Municipality.objects.none()
        )
        role_groups = RoleGroup.objects.for_municipalities(municipalities)
        field = self.fields["groups"]
        field.queryset = field.queryset.filter(pk__in=role_groups.values("group_id"))

    BaseViewRestrictionForm.__init__ = __init__
