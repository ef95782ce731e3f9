"""The vocabulary of the trade and industry register.

Legal sources (checked with the project's search tool, see data/commerce/SOURCES.md):
- the ten trading forms: Kertv. (2005. évi CLXIV. törvény) 3. § (4) a)–j);
- the competent notary: 210/2009. (IX. 29.) Korm. rendelet 2. § a) (the seat's notary for
  mobile shop, outside-a-shop, mail order, vending machine and vehicle trading) and b) (for
  every other form the notary of the place where it is carried on)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TraderKind(models.TextChoices):
    COMPANY = "company", _("Company")
    SOLE_TRADER = "sole_trader", _("Sole trader")
    SMALL_PRODUCER = "small_producer", _("Small producer")


class TradingForm(models.TextChoices):
    """Kertv. 3. § (4) a)–j), in the act's order."""

    SHOP = "shop", _("In a shop")
    MOBILE_SHOP = "mobile_shop", _("From a mobile shop")
    SHOPPING_CENTRE = "shopping_centre", _("In a shopping centre")
    MARKET = "market", _("At a fair or market")
    PUBLIC_SPACE = "public_space", _("In public space")
    DIRECT_SALE = "direct_sale", _("Direct sales")
    OUTSIDE_SHOP = "outside_shop", _("Outside a shop")
    MAIL_ORDER = "mail_order", _("Mail order")
    VENDING_MACHINE = "vending_machine", _("From a vending machine")
    VEHICLE = "vehicle", _("On a vehicle")


# 210/2009. 2. § a): for these forms the notary of the trader's seat is competent.
SEAT_COMPETENT_FORMS = frozenset(
    {
        TradingForm.MOBILE_SHOP,
        TradingForm.OUTSIDE_SHOP,
        TradingForm.MAIL_ORDER,
        TradingForm.VENDING_MACHINE,
        TradingForm.VEHICLE,
    }
)

# Forms carried on at an address (a shop, a market stall): the place has an address.
# A mobile shop has an area and routes; outside-a-shop and mail order have areas.
AREA_FORMS = frozenset({TradingForm.MOBILE_SHOP, TradingForm.OUTSIDE_SHOP, TradingForm.MAIL_ORDER})


class NotificationKind(models.TextChoices):
    """What a notification (or an officer's decision) recorded in the register did."""

    TRADING = "trading", _("Notification of trading")
    CHANGE = "change", _("Change of data")
    OPENING_HOURS = "opening_hours", _("Change of opening hours")
    CLOSURE = "closure", _("Closure")
    LICENCE = "licence", _("Operating licence")
    INDUSTRIAL = "industrial", _("Industrial activity")
    ACCOMMODATION = "accommodation", _("Accommodation")


class Status(models.TextChoices):
    ACTIVE = "active", _("In operation")
    CLOSED = "closed", _("Closed down")


class UseTitle(models.TextChoices):
    """The title under which the trader uses the premises."""

    OWNER = "owner", _("Owner")
    LEASE = "lease", _("Lease")
    USUFRUCT = "usufruct", _("Usufruct")
    CO_OWNER = "co_owner", _("Co-owner with consent")
    OTHER = "other", _("Other")


class SiteRegime(models.TextChoices):
    """57/2013. (II. 27.) Korm. rendelet: an activity of Annex 1 is notified; one of Annex 2
    needs a site licence (or only a notification in an industrial zone)."""

    NOTIFIED = "notified", _("Notified")
    LICENSED = "licensed", _("Site licence")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")
