"""A municipality's content points only at its own pages, images, documents and records.

Wagtail's choosers post raw ids, so without a check a page, a site setting or a snippet of
one municipality could be saved pointing at another municipality's page, image or document,
which would then be shown on the first municipality's site. :func:`check_references` walks
every reference of a model instance — foreign keys and one-to-one keys, the rows of its
inline panels (ParentalKey children), StreamField blocks at any depth and rich text links
and embeds, the last two through Wagtail's own ``extract_references`` so no block type is
listed here — and refuses those that lead to another municipality. The models call it
from ``clean()``, so the admin, ``full_clean()`` in imports, ``save_revision()`` and
publishing a revision all obey it; provider operators too.

Who owns what:

- a page: the municipality whose root page is the page itself or one of its ancestors;
- an image or a document: the municipality whose media collection holds it, directly or
  in a sub-collection;
- a site setting: the municipality of its site;
- a tenant-owned record (e.g. a snippet): its ``municipality``.

Provider content belongs to no municipality: pages outside every municipality's tree (the
portal's), images and documents in collections outside every municipality's collection.
Only operators can put anything there and it is published for everyone, so a municipality
may point at it. Provider content itself (the portal's pages and its site's settings) is
not checked: the provider may link to any municipality.
"""

from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel, get_all_child_relations
from wagtail import blocks
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import Collection, Page

from .tenancy import TenantOwnedModel

PAGE, IMAGE, DOCUMENT, RECORD = "page", "image", "document", "record"

MESSAGES = {
    PAGE: _(
        "The field “%(field)s” points at a page of another municipality. "
        "Choose one of your own pages."
    ),
    IMAGE: _(
        "The field “%(field)s” points at an image of another municipality. "
        "Choose one of your own images."
    ),
    DOCUMENT: _(
        "The field “%(field)s” points at a document of another municipality. "
        "Choose one of your own documents."
    ),
    RECORD: _(
        "The field “%(field)s” points at an item of another municipality. "
        "Choose one of your own."
    ),
}

LABEL_SEPARATOR = " › "


def target_kind(model):
    """What kind of owned object a reference to ``model`` leads to, or None if the model
    belongs to no municipality (users, sites, revisions…)."""
    if issubclass(model, Page):
        return PAGE
    if issubclass(model, AbstractImage):
        return IMAGE
    if issubclass(model, AbstractDocument):
        return DOCUMENT
    if issubclass(model, TenantOwnedModel):
        return RECORD
    return None


@dataclass(frozen=True)
class Reference:
    """One reference found on an instance.

    ``field`` is the name of the instance's own field the reference is in, or None if it is
    in one of the instance's inline rows; ``label`` names it for the editor, down to the
    block or the row's field ("body › Gallery › Images")."""

    field: str | None
    label: str
    model: type
    pk: str

    @property
    def kind(self):
        return target_kind(self.model)


# -- walking an instance


def references_of(instance):
    """Every reference to a page, image, document or tenant-owned record the instance holds
    in its own fields, its parental many-to-many choices and its inline rows.

    Rows and many-to-many choices count as they are about to be saved: those the instance
    holds in memory (a form's, a revision's, an assignment's). Rows it does not hold are the
    database's, unchanged and checked when they were saved; reading them here would also
    keep an editor from correcting an old row in the very form that replaces it."""
    yield from _field_references(instance)
    in_memory = getattr(instance, "_cluster_related_objects", {})  # modelcluster's store
    for field in instance._meta.many_to_many:
        if (
            isinstance(field, ParentalManyToManyField)
            and field.name in in_memory
            and target_kind(field.related_model) is not None
        ):
            for chosen in getattr(instance, field.name).all():
                yield Reference(
                    _field_key(field), str(field.verbose_name), field.related_model,
                    str(chosen.pk),
                )
    if isinstance(instance, ClusterableModel):
        for relation in get_all_child_relations(instance):
            name = relation.get_accessor_name()
            if name not in in_memory:
                continue
            for row in getattr(instance, name).all():
                row_label = str(row._meta.verbose_name)
                for reference in references_of(row):
                    yield Reference(
                        None, f"{row_label}{LABEL_SEPARATOR}{reference.label}",
                        reference.model, reference.pk,
                    )


def _field_references(instance):
    for field in instance._meta.concrete_fields:
        if field.is_relation and (field.many_to_one or field.one_to_one):
            # The row's link to its parent page, and a page type's link to its Page row,
            # are the object's own structure, not content.
            if isinstance(field, ParentalKey) or field.remote_field.parent_link:
                continue
            if target_kind(field.related_model) is None:
                continue
            value = getattr(instance, field.attname)
            if value is not None:
                yield Reference(
                    _field_key(field), str(field.verbose_name), field.related_model, str(value)
                )
        elif hasattr(field, "extract_references"):
            value = field.value_from_object(instance)
            if value is None:
                continue
            stream_block = getattr(field, "stream_block", None)
            for model, pk, model_path, _content_path in field.extract_references(value):
                if target_kind(model) is None:
                    continue
                labels = [str(field.verbose_name), *_block_labels(stream_block, model_path)]
                yield Reference(_field_key(field), LABEL_SEPARATOR.join(labels), model, str(pk))


def _field_key(field):
    # An error on a field the admin form does not show (alias_of…) goes above the form.
    return field.name if field.editable else None


def _block_labels(block, model_path):
    """The labels of the blocks along a reference's model path ("gallery.images.item")."""
    labels = []
    for name in (model_path or "").split("."):
        if block is None or not name:
            break
        if isinstance(block, blocks.ListBlock) and name == "item":
            block = block.child_block
            continue
        block = getattr(block, "child_blocks", {}).get(name)
        if block is not None and block.label:
            labels.append(str(block.label))
    return labels


# -- who owns what


def _ancestor_paths(path, steplen):
    return [path[:end] for end in range(steplen, len(path) + 1, steplen)]


def _owners_by_tree_path(paths, owner_field, steplen):
    """{path: municipality id} for tree paths (pages or collections), through the
    municipality whose root (page or collection) is the node itself or an ancestor."""
    Municipality = apps.get_model("municipal", "Municipality")
    candidates = {prefix for path in paths for prefix in _ancestor_paths(path, steplen)}
    roots = dict(
        Municipality.objects.filter(**{f"{owner_field}__path__in": candidates}).values_list(
            f"{owner_field}__path", "pk"
        )
    )
    owners = {}
    for path in paths:
        owners[path] = next(
            (roots[prefix] for prefix in _ancestor_paths(path, steplen) if prefix in roots),
            None,
        )
    return owners


def _owners_of_targets(model, pks):
    """{pk as str: municipality id or None} for objects of one model; missing ids are left
    out (a chooser's stale id is not a reference to anybody's object)."""
    kind = target_kind(model)
    if kind == PAGE:
        paths = dict(Page.objects.filter(pk__in=pks).values_list("pk", "path"))
        owners = _owners_by_tree_path(set(paths.values()), "root_page", Page.steplen)
        return {str(pk): owners[path] for pk, path in paths.items()}
    if kind in (IMAGE, DOCUMENT):
        paths = dict(model.objects.filter(pk__in=pks).values_list("pk", "collection__path"))
        owners = _owners_by_tree_path(set(paths.values()), "collection", Collection.steplen)
        return {str(pk): owners[path] for pk, path in paths.items()}
    # The records' own manager wants a scope: here the scope is what is being found out.
    return {
        str(pk): municipality_id
        for pk, municipality_id in model._base_manager.filter(pk__in=pks).values_list(
            "pk", "municipality_id"
        )
    }


def municipality_of_page_path(path):
    """The id of the municipality whose tree holds the page at ``path``, or None."""
    return _owners_by_tree_path({path}, "root_page", Page.steplen)[path] if path else None


def municipality_of(instance):
    """The id of the municipality the instance's content belongs to, or None for provider
    content and for a page that is not in the tree yet (its form knows its parent)."""
    if isinstance(instance, Page):
        return municipality_of_page_path(instance.path)
    if isinstance(instance, BaseSiteSetting):
        Municipality = apps.get_model("municipal", "Municipality")
        return (
            Municipality.objects.filter(site_id=instance.site_id)
            .values_list("pk", flat=True)
            .first()
        )
    if isinstance(instance, TenantOwnedModel):
        return instance.municipality_id
    return None


# -- the check


def foreign_references(instance, municipality_id=None):
    """The instance's references to objects of a municipality other than its own
    (``municipality_id``, by default the one the instance belongs to)."""
    if municipality_id is None:
        municipality_id = municipality_of(instance)
    if municipality_id is None:
        return []
    references = list(references_of(instance))
    pks_by_model = {}
    for reference in references:
        pks_by_model.setdefault(reference.model, set()).add(reference.pk)
    owners = {}
    for model, pks in pks_by_model.items():
        for pk, owner in _owners_of_targets(model, pks).items():
            owners[model, pk] = owner
    return [
        reference
        for reference in references
        if owners.get((reference.model, reference.pk)) not in (None, municipality_id)
    ]


def reference_errors(instance, municipality_id=None):
    """{field name or NON_FIELD_ERRORS: [message, …]} for the foreign references."""
    errors = {}
    for reference in foreign_references(instance, municipality_id):
        message = MESSAGES[reference.kind] % {"field": reference.label}
        messages = errors.setdefault(reference.field or NON_FIELD_ERRORS, [])
        if message not in messages:
            messages.append(message)
    return errors


def check_references(instance, municipality_id=None):
    """Raise ValidationError if the instance points at another municipality's objects."""
    errors = reference_errors(instance, municipality_id)
    if errors:
        raise ValidationError(errors)


class ReferencesCheckedMixin:
    """For a model whose content belongs to a municipality (a site setting, a tenant-owned
    snippet): ``clean()`` refuses references to another municipality's objects."""

    def clean(self):
        super().clean()
        check_references(self)
