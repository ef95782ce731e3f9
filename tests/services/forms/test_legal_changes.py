"""Issue #22: legal changes that behave like the law.

Statutory parts win over local customisation and are reported in plain words; versions go
live at their date in force; resolving is safe and always possible; deadlines have teeth;
citizens' drafts cross versions."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from services.forms import services
from services.forms.constants import (
    DeadlinePolicy,
    FormEventKind,
    FormStatus,
    UpdateOutcome,
)
from services.forms.designer import OverlayEditor
from services.forms.models import FormCustomisation, FormEvent, FormNotification, FormTemplate
from services.forms.services.legal_changes import staged_version
from sites.constants import StaffRole

NOW = timezone.now()


def definition(fee=2000, fee_statutory="", **fields):
    spec = {
        "title": "Próba kérelem",
        "fee": {"kind": "fixed", "amount": fee},
        "steps": [
            {
                "key": "adatok",
                "title": "Adatok",
                "fields": [
                    {"key": "nev", "type": "text", "label": "Név", "required": True},
                    {
                        "key": "cel",
                        "type": "choice",
                        "label": "A kérelem célja",
                        "required": True,
                        "options": {
                            "choices": [
                                {"value": "lakas", "label": "Lakás"},
                                {"value": "uzlet", "label": "Üzlet"},
                            ]
                        },
                    },
                    {
                        "key": "darab",
                        "type": "integer",
                        "label": "Darabszám",
                        "required": False,
                        "options": {"max": 100},
                    },
                    {"key": "megjegyzes", "type": "text", "label": "Megjegyzés"},
                ],
            }
        ],
    }
    if fee_statutory:
        spec["fee_statutory"] = fee_statutory
    for key, changes in fields.items():
        field = next(f for f in spec["steps"][0]["fields"] if f["key"] == key)
        field.update(changes)
    return spec


@pytest.fixture
def template(db):
    template = FormTemplate.objects.create(
        code="PROB-001", title="Próba kérelem", category="helyi", draft_definition=definition()
    )
    services.publish_template_version(template, definition(), change_note="Első változat")
    template.refresh_from_db()
    return template


def customise(municipality, template, *, publish=True, **edits):
    customisation = services.adopt(municipality, template)
    editor = OverlayEditor(customisation.base_version.definition, customisation.overlay)
    if "fee" in edits:
        editor.set_fee({"kind": "fixed", "amount": edits.pop("fee")})
    base = customisation.base_version.definition
    for key, data in edits.items():
        spec = next(f for f in base["steps"][0]["fields"] if f["key"] == key)
        editor.edit_field(
            key,
            {
                "label": spec["label"],
                "required": spec.get("required", False),
                "choices": "\n".join(
                    f"{c['value']}|{c['label']}" for c in spec.get("options", {}).get("choices", [])
                ),
                "max": spec.get("options", {}).get("max"),
                **data,
            },
        )
    services.save_customisation(customisation, overlay=editor.result())
    if publish:
        services.publish(customisation)
    return FormCustomisation.objects.unscoped().get(pk=customisation.pk)


def fresh(customisation):
    return FormCustomisation.objects.unscoped().get(pk=customisation.pk)


def served(customisation):
    return fresh(customisation).live_revision.definition


def field(definition, key):
    return next(f for s in definition["steps"] for f in s["fields"] if f["key"] == key)


# -- 2. statutory parts


def test_a_statutory_fee_reaches_a_municipality_with_its_own_fee(municipality_a, template):
    form = customise(municipality_a, template, fee=3000)
    assert served(form)["fee"] == {"kind": "fixed", "amount": 3000}
    version, report = services.publish_template_version(
        template,
        definition(fee=5000, fee_statutory="1990. évi XCIII. törvény"),
        change_note="Új illeték",
    )
    assert report[UpdateOutcome.MOVED] == 1
    assert served(form)["fee"] == {"kind": "fixed", "amount": 5000}
    notice = FormNotification.objects.for_municipality(municipality_a).get(template_version=version)
    assert not notice.conflicts
    text = " ".join(notice.statements)
    assert "5\u00a0000\u00a0Ft" in text and "1990. évi XCIII. törvény" in text


def test_statutory_wording_wins_over_a_relabelling_and_is_reported(municipality_a, template):
    form = customise(municipality_a, template, nev={"label": "Az Ön neve"})
    services.publish_template_version(
        template,
        definition(nev={"label": "Kérelmező családi és utóneve", "statutory": "Ákr. 36. §"}),
        change_note="Jogszabályi szöveg",
    )
    assert field(served(form), "nev")["label"] == "Kérelmező családi és utóneve"
    notice = FormNotification.objects.for_municipality(municipality_a).latest("created_at")
    assert notice.outcome == UpdateOutcome.MOVED and not notice.conflicts
    assert any("Kérelmező családi és utóneve" in s for s in notice.statements)
    # the overridden change is gone from the customisation, not silently kept
    assert "nev" not in fresh(form).live_revision.overlay["changes"]


def test_choices_the_provider_adds_reach_a_municipality_that_relabelled_them(
    municipality_a, template
):
    form = customise(municipality_a, template, cel={"choices": "lakas|Lakóingatlan\nuzlet|Üzlet"})
    new = definition()
    field(new, "cel")["options"]["choices"].append({"value": "garazs", "label": "Garázs"})
    services.publish_template_version(template, new, change_note="Új cél")
    choices = field(served(form), "cel")["options"]["choices"]
    assert [c["value"] for c in choices] == ["lakas", "uzlet", "garazs"]
    assert choices[0]["label"] == "Lakóingatlan"


def test_a_customised_non_statutory_part_is_offered_to_keep_or_take(municipality_a, template):
    form = customise(municipality_a, template, megjegyzes={"label": "Egyéb közlendő"})
    services.publish_template_version(
        template, definition(megjegyzes={"label": "Megjegyzés, kérés"}), change_note="Szöveg"
    )
    notice = FormNotification.objects.for_municipality(municipality_a).latest("created_at")
    assert [d["key"] for d in notice.decisions] == ["megjegyzes"]
    assert field(served(form), "megjegyzes")["label"] == "Egyéb közlendő"  # kept until decided
    services.decide(notice, "megjegyzes", take=True)
    assert field(served(form), "megjegyzes")["label"] == "Megjegyzés, kérés"
    notice.refresh_from_db()
    assert notice.decisions[0]["decided"] == "taken"
    with pytest.raises(services.FormsError):
        services.decide(notice, "megjegyzes", take=False)


# -- 1. effective dates


def test_a_version_is_staged_until_its_date_in_force(municipality_a, municipality_b, template):
    form_a = customise(municipality_a, template, fee=3000)
    form_b = customise(municipality_b, template)
    tomorrow = NOW + datetime.timedelta(days=1)
    version, report = services.publish_template_version(
        template,
        definition(fee=5000, fee_statutory="Itv. 29. §"),
        change_note="Új illeték",
        effective_from=tomorrow,
    )
    assert report[UpdateOutcome.STAGED] == 2
    assert served(form_a)["fee"]["amount"] == 3000  # not yet
    assert staged_version(fresh(form_a)) == version
    _version, preview, statements = services.preview_staged(fresh(form_a))
    assert preview["fee"]["amount"] == 5000 and statements
    # the scheduler's run before the date does nothing; after it, everybody switches once
    assert services.apply_due_versions(now=NOW) == 0
    assert services.apply_due_versions(now=tomorrow + datetime.timedelta(minutes=1)) == 1
    assert services.apply_due_versions(now=tomorrow + datetime.timedelta(minutes=2)) == 0
    assert served(form_a)["fee"]["amount"] == 5000
    assert served(form_b)["fee"]["amount"] == 5000
    template.refresh_from_db()
    assert template.current_version == version


def test_the_switch_happens_lazily_at_the_first_request_after_the_date(municipality_a, template):
    form = customise(municipality_a, template)
    now = timezone.now()
    services.publish_template_version(
        template,
        definition(fee=5000),
        change_note="Új díj",
        effective_from=now + datetime.timedelta(seconds=30),
    )
    services.switch_if_due(now=now)
    assert served(form)["fee"]["amount"] == 2000
    services.switch_if_due(now=now + datetime.timedelta(seconds=31))
    assert served(form)["fee"]["amount"] == 5000


# -- 3. resolving


def test_a_conflict_is_resolved_in_advance_and_switches_at_the_date(
    municipality_a, municipality_b, template
):
    held = customise(municipality_a, template, darab={"max": 50})
    other = customise(municipality_b, template, darab={"max": 50})
    new = definition()
    field(new, "darab").update({"type": "text", "options": {"max_length": 20}})
    tomorrow = NOW + datetime.timedelta(days=1)
    services.publish_template_version(
        template, new, change_note="Szövegmező", effective_from=tomorrow
    )
    held = fresh(held)
    assert held.conflicts[0]["reason"] == "type_changed"
    assert held.conflicts[0]["label"] == "Darabszám"
    assert [d["label"] for d in services.resolution_preview(held)] == ["Darabszám"]
    services.resolve_conflicts(held)
    assert fresh(held).conflicts == [] and field(served(held), "darab")["type"] == "integer"
    services.apply_due_versions(now=tomorrow + datetime.timedelta(minutes=1))
    assert field(served(held), "darab")["type"] == "text"
    # the municipality that did not resolve keeps serving the old version
    assert field(served(other), "darab")["type"] == "integer"
    assert fresh(other).conflicts


def test_resolving_never_publishes_an_unpublished_draft(municipality_a, template):
    form = customise(municipality_a, template, darab={"max": 50})
    # an unpublished draft change
    editor = OverlayEditor(form.base_version.definition, form.overlay)
    editor.set_meta({"intro": "Még nem közzétett bevezető"})
    services.save_customisation(form, overlay=editor.result())
    new = definition()
    field(new, "darab").update({"type": "text", "options": {}})
    version, _report = services.publish_template_version(template, new, change_note="Típus")
    form = fresh(form)
    assert form.conflict_version == version
    services.resolve_conflicts(form)
    form = fresh(form)
    assert form.live_revision.template_version == version
    assert "intro" not in form.live_revision.overlay["meta"]
    assert form.overlay["meta"]["intro"] == "Még nem közzétett bevezető"
    assert form.base_version == version and form.status == FormStatus.PUBLISHED


def test_a_conflict_can_always_be_resolved(municipality_a, template):
    """A local field conditional on a field the new version removed: the form does not fit
    together; resolving drops what it must and names it by label."""
    form = services.adopt(municipality_a, template)
    editor = OverlayEditor(form.base_version.definition, form.overlay)
    editor.add_field(
        "adatok",
        {
            "type": "text",
            "label": "Helyi kérdés",
            "required": False,
            "condition_field": "megjegyzes",
            "condition_value": "",
        },
    )
    services.save_customisation(form, overlay=editor.result())
    services.publish(form)
    new = definition()
    new["steps"][0]["fields"] = [f for f in new["steps"][0]["fields"] if f["key"] != "megjegyzes"]
    services.publish_template_version(template, new, change_note="Mező törölve")
    form = fresh(form)
    assert form.conflicts
    labels = [d["label"] for d in services.resolution_preview(form)]
    assert "Helyi kérdés" in labels
    services.resolve_conflicts(form)
    assert fresh(form).live_revision.template_version.number == 2


# -- 4. deadlines


def test_a_deadline_in_the_past_is_refused(template):
    with pytest.raises(services.FormsError):
        services.publish_template_version(
            template,
            definition(),
            change_note="Késő",
            live_by=timezone.localdate() - datetime.timedelta(days=1),
        )


def test_reminders_go_a_week_and_a_day_before_once(make_staff, municipality_a, template):
    make_staff(municipality_a, StaffRole.OFFICER, email="ugyintezo@alsovar.hu")
    form = customise(municipality_a, template, darab={"max": 50})
    new = definition()
    field(new, "darab").update({"type": "text", "options": {}})
    today = timezone.localdate()
    version, _report = services.publish_template_version(
        template, new, change_note="Típus", live_by=today + datetime.timedelta(days=7)
    )
    assert services.send_reminders(today) == 1
    assert services.send_reminders(today) == 0
    assert mail.outbox[-1].to == ["ugyintezo@alsovar.hu"]
    assert services.send_reminders(today + datetime.timedelta(days=6)) == 1
    assert [(v, f.pk) for v, f in services.open_deadlines(municipality_a, today)] == [
        (version, form.pk)
    ]


@pytest.mark.parametrize("policy", [DeadlinePolicy.SWITCH, DeadlinePolicy.WITHDRAW])
def test_a_passed_deadline_applies_the_providers_policy(municipality_a, template, policy):
    form = customise(municipality_a, template, darab={"max": 50})
    new = definition()
    field(new, "darab").update({"type": "text", "options": {}})
    today = timezone.localdate()
    services.publish_template_version(
        template, new, change_note="Típus", live_by=today, deadline_policy=policy
    )
    assert services.enforce_deadlines(today) == 0  # the day itself still counts
    assert services.enforce_deadlines(today + datetime.timedelta(days=1)) == 1
    assert services.enforce_deadlines(today + datetime.timedelta(days=1)) == 0
    form = fresh(form)
    events = FormEvent.objects.for_municipality(municipality_a).filter(customisation=form)
    if policy == DeadlinePolicy.SWITCH:
        assert field(form.live_revision.definition, "darab")["type"] == "text"
        assert events.filter(kind=FormEventKind.DEADLINE_SWITCHED).exists()
    else:
        assert form.status == FormStatus.WITHDRAWN and "jogszabály" in form.withdrawn_notice
        assert events.filter(kind=FormEventKind.DEADLINE_WITHDRAWN).exists()


# -- 5. citizens' drafts


def test_a_draft_is_carried_to_the_new_version(municipality_a, template):
    form = customise(municipality_a, template)
    draft = services.save_draft(form, {"nev": "Kiss Anna", "cel": "uzlet", "darab": "3"})
    new = definition()
    field(new, "cel")["options"]["choices"] = [{"value": "lakas", "label": "Lakás"}]
    new["steps"][0]["fields"].append(
        {"key": "hrsz", "type": "text", "label": "Helyrajzi szám", "required": True}
    )
    services.publish_template_version(template, new, change_note="Új mező")
    attention = services.carry_draft(draft)
    draft.refresh_from_db()
    assert draft.revision == fresh(form).live_revision
    assert draft.data == {"nev": "Kiss Anna", "darab": "3"}
    assert attention == ["A kérelem célja", "Helyrajzi szám"]
    assert services.carry_draft(draft) is None


def test_a_citizen_is_not_blocked_when_the_municipality_is_held_back(municipality_a, template):
    form = customise(municipality_a, template, darab={"max": 50})
    draft = services.save_draft(form, {"nev": "Kiss Anna"})
    new = definition()
    field(new, "darab").update({"type": "text", "options": {}})
    services.publish_template_version(
        template, new, change_note="Típus", drafts_cutoff=NOW - datetime.timedelta(minutes=1)
    )
    assert fresh(form).conflicts  # held on version 1
    assert not services.draft_expired(draft)
    assert services.carry_draft(draft) is None


def test_reimporting_the_library_does_not_switch_a_staged_version_early(municipality_a, template):
    from services.forms import exchange

    form = customise(municipality_a, template)
    services.publish_template_version(
        template,
        definition(fee=5000),
        change_note="Új díj",
        effective_from=timezone.now() + datetime.timedelta(days=1),
    )
    exchange.import_template(exchange.export_template(FormTemplate.objects.get(pk=template.pk)))
    assert FormTemplate.objects.get(pk=template.pk).current_version.number == 1
    assert served(form)["fee"]["amount"] == 2000
