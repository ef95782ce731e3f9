"""The tenant boundary at the door of every Wagtail admin view.

Wagtail checks what a user may *do* with a page, image or document, but many of its views
show the object before asking (the move confirmation, workflow previews, the choosers'
"chosen" endpoints, bulk-action confirmations), and its permission model has no idea of a
municipality: a model permission held in A is a model permission everywhere. Rather than
override each view, :class:`AdminObjectGuardMiddleware` reads the ids an admin URL names —
in its path and in the ``id`` list that choosers and bulk actions take — and answers 404
before the view runs when one of them belongs to a municipality the user does not work
for. Operators (superusers) keep the whole fleet.

The argument names below are Wagtail's own; ``tests/isolation`` requests every admin URL
with another municipality's ids and fails on any that gets through.
"""

from contextvars import ContextVar

from django.apps import apps
from django.db.models import Q
from django.http import Http404
from wagtail.admin.models import EditingSession
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Revision, TaskState, UploadedFile, WorkflowState

from .tenancy import pages_for_user

ADMIN_PREFIX = "/admin/"


def municipalities_of(user):
    return apps.get_model("municipal", "Municipality").objects.for_staff(user)


def page_municipalities_of(user):
    """Where the user's role gives them rights in the page tree (sites.access)."""
    from .access import municipalities_with_pages

    return municipalities_with_pages(user)


def media_municipalities_of(user):
    """Where the user's role gives them rights on the media collection (sites.access)."""
    from .access import municipalities_with_media

    return municipalities_with_media(user)


def collections_for_user(user):
    """The media collections (with their sub-collections) of the user's municipalities."""
    paths = Collection.objects.filter(
        pk__in=media_municipalities_of(user).values("collection_id")
    ).values_list("path", flat=True)
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return Collection.objects.filter(condition) if condition else Collection.objects.none()


def sites_for_user(user):
    from wagtail.models import Site

    return Site.objects.filter(pk__in=municipalities_of(user).values("site_id"))


def _page(user, pk):
    pages = Page.objects.filter(pk=pk)
    # The tree's root is every chooser's and explorer's starting point; it holds nothing.
    return pages.filter(depth=1).exists() or pages_for_user(pages, user).exists()


def _listed_page(user, pk):
    # A chooser's "chosen" list names pages to insert: never the tree's root (Wagtail
    # fails on it with a 500).
    return pages_for_user(Page.objects.filter(pk=pk), user).exists()


def _page_id_of(queryset, field):
    object_id = queryset.values_list(field, flat=True).first()
    return object_id


def _revision(user, pk):
    object_id = _page_id_of(Revision.objects.filter(pk=pk), "object_id")
    return object_id is not None and _page(user, object_id)


def _workflow_state(user, pk):
    object_id = _page_id_of(WorkflowState.objects.filter(pk=pk), "object_id")
    return object_id is not None and _page(user, object_id)


def _task_state(user, pk):
    object_id = _page_id_of(TaskState.objects.filter(pk=pk), "workflow_state__object_id")
    return object_id is not None and _page(user, object_id)


def _in_collections(model):
    def check(user, pk):
        return model.objects.filter(pk=pk, collection__in=collections_for_user(user)).exists()

    return check


def _collection(user, pk):
    return collections_for_user(user).filter(pk=pk).exists()


def _workflow(user, pk):
    from wagtail.models import Workflow

    return Workflow.objects.filter(
        pk=pk, workflow_pages__page_id__in=page_municipalities_of(user).values("root_page_id")
    ).exists()


def _task(user, pk):
    from wagtail.models import Task

    return Task.objects.filter(
        pk=pk,
        workflow_tasks__workflow__workflow_pages__page_id__in=page_municipalities_of(user).values(
            "root_page_id"
        ),
    ).exists()


def _redirect(user, pk):
    from wagtail.contrib.redirects.models import Redirect

    return Redirect.objects.filter(pk=pk, site__in=sites_for_user(user)).exists()


def _site(user, pk):
    return sites_for_user(user).filter(pk=pk).exists()


def _own_editing_session(user, pk):
    return EditingSession.objects.filter(pk=pk, user=user).exists()


def _own_upload(user, pk):
    return UploadedFile.objects.filter(pk=pk, uploaded_by_user=user).exists()


def _nobody(user, pk):
    return False


CHECKS = {
    "page": _page,
    "listed_page": _listed_page,
    "revision": _revision,
    "workflow_state": _workflow_state,
    "task_state": _task_state,
    "image": _in_collections(get_image_model()),
    "document": _in_collections(get_document_model()),
    "collection": _collection,
    "workflow": _workflow,
    "task": _task,
    "redirect": _redirect,
    "site": _site,
    "editing_session": _own_editing_session,
    "uploaded_file": _own_upload,
    "operators_only": _nobody,
}

# What an argument of an admin URL names.
KIND_OF_ARGUMENT = {
    "page_id": "page",
    "parent_page_id": "page",
    "page_to_move_id": "page",
    "destination_id": "page",
    "page_pk": "page",
    "revision_id": "revision",
    "task_state_id": "task_state",
    "workflow_state_id": "workflow_state",
    "task_id": "task",
    "workflow_pk": "workflow",
    "image_id": "image",
    "document_id": "document",
    "doc_id": "document",
    "collection_id": "collection",
    "redirect_id": "redirect",
    "session_id": "editing_session",
    "uploaded_file_id": "uploaded_file",
}

# Views whose "pk" (or "object_id") names a particular kind, by URL namespace or name.
KIND_OF_PK = {
    "wagtailadmin_api:pages": "page",
    "wagtailadmin_api:images": "image",
    "wagtailadmin_api:documents": "document",
    "wagtailadmin_pages": "page",
    "wagtailadmin_collections": "collection",
    "wagtailadmin_workflows:enable": "workflow",
    "wagtailadmin_workflows:disable": "workflow",
    "wagtailadmin_workflows:edit": "workflow",
    "wagtailadmin_workflows:usage": "workflow",
    "wagtailadmin_workflows:usage_results": "workflow",
    "wagtailadmin_workflows:edit_task": "task",
    "wagtailadmin_workflows:enable_task": "task",
    "wagtailadmin_workflows:disable_task": "task",
    "wagtaildocs_chooser": "document",
    "wagtailimages_chooser": "image",
    "wagtailsettings": "site",
    "wagtailadmin_editing_sessions:ping": "page",
}

# Views that take a list of ids in the query string ("?id=1&id=2"), and what they name.
KIND_OF_ID_LIST = {
    "wagtailadmin_choose_page_chosen_multiple": "listed_page",
    "wagtaildocs_chooser:chosen_multiple": "document",
    "wagtailimages_chooser:chosen_multiple": "image",
}
BULK_ACTION_MODELS = {
    "wagtailcore.page": "listed_page",
    "wagtailimages.image": "image",
    "wagtaildocs.document": "document",
}

# Wagtail's error-reporting test raises a 500 on purpose: the provider's, not the staff's.
# The task chooser lists every task of the installation without asking anything; tasks and
# workflows are set up by provisioning, and only operators edit them.
OPERATORS_ONLY = {
    "wagtailadmin_error_test",
    "wagtailadmin_workflows:task_chooser",
    "wagtailadmin_workflows:task_chooser_results",
    "wagtailadmin_workflows:task_chooser_create",
    "wagtailadmin_workflows:task_chosen",
}


def _kind_of_pk(view_name):
    if view_name in KIND_OF_PK:
        return KIND_OF_PK[view_name]
    namespace = view_name.rsplit(":", 1)[0]
    return KIND_OF_PK.get(namespace)


def named_objects(match, query):
    """(kind, id) for every object the resolved admin URL names."""
    view_name = match.view_name or ""
    if view_name in OPERATORS_ONLY:
        yield "operators_only", None
    for argument, value in match.kwargs.items():
        kind = KIND_OF_ARGUMENT.get(argument)
        if argument in ("pk", "object_id"):
            kind = _kind_of_pk(view_name)
        if kind is not None:
            yield kind, value
    if view_name == "wagtailadmin_pages:revisions_compare":
        for argument in ("revision_id_a", "revision_id_b"):
            if match.kwargs.get(argument, "").isdigit():
                yield "revision", match.kwargs[argument]
    list_kind = KIND_OF_ID_LIST.get(view_name)
    if view_name == "wagtail_bulk_action":
        model = f"{match.kwargs.get('app_label')}.{match.kwargs.get('model_name')}"
        list_kind = BULK_ACTION_MODELS.get(model, "operators_only")
    if list_kind is not None:
        for value in query.getlist("id"):
            yield list_kind, value


# Views that put a page somewhere else: the page and its new place must be in the same
# municipality's tree, whatever the user may do in each (a person who edits both A and B
# would otherwise carry B's page, and what it points at, into A). (view, argument of the
# page, where the new parent is named: a URL argument or a form field.)
MOVES = {
    "wagtailadmin_pages:move_confirm": ("page_to_move_id", "destination_id"),
    "wagtailadmin_pages:copy": ("page_id", "new_parent_page"),
    "wagtailadmin_api:pages:action": ("pk", "destination_page_id"),
}


# Views that put an image or a document into a collection (the "collection" form field): it
# must be a collection of the same municipality as the file's present one.
COLLECTION_MOVES = {
    "wagtailimages:edit": ("image_id", get_image_model(), "collection"),
    "wagtailimages:edit_multiple": ("image_id", get_image_model(), "image-{}-collection"),
    "wagtaildocs:edit": ("document_id", get_document_model(), "collection"),
    "wagtaildocs:edit_multiple": ("doc_id", get_document_model(), "doc-{}-collection"),
}


def _same_collection_tree(model, object_id, collection_id):
    current = model.objects.filter(pk=object_id).values_list("collection__path", flat=True).first()
    target = Collection.objects.filter(pk=collection_id).values_list("path", flat=True).first()
    if current is None or target is None:
        return True  # nothing to move: the view answers for itself
    prefix = 2 * Collection.steplen  # a municipality's collection is a child of the root
    return current[:prefix] == target[:prefix]


def _same_tree(first_id, second_id):
    """Both pages under the same site root (depth 2: a municipality's home or the portal's)."""
    paths = dict(Page.objects.filter(pk__in=[first_id, second_id]).values_list("pk", "path"))
    first, second = paths.get(int(first_id)), paths.get(int(second_id))
    if first is None or second is None:
        return True  # nothing to move: the view answers for itself
    prefix = 2 * Page.steplen
    return first[:prefix] == second[:prefix]


def _destination(request, match, place):
    if place in match.kwargs:
        return match.kwargs[place]
    if request.method != "POST":
        return None
    if place in request.POST:
        return request.POST.get(place)
    if request.content_type == "application/json":
        import json

        try:
            return json.loads(request.body or b"{}").get(place)
        except (ValueError, AttributeError):
            return None
    return None


def _valid_id(value):
    return value is None or str(value).isdigit()


# The request an admin view is answering: for forms Wagtail builds without the user (the
# privacy modal's group choices, sites.admin_scoping), which must still be narrowed to it.
current_admin_request = ContextVar("current_admin_request", default=None)


def current_admin_user():
    request = current_admin_request.get()
    return getattr(request, "user", None)


class AdminObjectGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(ADMIN_PREFIX):
            return self.get_response(request)
        token = current_admin_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_admin_request.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path.startswith(ADMIN_PREFIX):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if user.is_superuser:
            return None
        match = request.resolver_match
        for kind, value in named_objects(match, request.GET):
            if not _valid_id(value) or not CHECKS[kind](user, value):
                raise Http404
        if match.view_name in COLLECTION_MOVES and request.method == "POST":
            argument, model, field = COLLECTION_MOVES[match.view_name]
            collection = request.POST.get(field.format(match.kwargs.get(argument)))
            if collection and (
                not _valid_id(collection)
                or not _same_collection_tree(model, match.kwargs[argument], collection)
            ):
                raise Http404
        if match.view_name in MOVES:
            page_argument, place = MOVES[match.view_name]
            destination = _destination(request, match, place)
            if destination not in (None, "") and (
                not _valid_id(destination)
                or not _same_tree(match.kwargs[page_argument], destination)
            ):
                raise Http404
        return None
