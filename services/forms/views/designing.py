"""The designer's POST actions, shared by the provider's template editor and the
municipality's form editor. ``DesignerMixin`` needs ``get_editor()`` and ``save_editor()``.

Its actions are a table (sites.workspace.ActionTableMixin): most change the form under
design through the editor (``editing(...)``: the view saves the editor and says so); a view
adds its own, which answer by themselves (e.g. publishing a template version)."""

from functools import partial

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from sites.workspace import ActionTableMixin

from ..definition import find_field, validate_definition
from ..designer import DesignerError, choices_text
from ..forms import FeeForm, FieldConfigForm, MetaForm, StepForm
from ..render import field_choices, form_context
from ..services import FormsError


def editing(name, *arguments):
    """An action that changes the form under design with the method ``name``, which takes
    ``arguments``, the editor and the posted field key, and returns nothing or a field form
    with its errors to show again."""

    def handler(view, target):
        return view.edit(partial(getattr(view, name), *arguments))

    return handler


class DesignerMixin(ActionTableMixin):
    designer_template = "forms/admin/designer.html"
    can_lock = False

    def designer_context(self, editor, field_form=None, edit_key=None):
        resolved = editor.resolved()
        groups = [
            (s["key"], s.get("label", ""))
            for s in self._top_fields(resolved)
            if s["type"] == "group"
        ]
        edit_spec = None
        if edit_key:
            found = find_field(resolved, edit_key)
            if found:
                edit_spec = found[1][found[2]]
        if field_form is None and edit_spec is not None:
            options = edit_spec.get("options", {})
            field_form = FieldConfigForm(
                initial={
                    "type": edit_spec["type"],
                    "label": edit_spec.get("label"),
                    "help_text": edit_spec.get("help_text", ""),
                    "required": edit_spec.get("required"),
                    "locked": edit_spec.get("locked"),
                    "statutory": edit_spec.get("statutory", ""),
                    "choices": choices_text(edit_spec),
                    "local_only": options.get("local_only"),
                    "allowed_types": ", ".join(options.get("allowed_types", [])),
                    "condition_field": edit_spec.get("visible_when", {}).get("field", ""),
                    "condition_value": edit_spec.get("visible_when", {}).get("equals", ""),
                    **{
                        k: options.get(k)
                        for k in ("min", "max", "max_length", "max_size_mb", "min_rows", "max_rows")
                        if not isinstance(options.get(k), str)
                    },
                },
                condition_choices=field_choices(resolved),
            )
        return {
            "editor": editor,
            "resolved": resolved,
            "structure": form_context(resolved)["steps"],
            "hidden_fields": self._hidden(editor),
            "problems": validate_definition(resolved),
            "meta_form": MetaForm(
                initial={
                    **{
                        k: resolved.get(k, "")
                        for k in ("title", "intro", "office", "handling_group")
                    },
                    "requires_identification": resolved.get("requires_identification", False),
                },
                can_require_identification=not editor.is_overlay,
            ),
            "fee_form": FeeForm(
                initial={
                    **FeeForm.initial_for(resolved.get("fee")),
                    "statutory": resolved.get("fee_statutory", ""),
                },
                group_choices=groups,
            ),
            "fee_statutory": editor.is_overlay and editor.base.get("fee_statutory", ""),
            "step_form": StepForm(),
            "field_form": field_form or FieldConfigForm(condition_choices=field_choices(resolved)),
            "edit_spec": edit_spec,
            "can_lock": self.can_lock,
        }

    @staticmethod
    def _top_fields(definition):
        return [spec for step in definition.get("steps", []) for spec in step.get("fields", [])]

    def _hidden(self, editor):
        if not editor.is_overlay:
            return []
        base = editor.base
        return [
            {
                "key": key,
                "label": find_field(base, key)[1][find_field(base, key)[2]].get("label", key),
            }
            for key in editor.overlay["hidden"]
            if find_field(base, key)
        ]

    actions = {
        "meta": editing("design_meta"),
        "fee": editing("design_fee"),
        "add_step": editing("design_add_step"),
        "add_field": editing("design_add_field"),
        "edit_field": editing("design_edit_field"),
        "move_up": editing("design_move", "up"),
        "move_down": editing("design_move", "down"),
        "hide": editing("design_hide", True),
        "unhide": editing("design_hide", False),
        "remove_field": editing("design_remove_field"),
        "remove_step": editing("design_remove_step"),
    }

    def unknown_action(self, name):
        return partial(self.refuse, [_("Unknown action.")])

    def refuse(self, problems, target=None):
        for problem in problems:
            messages.error(self.request, str(problem))
        return redirect(self.request.path)

    def edit(self, change):
        """Apply one change to the editor and save it; a redirect, or the page again with
        the field form's errors."""
        request = self.request
        key = request.POST.get("key", "")
        editor = self.get_editor()
        try:
            invalid = change(editor, key)
            if invalid is not None:
                return self.render_to_response(self.get_context_data(field_form=invalid))
            self.save_editor(editor)
        except (DesignerError, FormsError) as error:
            return self.refuse(getattr(error, "problems", [str(error)]))
        messages.success(request, _("Saved. The preview shows the change."))
        return redirect(request.path + (f"#mezo-{key}" if key else ""))

    # -- the changes: each changes the editor, or raises DesignerError saying what to fix

    def design_meta(self, editor, key):
        form = MetaForm(self.request.POST, can_require_identification=not editor.is_overlay)
        if not form.is_valid():
            raise DesignerError(_("Give the form a title."))
        editor.set_meta(form.cleaned_data)

    def design_fee(self, editor, key):
        groups = [
            (s["key"], s["key"])
            for s in self._top_fields(editor.resolved())
            if s["type"] == "group"
        ]
        form = FeeForm(self.request.POST, group_choices=groups)
        if not form.is_valid():
            raise DesignerError(" ".join(m for errs in form.errors.values() for m in errs))
        editor.set_fee(form.fee(), statutory=form.cleaned_data.get("statutory"))

    def design_add_step(self, editor, key):
        form = StepForm(self.request.POST)
        if not form.is_valid():
            raise DesignerError(_("Give the step a title."))
        editor.add_step(form.cleaned_data["title"])

    def _field_form(self, editor):
        return FieldConfigForm(
            self.request.POST, condition_choices=field_choices(editor.resolved())
        )

    def design_add_field(self, editor, key):
        form = self._field_form(editor)
        if not form.is_valid():
            return form
        data = form.cleaned_data
        editor.add_field(data["step"], data, data.get("group") or None)
        return None

    def design_edit_field(self, editor, key):
        form = self._field_form(editor)
        if not form.is_valid():
            return form
        editor.edit_field(key, form.cleaned_data)
        return None

    def design_move(self, direction, editor, key):
        editor.move_field(key, direction)

    def design_hide(self, hidden, editor, key):
        editor.hide_field(key, hidden=hidden)

    def design_remove_field(self, editor, key):
        editor.remove_field(key)

    def design_remove_step(self, editor, key):
        editor.remove_step(key)
