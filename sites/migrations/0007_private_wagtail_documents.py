"""Wagtail documents' files move from the public media folder to the private storage
(sites.storage.keep_wagtail_documents_private); no table changes."""

from django.db import migrations

import sites.storage


def move_files(apps, schema_editor):
    Document = apps.get_model("wagtaildocs", "Document")
    sites.storage.move_to_private_storage(
        Document._base_manager.values_list("file", flat=True).iterator()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("municipal", "0006_staff_invitation"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(move_files, migrations.RunPython.noop)]
