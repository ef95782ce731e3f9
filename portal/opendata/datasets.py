"""The open datasets: what each one is, and where its rows come from.

Nothing here decides what is public. Each dataset reads the one function of its owner that
does: the trade register's ``services.commerce.services.public`` (the same serializer as
the register page on the municipality's website and its downloads), the tax office's
``services.tax.services.public``, and the website's ``sites.public_content``. A field that
is not in their output cannot reach open data.

A dataset is either the whole fleet's (the municipalities, the statutory maxima) or one
municipality's (``per_municipality``), named in the URL by its KSH code."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from services.commerce import services as commerce
from services.tax import services as tax
from sites import public_content


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    schema: str
    columns: tuple
    # rows(municipality, year) -> list of dicts with exactly ``columns`` as keys
    rows: object
    per_municipality: bool = True
    # Whether the rows are the trade register's: then its own CSV and JSON writers make
    # the bytes, so the website's download and open data are the same file.
    commerce_register: str = ""
    takes_year: bool = False
    source: str = ""
    # version(municipality) -> a cheap fingerprint that changes whenever the rows may:
    # the cached file is used while it holds. None: the file is kept a short while only.
    version: object = None


def _register_version(municipality):
    # Every change of the register writes a notification (every version names one); the
    # officer's check of a notification changes nothing public.
    from django.db.models import Count, Max

    from services.commerce.models import Notification

    found = Notification.objects.for_municipality(municipality).aggregate(
        count=Count("pk"), last=Max("pk")
    )
    return f"{found['count']}-{found['last']}"


def _decree_version(municipality):
    # Only adopted decrees are read, and an adopted decree never changes again.
    from django.db.models import Count, Max

    from services.tax.constants import DecreeState
    from services.tax.models import Decree

    found = Decree.objects.filter(municipality=municipality, state=DecreeState.ADOPTED).aggregate(
        count=Count("pk"), last=Max("adopted_at")
    )
    return f"{found['count']}-{found['last']}"


def _register(register):
    def rows(municipality, _year):
        filters = commerce.public.RegisterFilter(register=register)
        return commerce.public.register_entries(municipality, filters)

    return rows


DATASETS = (
    Dataset(
        slug="onkormanyzatok",
        title=_("Municipalities"),
        description=_(
            "Every municipality on the platform: KSH code, county, legal status, population, "
            "the office's contact data, website and the number of online services."
        ),
        schema="varoshaza.municipalities/1",
        columns=public_content.MUNICIPALITY_COLUMNS,
        rows=lambda _municipality, _year: public_content.municipalities(),
        per_municipality=False,
    ),
    Dataset(
        slug="adomaximumok",
        title=_("Statutory maxima of local taxes"),
        description=_(
            "The highest rate a decree may set per tax type and unit (Htv.), for a year: the "
            "law's figure, the indexed value and what of it is confirmed."
        ),
        schema=tax.public.MAXIMA_SCHEMA,
        columns=tax.public.MAXIMA_COLUMNS,
        rows=lambda _municipality, year: tax.public.statutory_maxima(year),
        # The data file changes with a release, which restarts the workers' cache keys too.
        version=lambda _municipality: "data",
        per_municipality=False,
        takes_year=True,
        source="data/tax/maxima.json",
    ),
    Dataset(
        slug="kereskedelem",
        title=_("Traders and shops"),
        description=_(
            "The public register of traders and shops (210/2009. Korm. rendelet), with closed "
            "entries; no data identifying a natural person."
        ),
        schema="varoshaza.commerce.register/1",
        columns=commerce.public.COLUMNS,
        rows=_register(commerce.public.TRADE),
        commerce_register=commerce.public.TRADE,
        version=_register_version,
    ),
    Dataset(
        slug="telepek",
        title=_("Industrial sites"),
        description=_(
            "The public register of industrial sites (57/2013. Korm. rendelet); no data "
            "identifying a natural person."
        ),
        schema="varoshaza.commerce.register/1",
        columns=commerce.public.COLUMNS,
        rows=_register(commerce.public.SITES),
        commerce_register=commerce.public.SITES,
        version=_register_version,
    ),
    Dataset(
        slug="adorendeletek",
        title=_("Local tax rate decrees"),
        description=_(
            "The adopted local tax decrees: every rate line and every exemption or allowance."
        ),
        schema=tax.public.DECREE_SCHEMA,
        columns=tax.public.DECREE_COLUMNS,
        rows=lambda municipality, _year: tax.public.adopted_decrees(municipality),
        version=_decree_version,
    ),
    Dataset(
        slug="ugyintezes",
        title=_("Online services and forms"),
        description=_("What can be done online: the published forms and other online services."),
        schema="varoshaza.services/1",
        columns=public_content.SERVICE_COLUMNS,
        rows=lambda municipality, _year: public_content.online_services(municipality),
    ),
    Dataset(
        slug="rendeletek",
        title=_("Local decrees"),
        description=_(
            "The local decrees published on the municipality's website, with their dates "
            "of promulgation and force."
        ),
        schema="varoshaza.decrees/1",
        columns=public_content.DECREE_COLUMNS,
        rows=lambda municipality, _year: public_content.decrees(municipality),
    ),
    Dataset(
        slug="esemenyek",
        title=_("Events"),
        description=_("The events on the municipality's website, past and coming."),
        schema="varoshaza.events/1",
        columns=public_content.EVENT_COLUMNS,
        rows=lambda municipality, _year: public_content.events(municipality),
    ),
)
BY_SLUG = {dataset.slug: dataset for dataset in DATASETS}
FLEET = tuple(dataset for dataset in DATASETS if not dataset.per_municipality)
MUNICIPAL = tuple(dataset for dataset in DATASETS if dataset.per_municipality)


def year_or_default(year):
    """A year for the maxima: the one asked for if it is a sensible one, else this year."""
    this_year = timezone.localdate().year
    if isinstance(year, int) and 1991 <= year <= this_year + 1:
        return year
    return this_year
