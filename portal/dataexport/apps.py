from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataExportConfig(AppConfig):
    """A municipality's complete export (a zip of JSON Lines, CSV, its files and a manifest
    with checksums) and the import that restores it into an empty installation (issue #20,
    item 5). It sits in the portal layer because it reads every app's rows."""

    name = "portal.dataexport"
    label = "dataexport"
    verbose_name = _("Data export")
    default_auto_field = "django.db.models.BigAutoField"
