from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AffairsConfig(AppConfig):
    """Ügyeim ("my affairs"): a citizen's cases, documents and mailbox across every municipality."""

    name = "portal.affairs"
    label = "affairs"
    verbose_name = _("My affairs")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The portal mailbox delivery channel and the case listener register themselves,
        # and the reader of verified identities the tax office links taxpayers with.
        from . import channels, notifications, taxlinks  # noqa: F401
