"""Which rows of which models are one municipality's: the export's plan.

The plan is read from the app registry, not written out model by model: a model with a
``municipality`` foreign key is the municipality's (every tenant-owned record), and so is
a model with a foreign key to a row that is (a page's orderables, a collection's images and
documents, a role group's permissions, a case's related cases). A model added tomorrow is
therefore exported tomorrow, as tests/isolation requests tomorrow's URLs; no service needs
an export function of its own, and nothing here imports another app's modules.

Wagtail keeps some of a site in trees and generic relations rather than foreign keys:
those roots are named in :func:`_seeds` (the page tree under the municipality's root page,
its collection tree, its role groups, its pages' revisions and workflows).

Rows of the provider that the municipality's rows point at (the central form library's
templates and versions, a legal notice, a search word) are exported as *shared*: the
import adds them where the installation lacks them and leaves them alone where it has them.
Accounts are exported without their password (see :mod:`.users`)."""

from dataclasses import dataclass

from django.apps import apps
from django.db.models import CharField, Q
from django.db.models.functions import Cast

# What is left out, and why (docs/export-schema.md repeats this for the reader).
EXCLUDED = {
    # Regenerated from the original image on the first request.
    "wagtailimages.Rendition",
    # Indexes rebuilt after an import (manage.py update_index, rebuild_references_index).
    "wagtailsearch.IndexEntry",
    "wagtailcore.ReferenceIndex",
    # The exports themselves: an export does not carry its predecessors.
    "dataexport.ExportJob",
    # Admin editing state: a person's half-typed form, not data of the municipality.
    "wagtailadmin.EditingSession",
    "wagtailadmin.FormState",
}

# Matched in the target installation by a natural key rather than restored: the
# migrations make them, with ids that differ from one installation to another.
MATCHED = {"contenttypes.ContentType", "auth.Permission", "wagtailcore.Locale"}
# Exported by .users, without passwords.
USER = "auth.User"


@dataclass
class Entity:
    """The rows of one model that the export carries."""

    model: type
    queryset: object
    shared: bool = False

    @property
    def label(self):
        return self.model._meta.label


def _is_candidate(model):
    meta = model._meta
    return not meta.proxy and meta.managed and meta.label not in EXCLUDED | MATCHED | {USER}


def _foreign_keys(model):
    # Foreign keys and one-to-one fields alike (a site's settings are one-to-one with it).
    return [
        f
        for f in model._meta.local_concrete_fields
        if f.is_relation and (f.many_to_one or f.one_to_one)
    ]


def _rows(model):
    # The base manager: tenant-owned models' default manager insists on a scope, which the
    # filters below give by their own means.
    return model._base_manager.all()


def _seeds(municipality):
    """The roots Wagtail keeps outside plain foreign keys to the municipality."""
    Municipality = apps.get_model("municipal", "Municipality")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    Site = apps.get_model("wagtailcore", "Site")
    Group = apps.get_model("auth", "Group")
    RoleGroup = apps.get_model("municipal", "RoleGroup")
    Revision = apps.get_model("wagtailcore", "Revision")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    ContentType = apps.get_model("contenttypes", "ContentType")

    # A municipality whose provisioning did not finish may lack its page or collection tree.
    root_page, collection = municipality.root_page, municipality.collection
    pages = _rows(Page).none()
    if root_page is not None:
        pages = _rows(Page).filter(path__startswith=root_page.path)
    page_type = ContentType.objects.get_for_model(Page)
    page_keys = pages.annotate(key=Cast("pk", CharField())).values("key")
    workflows = _rows(Workflow).filter(
        pk__in=_rows(WorkflowPage).filter(page__in=pages).values("workflow_id")
    )
    return {
        Municipality: _rows(Municipality).filter(pk=municipality.pk),
        Site: _rows(Site).filter(pk=municipality.site_id),
        Page: pages,
        Collection: _rows(Collection).filter(path__startswith=collection.path)
        if collection is not None
        else _rows(Collection).none(),
        Group: _rows(Group).filter(
            pk__in=RoleGroup.objects.for_municipality(municipality).values("group_id")
        ),
        Revision: _rows(Revision).filter(base_content_type=page_type, object_id__in=page_keys),
        WorkflowState: _rows(WorkflowState).filter(
            base_content_type=page_type, object_id__in=page_keys
        ),
        Workflow: workflows,
        Task: _rows(Task).filter(
            pk__in=_rows(WorkflowTask).filter(workflow__in=workflows).values("task_id")
        ),
    }


def plan(municipality):
    """The entities of one municipality's export, in an order where a row's foreign keys
    point at rows of earlier entities wherever the relations allow (cycles aside)."""
    models = [m for m in apps.get_models(include_auto_created=True) if _is_candidate(m)]
    owned = _seeds(municipality)
    for model in models:
        if model not in owned and any(f.name == "municipality" for f in _foreign_keys(model)):
            owned[model] = _rows(model).filter(municipality=municipality)
    # A child of a multi-table inheritance (a page type, an approval task) follows its
    # parent's rows; a model pointing at owned rows is owned: until nothing changes.
    changed = True
    while changed:
        changed = False
        for model in models:
            if model in owned:
                continue
            parents = [p for p in model._meta.parents if p in owned]
            if parents:
                owned[model] = _rows(model).filter(pk__in=owned[parents[0]].values("pk"))
                changed = True
                continue
            condition = Q()
            for field in _foreign_keys(model):
                if field.related_model in owned:
                    condition |= Q(**{f"{field.name}__in": owned[field.related_model]})
            if condition:
                owned[model] = _rows(model).filter(condition)
                changed = True
    shared = _shared(owned)
    entities = [Entity(model, queryset) for model, queryset in owned.items()]
    entities += [Entity(model, queryset, shared=True) for model, queryset in shared.items()]
    return _in_dependency_order(entities)


def _shared(owned):
    """The provider's rows that owned rows point at (and what those point at)."""
    tenant_shaped = set(owned)
    shared = {}
    sources = dict(owned)
    while sources:
        found = {}
        for model, queryset in sources.items():
            for field in _foreign_keys(model):
                target = field.related_model
                if target in tenant_shaped or not _is_candidate(target):
                    continue
                found.setdefault(target, Q())
                found[target] |= Q(pk__in=queryset.values(field.attname))
        sources = {}
        for target, condition in found.items():
            queryset = _rows(target).filter(condition)
            if target in shared:
                shared[target] = shared[target] | queryset
            else:
                shared[target] = queryset
                sources[target] = queryset
    return shared


def _in_dependency_order(entities):
    by_model = {entity.model: entity for entity in entities}
    ordered, seen = [], set()

    def visit(model, trail):
        if model in seen or model in trail:
            return
        trail.add(model)
        for parent in model._meta.parents:
            if parent in by_model:
                visit(parent, trail)
        for field in _foreign_keys(model):
            if field.related_model in by_model and field.related_model is not model:
                visit(field.related_model, trail)
        seen.add(model)
        ordered.append(by_model[model])

    for entity in sorted(entities, key=lambda e: e.label):
        visit(entity.model, set())
    return ordered


def user_ids(entities):
    """Every account a row of the export names: staff, officers, citizens, authors."""
    User = apps.get_model("auth", "User")
    condition = Q(pk__in=[])
    for entity in entities:
        for field in _foreign_keys(entity.model):
            if field.related_model is User:
                condition |= Q(pk__in=entity.queryset.values(field.attname))
    return _rows(User).filter(condition)
