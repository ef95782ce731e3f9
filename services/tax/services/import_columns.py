"""What the register CSV files hold (services.tax.services.imports): the kinds of file, the
columns of each with the Hungarian headers accepted, and the words accepted for each
choice. Headers and words are compared folded (no accents, lower case, anything else than
a letter or a digit as "_")."""

from django.utils.translation import gettext_lazy

from ..constants import (
    DeliveryChannel,
    PropertyKind,
    RightKind,
    TaxObjectKind,
    TaxpayerKind,
    TaxType,
    UseCategory,
)

TAXPAYERS = "taxpayers"
PROPERTIES = "properties"
OWNERSHIPS = "ownerships"
TAX_OBJECTS = "tax_objects"
REPRESENTATIONS = "representations"
OPENING_BALANCES = "opening_balances"
# HIPA returns forwarded by the state tax authority (services.tax.services.hipa_import),
# and the words of its "kind" column.
NAV_HIPA = "nav_hipa"
NAV_ANNUAL = "eves"
NAV_ADVANCE = "eloleg"
# The largest amount a line may carry (a thousand billion forints).
MAX_AMOUNT = 10**15
KINDS = (
    TAXPAYERS,
    PROPERTIES,
    OWNERSHIPS,
    TAX_OBJECTS,
    REPRESENTATIONS,
    OPENING_BALANCES,
    NAV_HIPA,
)

# Per kind: column -> (required, the headers accepted besides the column's own name).
# Headers are compared folded (no accents, lower case, anything else than a letter or a
# digit as "_": "Terület (m²)" is terulet_m2).
COLUMNS = {
    TAXPAYERS: {
        "identifier": (True, ("adoazonosito", "adoazonosito_jel", "adoszam", "azonosito")),
        "kind": (False, ("tipus", "adozo_tipusa")),
        "family_name": (True, ("nev", "csaladi_nev", "vezeteknev", "name")),
        "given_names": (False, ("utonev", "utonevek", "keresztnev")),
        "postal_code": (True, ("iranyitoszam", "irsz")),
        "settlement": (True, ("telepules", "helyseg")),
        "address_line": (True, ("cim", "utca_hazszam", "address")),
        "delivery_channel": (False, ("kezbesites", "kezbesitesi_mod")),
        "valid_from": (True, ("hatalyos", "ervenyes_tol", "hataly_kezdete", "from")),
    },
    PROPERTIES: {
        "parcel_number": (True, ("helyrajzi_szam", "hrsz")),
        "address": (True, ("cim",)),
        "area_m2": (True, ("terulet", "terulet_m2", "alapterulet", "alapterulet_m2", "area")),
        "kind": (True, ("fajta", "ingatlan_fajta", "tipus")),
        "use_category": (True, ("hasznositas", "rendeltetes")),
        "zone": (False, ("ovezet",)),
        "valid_from": (True, ("hatalyos", "ervenyes_tol", "hataly_kezdete", "from")),
    },
    OWNERSHIPS: {
        "parcel_number": (True, ("helyrajzi_szam", "hrsz")),
        "holder": (True, ("jogosult", "tulajdonos", "adoazonosito", "adoszam")),
        "share": (True, ("hanyad", "tulajdoni_hanyad")),
        "right": (False, ("jog", "jogcim")),
        "valid_from": (True, ("hatalyos", "ervenyes_tol", "hataly_kezdete", "from")),
        "valid_to": (False, ("ervenyes_ig", "hatalyos_ig", "hataly_vege", "to")),
    },
    TAX_OBJECTS: {
        "tax_type": (True, ("adonem",)),
        "kind": (True, ("fajta", "adotargy_fajta", "tipus")),
        "parcel_number": (False, ("helyrajzi_szam", "hrsz")),
        "operator": (False, ("uzemelteto", "adozo", "adoazonosito", "adoszam")),
        "description": (False, ("leiras", "megnevezes")),
        "valid_from": (True, ("hatalyos", "ervenyes_tol", "hataly_kezdete", "from")),
        "valid_to": (False, ("ervenyes_ig", "hatalyos_ig", "hataly_vege", "to")),
    },
    REPRESENTATIONS: {
        "taxpayer": (True, ("kepviselt", "adozo")),
        "representative": (True, ("kepviselo", "meghatalmazott")),
        "tax_types": (False, ("adonemek",)),
        "valid_from": (True, ("hatalyos", "ervenyes_tol", "hataly_kezdete", "from")),
        "valid_to": (False, ("ervenyes_ig", "hatalyos_ig", "hataly_vege", "to")),
    },
    OPENING_BALANCES: {
        "identifier": (True, ("adoazonosito", "adoazonosito_jel", "adoszam", "azonosito")),
        "tax_type": (True, ("adonem",)),
        "amount": (True, ("egyenleg", "osszeg")),
        "cutover_date": (True, ("fordulonap", "nyito_datum", "datum")),
        "due_on": (False, ("esedekesseg", "esedekes")),
        "period_year": (False, ("adoev", "ev")),
        "reference": (False, ("hivatkozas", "megjegyzes")),
    },
    # The layout is ours (NAV's exchange format is not public): docs/tax-nav-hipa-import.md.
    NAV_HIPA: {
        "tax_number": (True, ("adoszam",)),
        "tax_year": (True, ("adoev", "ev")),
        "kind": (True, ("tipus", "bevallas_tipusa")),
        "annual_tax": (False, ("fizetendo_ado", "eves_ado")),
        "first_advance": (True, ("elso_eloleg", "eloleg_1")),
        "second_advance": (True, ("masodik_eloleg", "eloleg_2")),
        "received_on": (True, ("beerkezes", "beerkezes_datuma", "benyujtva")),
        "nav_reference": (True, ("nav_azonosito", "bizonylat", "iktatoszam")),
    },
}

# The values accepted for each choice, folded: the code itself and the Hungarian words.
_CHOICES = {
    TaxpayerKind: {
        "maganszemely": TaxpayerKind.PERSON,
        "magánszemély": TaxpayerKind.PERSON,
        "szemely": TaxpayerKind.PERSON,
        "szervezet": TaxpayerKind.ORGANISATION,
        "ceg": TaxpayerKind.ORGANISATION,
        "gazdalkodo": TaxpayerKind.ORGANISATION,
    },
    DeliveryChannel: {
        "tarhely": DeliveryChannel.PORTAL_MAILBOX,
        "ugyfelkapu": DeliveryChannel.PORTAL_MAILBOX,
        "cegkapu": DeliveryChannel.PORTAL_MAILBOX,
        "elektronikus": DeliveryChannel.PORTAL_MAILBOX,
        "posta": DeliveryChannel.POST,
        "postai": DeliveryChannel.POST,
    },
    PropertyKind: {"epulet": PropertyKind.BUILDING, "telek": PropertyKind.PLOT},
    UseCategory: {
        "lakas": UseCategory.DWELLING,
        "udulo": UseCategory.HOLIDAY_HOME,
        "kereskedelmi": UseCategory.COMMERCIAL,
        "uzlet": UseCategory.COMMERCIAL,
        "nem_lakas": UseCategory.COMMERCIAL,
        "garazs": UseCategory.GARAGE,
        "egyeb": UseCategory.OTHER,
    },
    RightKind: {
        "tulajdon": RightKind.OWNER,
        "tulajdonos": RightKind.OWNER,
        "haszonelvezet": RightKind.USUFRUCT,
        "haszonelvezo": RightKind.USUFRUCT,
        "hasznalat": RightKind.USE,
        "hasznalati_jog": RightKind.USE,
        "berlo": RightKind.TENANT,
        "berlet": RightKind.TENANT,
    },
    TaxObjectKind: {
        "ingatlan": TaxObjectKind.PROPERTY,
        "telephely": TaxObjectKind.BUSINESS_SITE,
        "szallashely": TaxObjectKind.ACCOMMODATION,
    },
    TaxType: {
        "epitmenyado": TaxType.BUILDING,
        "telekado": TaxType.LAND,
        "kommunalis_ado": TaxType.COMMUNAL,
        "magankeszemelyek_kommunalis_adoja": TaxType.COMMUNAL,
        "maganszemelyek_kommunalis_adoja": TaxType.COMMUNAL,
        "idegenforgalmi_ado": TaxType.TOURIST,
        "iparuzesi_ado": TaxType.BUSINESS,
        "helyi_iparuzesi_ado": TaxType.BUSINESS,
        "kesedelmi_potlek": TaxType.LATE_INTEREST,
        "birsag": TaxType.FINES,
        "birsag_es_koltseg": TaxType.FINES,
        "idegen_bevetel": TaxType.FOREIGN,
        "gepjarmuado": TaxType.VEHICLE,
    },
}

_CHOICE_LABELS = {
    TaxpayerKind: gettext_lazy("taxpayer kind"),
    DeliveryChannel: gettext_lazy("delivery channel"),
    PropertyKind: gettext_lazy("property kind"),
    UseCategory: gettext_lazy("use category"),
    RightKind: gettext_lazy("right"),
    TaxObjectKind: gettext_lazy("tax object kind"),
    TaxType: gettext_lazy("tax type"),
}
