"""The admin forms of municipal pages: what ``Page.clean()`` cannot see yet.

The page model's ``clean()`` (sites.references) checks the page's own fields when the form
validates it. It cannot tell which municipality a new page belongs to (a page has no place
in the tree before it is saved: the form knows its parent), and the rows of inline panels
(council members' photos, meeting documents…) and parental many-to-many choices reach the
page only when the form is saved. The form checks those, and shows an error on the row it
is about."""

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.contrib.forms.forms import WagtailAdminFormPageForm

from .references import municipality_of_page_path, reference_errors


class ReferencesCheckedFormMixin:
    _references_ok = None

    def is_valid(self):
        valid = super().is_valid()
        if not self.is_bound:  # a preview asked with no data yet: nothing to check
            return valid
        if self._references_ok is None:  # the views may ask more than once
            self._references_ok = self._check_references()
        return valid and self._references_ok

    def _check_references(self):
        parent = self.parent_page if not self.instance.path else None
        path = parent.path if parent is not None else self.instance.path
        municipality_id = municipality_of_page_path(path)
        if municipality_id is None:
            return True
        # Puts the chosen pages on the in-memory page only; nothing is written.
        self.save_cluster_m2m()
        ok = _add_errors(self, reference_errors(self.instance, municipality_id))
        for formset in self.formsets.values():
            for form in formset.forms:
                if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                    continue
                errors = reference_errors(form.instance, municipality_id)
                ok = _add_errors(form, errors) and ok
        return ok


def _add_errors(form, errors):
    """Add the messages the form does not show yet (the model's clean() may have found the
    same ones in the page's own fields)."""
    for key, messages in errors.items():
        field = key if key in form.fields else None
        shown = form.errors.get(field or "__all__")
        shown = {m for error in shown.as_data() for m in error.messages} if shown else set()
        new = [message for message in messages if str(message) not in shown]
        if new:
            form.add_error(field, new)
    return not errors


class MunicipalPageForm(ReferencesCheckedFormMixin, WagtailAdminPageForm):
    pass


class MunicipalFormPageForm(ReferencesCheckedFormMixin, WagtailAdminFormPageForm):
    pass
