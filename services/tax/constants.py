"""The local tax office's vocabulary: taxpayers, properties, rights, tax types and the kinds
of entry on the taxpayer account (adószámla)."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class TaxpayerKind(models.TextChoices):
    PERSON = "person", _("Private person")
    ORGANISATION = "organisation", _("Organisation")


class DeliveryChannel(models.TextChoices):
    PORTAL_MAILBOX = "portal", _("Portal mailbox")
    POST = "post", _("Post")


class PropertyKind(models.TextChoices):
    BUILDING = "building", _("Building")
    PLOT = "plot", _("Plot")


class UseCategory(models.TextChoices):
    DWELLING = "dwelling", _("Dwelling")
    HOLIDAY_HOME = "holiday_home", _("Holiday home")
    COMMERCIAL = "commercial", _("Commercial")
    GARAGE = "garage", _("Garage")
    OTHER = "other", _("Other")


class RightKind(models.TextChoices):
    OWNER = "owner", _("Owner")
    USUFRUCT = "usufruct", _("Usufruct")
    USE = "use", _("Right of use")
    TENANT = "tenant", _("Tenant")


class TaxObjectKind(models.TextChoices):
    PROPERTY = "property", _("Property")
    BUSINESS_SITE = "business_site", _("Business site")
    ACCOMMODATION = "accommodation", _("Accommodation")


class TaxType(models.TextChoices):
    """The taxes a municipality may levy (Htv.) and the accounts its tax office books to."""

    BUILDING = "building", _("Building tax")
    LAND = "land", _("Land tax")
    COMMUNAL = "communal", _("Communal tax of private persons")
    TOURIST = "tourist", _("Tourist tax")
    BUSINESS = "business", _("Local business tax")
    LATE_INTEREST = "late_interest", _("Late-payment interest")
    FINES = "fines", _("Fines and costs")
    FOREIGN = "foreign", _("Other bodies' debts collected as taxes")
    VEHICLE = "vehicle", _("Vehicle tax (periods up to 2020)")


@dataclass(frozen=True)
class TaxTypeRule:
    # Assessed by a decision (kivetés) rather than self-assessed (bevallás).
    assessed: bool
    # Whether late payment bears interest (Art. 206. §); never interest on interest.
    bears_interest: bool
    # A booking account of the tax office rather than a tax a decree levies.
    booking_account: bool = False
    # The last tax year the municipality may still book (vehicle tax moved to the state
    # tax authority on 1 January 2021; the municipality keeps the debts up to 2020).
    last_year: int | None = None


# Where a rule is unconfirmed it says so; the figures follow DOMAIN.md "Local taxes".
TAX_TYPE_RULES = {
    TaxType.BUILDING: TaxTypeRule(assessed=True, bears_interest=True),
    TaxType.LAND: TaxTypeRule(assessed=True, bears_interest=True),
    TaxType.COMMUNAL: TaxTypeRule(assessed=True, bears_interest=True),
    TaxType.TOURIST: TaxTypeRule(assessed=False, bears_interest=True),
    TaxType.BUSINESS: TaxTypeRule(assessed=False, bears_interest=True),
    # Art. 206. § (6): no interest on interest.
    TaxType.LATE_INTEREST: TaxTypeRule(assessed=False, bears_interest=False, booking_account=True),
    # Unconfirmed whether fines and the debts collected for other bodies bear late interest
    # under the Art.; until confirmed the run books none on them.
    TaxType.FINES: TaxTypeRule(assessed=False, bears_interest=False, booking_account=True),
    TaxType.FOREIGN: TaxTypeRule(assessed=False, bears_interest=False, booking_account=True),
    TaxType.VEHICLE: TaxTypeRule(assessed=False, bears_interest=True, last_year=2020),
}


class EntryKind(models.TextChoices):
    CHARGE = "charge", _("Charge")
    PAYMENT = "payment", _("Payment")
    ALLOCATION = "allocation", _("Allocation")
    CREDIT = "credit", _("Credit")
    TRANSFER = "transfer", _("Transfer")
    REFUND = "refund", _("Refund")
    REVERSAL = "reversal", _("Reversal")


class ChargeOrigin(models.TextChoices):
    ASSESSMENT = "assessment", _("Assessment")
    RETURN = "return", _("Tax return")
    INTEREST = "interest", _("Late-payment interest")
    FINE = "fine", _("Fine")
    OPENING = "opening", _("Opening balance")


# How an entry moves the balance (what the taxpayer owes): charges, money moved out of an
# account (transfer) and money paid back (refund) raise it; payments and credits lower it;
# an allocation only says which money paid which charge; a reversal is the opposite of the
# entry it reverses.
BALANCE_SIGN = {
    EntryKind.CHARGE: 1,
    EntryKind.TRANSFER: 1,
    EntryKind.REFUND: 1,
    EntryKind.PAYMENT: -1,
    EntryKind.CREDIT: -1,
    EntryKind.ALLOCATION: 0,
}

# Entries whose money pays charges (sources) and entries that use money (targets).
SOURCE_KINDS = (EntryKind.PAYMENT, EntryKind.CREDIT)
TARGET_KINDS = (EntryKind.CHARGE, EntryKind.TRANSFER, EntryKind.REFUND)


# ---------------------------------------------------------------------------- rate decrees


class DecreeState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")


class RateCategory(models.TextChoices):
    """What a decree's rate line applies to: a building's use category (as the register
    records it), a plot, any object or a flat (communal tax), a guest night, the HIPA base."""

    DWELLING = "dwelling", _("Dwelling")
    HOLIDAY_HOME = "holiday_home", _("Holiday home")
    COMMERCIAL = "commercial", _("Commercial")
    GARAGE = "garage", _("Garage")
    OTHER = "other", _("Other")
    PLOT = "plot", _("Plot")
    ANY_OBJECT = "object", _("Any tax object")
    FLAT = "flat", _("Flat")
    GUEST_NIGHT = "guest_night", _("Guest night")
    BUSINESS_BASE = "business_base", _("Business tax base")


class RateUnit(models.TextChoices):
    FT_PER_M2 = "ft_per_m2", _("Ft/m²")
    FT_PER_OBJECT = "ft_per_object", _("Ft/object")
    FT_PER_GUEST_NIGHT = "ft_per_guest_night", _("Ft/guest night")
    PERCENT = "percent", _("% of the base")


# The units a decree may set for each tax type (a building tax by area or by adjusted
# market value, a communal tax per object, a tourist tax per guest night or by price…).
UNITS_BY_TAX_TYPE = {
    TaxType.BUILDING: (RateUnit.FT_PER_M2, RateUnit.PERCENT),
    TaxType.LAND: (RateUnit.FT_PER_M2, RateUnit.PERCENT),
    TaxType.COMMUNAL: (RateUnit.FT_PER_OBJECT,),
    TaxType.TOURIST: (RateUnit.FT_PER_GUEST_NIGHT, RateUnit.PERCENT),
    TaxType.BUSINESS: (RateUnit.PERCENT,),
}


class RuleKind(models.TextChoices):
    """An exemption or allowance of a decree, as data: each kind reads its parameters."""

    # The objects of the category (and zone) pay nothing.
    EXEMPTION = "exemption", _("Exemption")
    # {"m2": 20}: the first N m² of each object are free (per-m² rates only).
    AREA_ALLOWANCE = "area_allowance", _("Allowance per m²")
    # {"ft": 5000}: so many forints off each object's tax.
    AMOUNT_ALLOWANCE = "amount_allowance", _("Allowance in forints")
    # {"percent": 50}: so many percent off each object's tax.
    PERCENT_ALLOWANCE = "percent_allowance", _("Allowance in percent")
    # {"age": 70, "percent": 100}: a private person of at least that age on 1 January
    # pays so many percent less (100: exempt).
    AGE_ALLOWANCE = "age_allowance", _("Allowance by age")


RULE_PARAMETERS = {
    RuleKind.EXEMPTION: (),
    RuleKind.AREA_ALLOWANCE: ("m2",),
    RuleKind.AMOUNT_ALLOWANCE: ("ft",),
    RuleKind.PERCENT_ALLOWANCE: ("percent",),
    RuleKind.AGE_ALLOWANCE: ("age", "percent"),
}


# -- bank statements (services.statements)


class StatementFormat(models.TextChoices):
    MT940 = "mt940", _("SWIFT MT940")
    CAMT053 = "camt053", _("ISO 20022 camt.053")


class StatementItemState(models.TextChoices):
    # Matched at import and booked to the taxpayer account.
    BOOKED = "booked", _("Booked")
    # In the unmatched queue, for the officer.
    WAITING = "waiting", _("Waiting")
    ASSIGNED = "assigned", _("Assigned by an officer")
    RETURNED = "returned", _("Returned to the payer")
    # Nothing to book (a debit, a bank fee): the officer closed it with a note.
    DISMISSED = "dismissed", _("Closed without booking")


class UnmatchedReason(models.TextChoices):
    DEBIT = "debit", _("Debit item (money going out)")
    REVERSAL = "reversal", _("Reversal of an earlier item")
    NOT_BOOKED = "not_booked", _("Not booked by the bank yet")
    UNKNOWN_ACCOUNT = "unknown_account", _("Not a collection account of the municipality")
    OTHER_MUNICIPALITY = "other_municipality", _("Another municipality's collection account")
    NO_IDENTIFIER = "no_identifier", _("No taxpayer identifier in the remark")
    INVALID_IDENTIFIER = "invalid_identifier", _("Mistyped taxpayer identifier in the remark")
    UNKNOWN_IDENTIFIER = (
        "unknown_identifier",
        _("No taxpayer of the municipality has this identifier"),
    )
    AMBIGUOUS = "ambiguous", _("The remark names more than one taxpayer")
