"""A service's check of a central template's answers together, before anything is stored.

The field types check each answer alone; some rules need several answers and the
service's own data (a change of opening hours must arrive 8 days before it starts; the
notary of another settlement is competent for this shop). A service registers a check
under the template's code::

    @answer_checks.register("IPAR-003")
    def opening_hours_notice(answers, context):
        return {"valtozas_kezdete": ["…"]}   # {field key: [Hungarian messages]}

``answers`` holds the cleaned answers of the fields being checked over the raw answers of
the rest (a wizard page checks one step; the summary and the submission check them all).
The check runs inside ``clean_submission``, so a refusal is an ordinary form error: the
citizen sees it on the field, with everything they typed kept, and nothing is submitted.
A check must not write anything."""

from sites.registry import Registry

answer_checks = Registry("form answer checks")


def template_code_of(customisation):
    """The central template's code of a municipality's form; "" for its own form."""
    if customisation is None or not customisation.template_id:
        return ""
    return customisation.template.code


def run_checks(context, cleaned, raw_answers):
    code = getattr(context, "template_code", "") if context is not None else ""
    check = answer_checks.get(code) if code else None
    if check is None:
        return {}
    errors = check({**raw_answers, **cleaned}, context) or {}
    return {key: [str(message) for message in messages] for key, messages in errors.items()}
