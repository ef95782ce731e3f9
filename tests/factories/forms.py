"""A municipality's forms: the provider's templates from the shipped library, adopted and
published, or the municipality's own. Built through the forms' façade, which alone writes
the forms' models."""

import json

import factory
from django.conf import settings

from services.forms import exchange
from services.forms import services as forms
from services.forms.designer import OverlayEditor
from services.forms.models import FormCustomisation

LIBRARY = settings.BASE_DIR / "data" / "form_templates"


def library_template(code):
    """The provider's template of this code, imported from data/form_templates (again: the
    import is idempotent)."""
    document = json.loads((LIBRARY / f"{code}.json").read_text(encoding="utf-8"))
    return exchange.import_template(document)[0]


class AdoptedFormFactory(factory.Factory):
    """A municipality's customisation of a library template, published unless
    ``published=False``; ``fee={"kind": "fixed", "amount": 3000}`` sets its fee through the
    designer, as an officer would."""

    class Meta:
        model = FormCustomisation

    class Params:
        code = "PANASZ-001"

    municipality = None
    template = factory.LazyAttribute(lambda form: library_template(form.code))
    fee = None
    published = True

    @classmethod
    def _create(cls, model_class, *, municipality, template, fee, published):
        customisation = forms.adopt(municipality, template)
        if fee is not None:
            editor = OverlayEditor(customisation.base_version.definition, customisation.overlay)
            editor.set_fee(fee)
            forms.save_customisation(customisation, overlay=editor.result())
        if published:
            forms.publish(customisation)
        return customisation


class LocalFormFactory(factory.Factory):
    """A municipality's own form with this definition (no template behind it), published
    unless ``published=False``."""

    class Meta:
        model = FormCustomisation

    municipality = None
    definition = None
    published = True

    @classmethod
    def _create(cls, model_class, *, municipality, definition, published):
        customisation = forms.copy_as_local(municipality, title=definition["title"])
        forms.save_customisation(customisation, definition=definition)
        if published:
            forms.publish(customisation)
        return customisation
