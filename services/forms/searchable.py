"""The forms as searchable kinds of the search layer (``sites.searchables``, issue 18).

Two kinds, registered from ``FormsConfig.ready()``:

* ``forms``: each municipality's **published** forms (a draft, a withdrawn form, or one
  of an inactive municipality is never found), with the municipality's name on every hit,
  as records of the search layer (a form's municipality is its filter field);
* ``form_templates``: the provider's central templates, found only in the fleet scope
  (the portal with "every municipality"): a municipality's own search shows what it
  publishes, not what it could.

The search layer sits beside the services and may not import them, so the forms announce
themselves at the bottom layer. The text indexed is what a citizen reads on the published
form (the live revision's title and introduction), its code, the template's description
and the field of administration, with a folded copy (``fold``) for "parkolasi"."""

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from sites.models import Municipality
from sites.normalise import fold
from sites.searchables import Hit, Record, RecordKind, SearchableKind, records_changed, searchables

from .constants import Category
from .services.library import published_forms

__all__ = ["fold", "forms_changed", "register_search_kinds", "template_text"]


def _category_label(value):
    # Indexed in Hungarian whatever language the indexing request or task runs in: the
    # citizens search in Hungarian ("helyi adók").
    with translation.override("hu"):
        return str(dict(Category.choices).get(value, ""))


def _definition_text(definition):
    definition = definition or {}
    return " ".join(
        str(part) for part in (definition.get("title"), definition.get("intro")) if part
    )


def _code_words(code):
    # "KOZT-001" as typed, and as words: PostgreSQL's parser reads "-001" as a negative
    # number, which a query for "KOZT-001" (cleaned to "KOZT 001") would never meet.
    return f"{code} {code.replace('-', ' ')}"


def template_text(template):
    parts = [_code_words(template.code), template.title, template.description]
    if template.current_version_id:
        parts.append(_definition_text(template.current_version.definition))
    parts.append(_category_label(template.category))
    return " ".join(part for part in parts if part)


class PublishedFormKind(RecordKind):
    """A municipality's published forms as the search layer's records: a form is not a
    page, and the layer keeps such records in its own index with the municipality as a
    filter field (``sites.searchables.RecordKind``). Refreshed whenever the published
    set changes (:func:`forms_changed`)."""

    name = "forms"
    label = _("Online forms")
    order = 5
    date_field = "date"

    def records(self, municipality):
        if not municipality.active:
            return []  # an inactive municipality serves no form
        records = []
        for form in published_forms(municipality):
            definition = form.live_revision.definition or {}
            try:
                url = reverse("forms:detail", args=[form.code])
            except NoReverseMatch:
                continue
            records.append(
                Record(
                    key=form.code,
                    title=definition.get("title") or form.title,
                    text=_record_text(form, definition),
                    url=url,
                    date=form.live_revision.created_at.date(),
                )
            )
        return records


def _record_text(form, definition):
    """What a result's snippet is cut from: the introduction a citizen reads first, then
    what else the form is found by (the template's description, the field, the code)."""
    parts = [
        definition.get("intro"),
        form.template.description if form.template_id else "",
        _category_label(form.category),
        _code_words(form.code),
    ]
    return " · ".join(str(part) for part in parts if part)


def forms_changed(municipality_id):
    """The municipality's published forms changed: the search layer refreshes its records
    once the change commits, once however many forms the transaction touched."""
    connection = transaction.get_connection()
    queued = (callback for _ids, callback, _robust in connection.run_on_commit)
    if any(
        getattr(callback, "forms_search", None) == municipality_id
        and not getattr(callback, "done", False)
        for callback in queued
    ):
        return

    def refresh():
        refresh.done = True
        municipality = Municipality.objects.filter(pk=municipality_id).first()
        if municipality is not None:
            records_changed(PublishedFormKind.name, municipality)

    refresh.forms_search = municipality_id
    transaction.on_commit(refresh)


class TemplateKind(SearchableKind):
    name = "form_templates"
    label = _("Central form templates")
    order = 6

    def queryset(self, scope):
        from .models import FormTemplate

        if not scope.is_fleet:
            return FormTemplate.objects.none()
        return FormTemplate.objects.filter(is_active=True, current_version__isnull=False)

    def hits(self, objects, scope):
        return [
            Hit(
                kind=self.name,
                title=template.title,
                url="",
                text=" ".join(part for part in (template.code, template.description) if part),
                extra={"code": template.code, "category": template.category},
            )
            for template in objects
        ]


def register_search_kinds():
    searchables.register(PublishedFormKind.name, PublishedFormKind())
    searchables.register(TemplateKind.name, TemplateKind())
