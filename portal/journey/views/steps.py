"""The wizard's step pages: which fields a step shows, how its part of the form is checked,
and the page itself. Helpers of ``wizard``."""

from django.core.files import File
from django.shortcuts import render

from services.forms import services as forms
from services.forms.services import (
    PATH_SEPARATOR,
    CleaningContext,
    SubmissionInvalid,
    clean_submission,
    form_context,
    identity_fields,
    requires_identification,
)
from sites import normalise

from ..services import representation_problem

CUT_OFF_MESSAGE = (
    "This form changed and its earlier version can no longer be submitted. "
    "Please fill in the current form."
)


def _open_files(submission, keys):
    """The draft's stored files of these fields, opened, as uploads to check again."""
    opened = {}
    for key, stored in forms.draft_files(submission).items():
        if key not in keys:
            continue
        try:
            opened[key] = File(stored.file.open("rb"), name=stored.original_name)
        except OSError:  # the storage lost it: the field counts as unanswered
            continue
    return opened


def _check(definition, data, draft, keys):
    """(errors, cleaned) of these answers against (a part of) the definition."""
    files = _open_files(draft.submission, keys)
    try:
        context = CleaningContext(
            municipality=draft.municipality,
            files=files,
            # The service's check of its template's answers (the trade register's) runs on
            # each page as on the submission: the citizen hears of a refusal where it arises.
            template_code=forms.template_code_of(draft.submission.revision.customisation),
            submitter=draft.submission.submitter,
        )
        cleaned = clean_submission(definition, data, files, context)
        return {}, cleaned
    except SubmissionInvalid as invalid:
        return invalid.errors, None
    finally:
        for upload in files.values():
            upload.close()


def _step_keys(step):
    keys = set()
    for spec in step.get("fields", []):
        keys.add(spec["key"])
    return keys


def _part(step):
    return {"steps": [step], "fee": {"kind": "none"}}


def _fields_for_page(step, data, errors, extra_rows, stored_files, locked_keys):
    fields = form_context(_part(step), data, errors, extra_rows)["steps"][0]["fields"]
    on_page = _step_keys(step)
    shown = []
    for item in fields:
        condition = item["spec"].get("visible_when")
        if condition and condition["field"] not in on_page:
            # Decided by an answer on another step: the server shows it or leaves it out.
            if not item["shown"]:
                continue
            item["condition"] = ""
        item["stored_file"] = stored_files.get(item["key"])
        item["identity_locked"] = item["key"] in locked_keys
        shown.append(item)
    return shown


def _progress(definition, current_index):
    return [
        {"title": s.get("title", ""), "key": s["key"], "state": _state(i, current_index)}
        for i, s in enumerate(definition["steps"])
    ]


def _state(index, current):
    if index < current:
        return "done"
    return "current" if index == current else "todo"


def _render_step(request, draft, definition, index, data, errors, extra_rows=None, status=200):
    step = definition["steps"][index]
    locked_keys = set(identity_fields(definition)) if requires_identification(definition) else set()
    # Each page of the wizard renews the session, so that it ends a full session age after
    # the citizen's last page and the warning below (step.html) can say when.
    request.session.modified = True
    return render(
        request,
        "journey/step.html",
        {
            "municipality": draft.municipality,
            "draft": draft,
            "customisation": draft.submission.revision.customisation,
            "definition": definition,
            "step": step,
            "step_number": index + 1,
            "step_count": len(definition["steps"]),
            "is_first": index == 0,
            "is_last": index == len(definition["steps"]) - 1,
            "progress": _progress(definition, index),
            "fields": _fields_for_page(
                step,
                data,
                errors,
                extra_rows or {},
                forms.draft_files(draft.submission),
                locked_keys,
            ),
            "error_count": len(errors),
            "cut_off": CUT_OFF_MESSAGE if forms.draft_expired(draft.submission) else "",
            "session_expires_at": request.session.get_expiry_date(),
            "representation_problem": representation_problem(
                draft.representation, draft.submission.revision.customisation
            ),
        },
        status=status,
    )


def _apply_row_action(action, data, step_keys):
    """remove_row:<group>:<index> on the posted answers; returns True when it applied."""
    _name, _sep, rest = action.partition(":")
    group, _sep, index = rest.partition(":")
    rows = data.get(group)
    row = normalise.parse_index(index)  # ASCII only: "²".isdigit() is true, int("²") fails
    if group in step_keys and row is not None and isinstance(rows, list):
        if row < len(rows):
            del rows[row]
            return True
    return False


def _first_step_with_error(definition, errors):
    keys = {path.split(PATH_SEPARATOR, 1)[0] for path in errors}
    for step in definition.get("steps", []):
        if keys & _step_keys(step):
            return step["key"]
    return definition["steps"][0]["key"]
