"""The moderation workflows and tasks provisioned so far were named in English ("Eger –
moderated publishing"): the gettext calls sat inside an f-string, which makemessages does
not read, so no Hungarian was ever written for them. Rename them to what provisioning now
gives a new municipality."""

from django.db import migrations

RENAMES = {
    ("wagtailcore", "Workflow"): (" – moderated publishing", " – moderált közzététel"),
    ("wagtailcore", "Task"): (" – approval by a moderator", " – moderátori jóváhagyás"),
}


def rename(apps, schema_editor, backwards=False):
    for (app_label, model_name), (english, hungarian) in RENAMES.items():
        old, new = (hungarian, english) if backwards else (english, hungarian)
        model = apps.get_model(app_label, model_name)
        for item in model.objects.filter(name__endswith=old).only("pk", "name"):
            item.name = item.name[: -len(old)] + new
            item.save(update_fields=["name"])


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, backwards=True)


class Migration(migrations.Migration):
    dependencies = [
        ("municipal", "0008_service_form_codes_and_starter_sections"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(rename, rename_back)]
