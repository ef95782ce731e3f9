"""The publication list's façade: which items of a municipality's lists need attention,
for its admin screen, the dashboard panel and anybody else who asks."""

from dataclasses import dataclass

from django.utils import timezone
from wagtail.models import Page

from . import structure
from .models import PublicationListPage

ATTENTION = (structure.OVERDUE, structure.MISSING)


@dataclass
class Attention:
    page: PublicationListPage
    item: structure.Item
    status: str
    entry: object
    review_due: object


def list_pages(municipality):
    """The municipality's publication list pages (live or not), in tree order."""
    if municipality is None or not municipality.root_page_id:
        return PublicationListPage.objects.none()
    root = Page.objects.filter(pk=municipality.root_page_id).first()
    if root is None:
        return PublicationListPage.objects.none()
    return PublicationListPage.objects.descendant_of(root).order_by("path")


def needing_attention(municipality, today=None):
    """Every overdue or missing item of the municipality's lists, overdue first."""
    today = today or timezone.localdate()
    found = []
    for page in list_pages(municipality):
        for section in page.rows(today):
            for line in section["items"]:
                if line["status"] in ATTENTION:
                    found.append(
                        Attention(
                            page, line["item"], line["status"], line["entry"], line["review_due"]
                        )
                    )
    found.sort(key=lambda a: (a.status != structure.OVERDUE, a.page.path, _order(a.item.code)))
    return found


def _order(code):
    section, _dot, number = code.partition(".")
    return (section, int(number) if number.isdigit() else 0)


def overdue_count(municipality, today=None):
    return sum(1 for a in needing_attention(municipality, today) if a.status == structure.OVERDUE)
