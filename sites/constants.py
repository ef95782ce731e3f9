from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalStatus(models.TextChoices):
    """Legal status of a settlement under the Local Government Act (Mötv.)."""

    VILLAGE = "kozseg", _("village (község)")
    LARGE_VILLAGE = "nagykozseg", _("large village (nagyközség)")
    TOWN = "varos", _("town (város)")
    COUNTY_TOWN = "megyei_jogu_varos", _("town with county rights (megyei jogú város)")
    CAPITAL_DISTRICT = "fovarosi_kerulet", _("district of the capital (fővárosi kerület)")


class County(models.TextChoices):
    """The 19 counties and the capital, as the KSH lists them.

    Each label repeats the value: without one, Django makes the label from the member's
    name ("Bacs Kiskun", "Csongrad"), which every county list and filter would show."""

    BACS_KISKUN = "Bács-Kiskun", "Bács-Kiskun"
    BARANYA = "Baranya", "Baranya"
    BEKES = "Békés", "Békés"
    BORSOD = "Borsod-Abaúj-Zemplén", "Borsod-Abaúj-Zemplén"
    BUDAPEST = "Budapest", "Budapest"
    CSONGRAD = "Csongrád-Csanád", "Csongrád-Csanád"
    FEJER = "Fejér", "Fejér"
    GYOR = "Győr-Moson-Sopron", "Győr-Moson-Sopron"
    HAJDU = "Hajdú-Bihar", "Hajdú-Bihar"
    HEVES = "Heves", "Heves"
    JASZ = "Jász-Nagykun-Szolnok", "Jász-Nagykun-Szolnok"
    KOMAROM = "Komárom-Esztergom", "Komárom-Esztergom"
    NOGRAD = "Nógrád", "Nógrád"
    PEST = "Pest", "Pest"
    SOMOGY = "Somogy", "Somogy"
    SZABOLCS = "Szabolcs-Szatmár-Bereg", "Szabolcs-Szatmár-Bereg"
    TOLNA = "Tolna", "Tolna"
    VAS = "Vas", "Vas"
    VESZPREM = "Veszprém", "Veszprém"
    ZALA = "Zala", "Zala"


class StaffRole(models.TextChoices):
    """A municipality's own groups; each role is one Django group per municipality."""

    EDITOR = "editor", _("Editor")
    MODERATOR = "moderator", _("Moderator")
    SITE_ADMIN = "site_admin", _("Site administrator")
    # Handles forms, cases and registrations (ügyintéző); the service apps grant its rights.
    OFFICER = "officer", _("Officer")
    # The local tax office's officer (adóügyintéző): taxpayers' records and accounts are tax
    # secrets (Art. 127. §), so an officer of the other services does not see them.
    TAX_OFFICER = "tax_officer", _("Tax officer")
    # The trade and industry officer (kereskedelmi ügyintéző): the trade register's desk
    # (services.commerce) and the licence cases in the registry.
    TRADE_OFFICER = "trade_officer", _("Trade officer")


class ServiceField(models.TextChoices):
    """The fields of administration of a site's service directory (Ügyintézés)."""

    TAXES = "ado", _("Local taxes")
    TRADE = "ipar", _("Trade and industry")
    PUBLIC_SPACE = "kozterulet", _("Public space")
    SOCIAL = "szocialis", _("Social support")
    REGISTRY = "anyakonyv", _("Registry and certificates")
    ENVIRONMENT = "kornyezet", _("Environment")
    COMPLAINTS = "bejelentes", _("Complaints and notices")
    OTHER = "egyeb", _("Other")
