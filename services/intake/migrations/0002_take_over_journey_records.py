"""Every form submission becomes an application: the portal's drafts (journey.WizardDraft),
its submissions waiting for their fee (journey.AwaitingPayment) and its receipts
(journey.Receipt) move here with what they held, and the site's submissions, which had
none of these, get their application too. Their payments are re-pointed at the
application, which is now what a fee is paid for. The journey's tables are dropped by the
journey's next migration, once this one has run."""

from django.db import migrations

MIGRATED = "migrated"


def _title(submission):
    customisation = submission.revision.customisation
    definition = submission.revision.definition or {}
    return f"{customisation.code} {definition.get('title') or customisation.title}"[:255]


def take_over(apps, schema_editor):
    Submission = apps.get_model("forms", "Submission")
    WizardDraft = apps.get_model("journey", "WizardDraft")
    AwaitingPayment = apps.get_model("journey", "AwaitingPayment")
    Receipt = apps.get_model("journey", "Receipt")
    Application = apps.get_model("intake", "Application")
    ApplicationEvent = apps.get_model("intake", "ApplicationEvent")
    Payment = apps.get_model("payments", "Payment")
    ContentType = apps.get_model("contenttypes", "ContentType")

    drafts = {d.submission_id: d for d in WizardDraft.objects.all()}
    awaiting = {a.submission_id: a for a in AwaitingPayment.objects.all()}
    receipts = {r.submission_id: r for r in Receipt.objects.all()}
    moved = {}
    for submission in Submission.objects.select_related("revision__customisation").iterator():
        fields = {
            "municipality_id": submission.municipality_id,
            "kind": "form",
            "subject_id": submission.pk,
            "reference": submission.reference,
            "title": _title(submission),
            "owner_id": submission.submitter_id,
            "fee": submission.fee,
            "registry_number": submission.registry_number,
            "submitted_at": submission.submitted_at,
        }
        draft, waiting, receipt = (
            drafts.get(submission.pk),
            awaiting.get(submission.pk),
            receipts.get(submission.pk),
        )
        if submission.status == "draft":
            if draft is None:
                continue  # a draft nobody could reach any more
            fields.update(
                state="draft",
                channel="portal",
                owner_id=draft.owner_id,
                representation_id=draft.representation_id,
                step_key=draft.step_key,
                expires_at=draft.expires_at,
            )
        elif waiting is not None or submission.status == "unpaid":
            fields.update(state="awaiting_payment", channel="portal" if waiting else "site_form")
            if waiting is not None:
                fields.update(
                    owner_id=waiting.owner_id,
                    representation_id=waiting.representation_id,
                    submitter=waiting.submitter,
                )
        else:
            fields.update(
                state="registered" if submission.registry_number else "submitted",
                channel="portal" if receipt else "site_form",
            )
            if receipt is not None:
                fields.update(
                    owner_id=receipt.owner_id,
                    representation_id=receipt.representation_id,
                    submitter=receipt.content.get("submitter") or {},
                    acting_for=receipt.content.get("acting_for") or {},
                    registered_at=receipt.created_at,
                    receipt=receipt.content,
                    receipt_canonical=receipt.canonical,
                    receipt_sha256=receipt.sha256,
                )
        application = Application.objects.create(**fields)
        ApplicationEvent.objects.create(
            application=application, kind=MIGRATED, state=application.state, channel="batch"
        )
        moved[str(submission.pk)] = application.pk

    Submission.objects.filter(status="unpaid").update(status="submitted")

    submission_type = ContentType.objects.filter(app_label="forms", model="submission").first()
    if submission_type is None or not moved:
        return
    application_type, _created = ContentType.objects.get_or_create(
        app_label="intake", model="application"
    )
    for payment in Payment.objects.filter(target_type=submission_type):
        if payment.target_id in moved:
            # Payments refuse changes through the model (append-only history); the
            # target is re-pointed as data, exactly once, here.
            Payment.objects.filter(pk=payment.pk).update(
                target_type=application_type, target_id=str(moved[payment.target_id])
            )


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0001_initial"),
        ("journey", "0002_awaiting_payment"),
        ("forms", "0004_private_files"),
        ("payments", "0002_merchant_account_changes"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(take_over, migrations.RunPython.noop)]
