"""Taxpayers, properties and accounts of the local tax office, built through its façade."""

import datetime
import itertools

from services.forms.validators import TAX_NUMBER_WEIGHTS, tax_id_check_digit
from services.tax import services as tax
from services.tax.constants import DeliveryChannel, PropertyKind, TaxpayerKind, UseCategory

_serial = itertools.count(1)


def tax_id(serial=None):
    """A valid adóazonosító jel (8 + 8 digits + check digit), a different one per call."""
    serial = next(_serial) if serial is None else serial
    while True:
        first_nine = f"8{serial:08d}"
        check = tax_id_check_digit(first_nine)
        if check is not None:
            return first_nine + str(check)
        serial = next(_serial)


def tax_number(serial=None):
    """A valid adószám, NNNNNNNC-V-KK."""
    serial = next(_serial) if serial is None else serial
    first_seven = f"{1000000 + serial:07d}"
    total = sum(int(d) * w for d, w in zip(first_seven, TAX_NUMBER_WEIGHTS, strict=True))
    return f"{first_seven}{(10 - total % 10) % 10}-2-41"


def giro(bank="11773016", serial=1):
    """A valid 3×8 GIRO account of the bank branch, with check digits."""

    def with_check(digits):
        weights = (9, 7, 3, 1)
        total = sum(int(d) * weights[i % 4] for i, d in enumerate(digits))
        return digits + str((10 - total % 10) % 10)

    return f"{bank}-{with_check(f'{serial:015d}')[:8]}-{with_check(f'{serial:015d}')[8:]}"


def iban(giro_number):
    digits = giro_number.replace("-", "").ljust(24, "0")
    check = 98 - int(digits + "173000") % 97
    compact = f"HU{check:02d}{digits}"
    return " ".join(compact[i : i + 4] for i in range(0, 28, 4))


def person(municipality, family_name="Kiss", given_names="Anna", valid_from=None, **fields):
    return tax.register_taxpayer(
        municipality,
        kind=TaxpayerKind.PERSON,
        identifier=fields.pop("identifier", None) or tax_id(),
        valid_from=valid_from or datetime.date(2020, 1, 1),
        family_name=family_name,
        given_names=given_names,
        postal_code=fields.pop("postal_code", "3300"),
        settlement=fields.pop("settlement", "Eger"),
        address_line=fields.pop("address_line", "Dobó tér 1."),
        delivery_channel=fields.pop("delivery_channel", DeliveryChannel.PORTAL_MAILBOX),
    )


def organisation(municipality, name="Példa Kft.", valid_from=None):
    return tax.register_taxpayer(
        municipality,
        kind=TaxpayerKind.ORGANISATION,
        identifier=tax_number(),
        valid_from=valid_from or datetime.date(2020, 1, 1),
        family_name=name,
        postal_code="3300",
        settlement="Eger",
        address_line="Széchenyi utca 2.",
        delivery_channel=DeliveryChannel.POST,
    )


def building(municipality, parcel="1234/5", area="80", valid_from=None, **fields):
    return tax.register_property(
        municipality,
        parcel_number=parcel,
        valid_from=valid_from or datetime.date(2020, 1, 1),
        address=fields.pop("address", "Eger, Dobó tér 1."),
        area_m2=area,
        kind=fields.pop("kind", PropertyKind.BUILDING),
        use_category=fields.pop("use_category", UseCategory.DWELLING),
        zone=fields.pop("zone", "belváros"),
    )


def tax_id_born(birth_date, serial=1):
    """A valid adóazonosító jel of a person born on ``birth_date``: 8, the days from
    1 January 1867 to the birth (5 digits), a serial of 3 and the check digit."""
    days = (birth_date - datetime.date(1867, 1, 1)).days
    while True:
        first_nine = f"8{days:05d}{serial:03d}"
        check = tax_id_check_digit(first_nine)
        if check is not None:
            return first_nine + str(check)
        serial += 1
