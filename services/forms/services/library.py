"""The library and adoption: which forms a municipality serves, and how it starts one of its
own (customising a central template, or a local copy that no longer follows it)."""

import copy

from django.db import transaction
from django.utils.translation import gettext as _

from ..constants import FormKind, FormStatus
from ..definition import empty_definition
from ..models import FormCustomisation
from ..overlay import apply_overlay
from .errors import FormsError

# -- reading


def resolve(customisation):
    """(definition, conflicts) of the customisation's draft, as it would be published."""
    if customisation.kind == FormKind.LOCAL:
        return copy.deepcopy(customisation.local_definition), []
    return apply_overlay(customisation.base_version.definition, customisation.overlay)


def published_forms(municipality):
    from .updates import switch_if_due

    # A legal change whose date in force has come is served from the first request on,
    # whether or not the scheduler has run yet (one cache read while nothing is due).
    switch_if_due()
    return (
        FormCustomisation.objects.for_municipality(municipality)
        .filter(status=FormStatus.PUBLISHED, live_revision__isnull=False)
        .select_related("live_revision", "live_revision__template_version", "template")
        .order_by("category", "code")
    )


def live_form(municipality, code):
    return published_forms(municipality).filter(code=code).first()


def withdrawn_notice(municipality, code):
    """The notice to citizens of a form withdrawn because a legal deadline passed, or ""."""
    return (
        FormCustomisation.objects.for_municipality(municipality)
        .filter(code=code, status=FormStatus.WITHDRAWN)
        .values_list("withdrawn_notice", flat=True)
        .first()
        or ""
    )


# -- a municipality's own forms


@transaction.atomic
def adopt(municipality, template, user=None):
    """Start customising a central template (or return the customisation already made)."""
    if template.current_version_id is None or not template.is_active:
        raise FormsError(_("This template has no published version yet."))
    existing = (
        FormCustomisation.objects.for_municipality(municipality)
        .filter(template=template, kind=FormKind.OVERLAY)
        .first()
    )
    if existing:
        return existing
    return FormCustomisation.objects.create(
        municipality=municipality,
        kind=FormKind.OVERLAY,
        template=template,
        code=template.code,
        title=template.current_version.definition.get("title") or template.title,
        category=template.category,
        base_version=template.current_version,
        overlay={},
        updated_by=user,
    )


def _next_local_code(municipality):
    codes = set(
        FormCustomisation.objects.for_municipality(municipality)
        .filter(kind=FormKind.LOCAL)
        .values_list("code", flat=True)
    )
    number = 1
    while f"HELYI-{number:03d}" in codes:
        number += 1
    return f"HELYI-{number:03d}"


@transaction.atomic
def copy_as_local(municipality, template=None, user=None, title=""):
    """A fully local form: a copy of a template's current version (or an empty form)
    that no longer follows the central versions."""
    from ..constants import Category

    if template is not None:
        if template.current_version_id is None:
            raise FormsError(_("This template has no published version yet."))
        definition = copy.deepcopy(template.current_version.definition)
        title = title or _("%(title)s (local copy)") % {
            "title": definition.get("title") or template.title
        }
        definition["title"] = title
    else:
        title = title or _("New local form")
        definition = empty_definition(title)
        definition["steps"] = [{"key": "adatok", "title": _("Details"), "fields": []}]
    return FormCustomisation.objects.create(
        municipality=municipality,
        kind=FormKind.LOCAL,
        template=None,
        copied_from=template.current_version if template else None,
        code=_next_local_code(municipality),
        title=title[:255],
        category=template.category if template else Category.LOCAL,
        local_definition=definition,
        updated_by=user,
    )
