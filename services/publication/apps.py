from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationConfig(AppConfig):
    """The general publication list of public-interest data (általános közzétételi lista,
    Infotv. 1. melléklet) on a municipality's website: the statutory sections and items as
    a fixed structure kept as data (``data/publication/``), each item with its content, its
    last update and how long it stays published; overdue items flagged to the site's staff;
    and the public-interest data request (közérdekű adatigénylés) as a central form."""

    name = "services.publication"
    label = "publication"
    verbose_name = _("Publication list")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from sites.models.pages import allow_section_child

        # Any municipality may add the list under its home page or a section page.
        allow_section_child("publication.PublicationListPage")
