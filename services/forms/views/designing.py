"""The designer's POST actions, shared by the provider's template editor and the
municipality's form editor. ``DesignerMixin`` needs ``get_editor()`` and ``save_editor()``."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from sites.workspace import ActionTableMixin

from ..definition import find_field, validate_definition
from ..designer import DesignerError, choices_text
from ..forms import FeeForm, FieldConfigForm, MetaForm, StepForm
from ..render import field_choices, form_context
from ..services import FormsError


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
                initial=FeeForm.initial_for(resolved.get("fee")), group_choices=groups
            ),
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
        "meta": "design_meta",
        "fee": "design_fee",
        "add_step": "design_add_step",
        "add_field": "design_field",
        "edit_field": "design_field",
        "move_up": "design_move",
        "move_down": "design_move",
        "hide": "design_hide",
        "unhide": "design_hide",
        "remove_field": "design_remove_field",
        "remove_step": "design_remove_step",
    }

    def unknown_action(self, name):
        raise DesignerError(_("Unknown action."))

    def handle_action(self, request, editor):
        """Apply one POSTed action; returns a redirect, or the field form with its errors
        to show again."""
        action = request.POST.get("action")
        key = request.POST.get("key", "")
        try:
            invalid = self.get_handler(action)(request, editor, action, key)
            if invalid is not None:
                return invalid
            self.save_editor(editor)
        except (DesignerError, FormsError) as error:
            for problem in getattr(error, "problems", [str(error)]):
                messages.error(request, str(problem))
            return redirect(request.path)
        messages.success(request, _("Saved. The preview shows the change."))
        return redirect(request.path + (f"#mezo-{key}" if key else ""))

    # -- the handlers: each changes the editor, or raises DesignerError saying what to fix

    def design_meta(self, request, editor, action, key):
        form = MetaForm(request.POST, can_require_identification=not editor.is_overlay)
        if not form.is_valid():
            raise DesignerError(_("Give the form a title."))
        editor.set_meta(form.cleaned_data)

    def design_fee(self, request, editor, action, key):
        groups = [
            (s["key"], s["key"])
            for s in self._top_fields(editor.resolved())
            if s["type"] == "group"
        ]
        form = FeeForm(request.POST, group_choices=groups)
        if not form.is_valid():
            raise DesignerError(" ".join(m for errs in form.errors.values() for m in errs))
        editor.set_fee(form.fee())

    def design_add_step(self, request, editor, action, key):
        form = StepForm(request.POST)
        if not form.is_valid():
            raise DesignerError(_("Give the step a title."))
        editor.add_step(form.cleaned_data["title"])

    def design_field(self, request, editor, action, key):
        form = FieldConfigForm(request.POST, condition_choices=field_choices(editor.resolved()))
        if not form.is_valid():
            return form
        if action == "add_field":
            editor.add_field(
                form.cleaned_data["step"],
                form.cleaned_data,
                form.cleaned_data.get("group") or None,
            )
        else:
            editor.edit_field(key, form.cleaned_data)
        return None

    def design_move(self, request, editor, action, key):
        editor.move_field(key, action.removeprefix("move_"))

    def design_hide(self, request, editor, action, key):
        editor.hide_field(key, hidden=action == "hide")

    def design_remove_field(self, request, editor, action, key):
        editor.remove_field(key)

    def design_remove_step(self, request, editor, action, key):
        editor.remove_step(key)
