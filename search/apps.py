from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "site_search"
    verbose_name = _("Site search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from sites.searchables import on_records_changed

        from . import signals
        from .records import refresh_records

        # A service says its public records changed (sites.searchables.records_changed);
        # the layer copies them into its index, and their words into the word table.
        on_records_changed(refresh_records)
        on_records_changed(signals.records_refreshed)
        signals.register()
