"""Page feedback for the demo: realistic answers on Eger's pages over the past twelve
weeks — mostly "useful", with a few pages people find hard (the waste collection and the
parking pages get more "no") and short Hungarian comments of the kind such a box receives.
Seeded, so the same every time; idempotent: a municipality that has answers is left alone."""

import datetime
import random

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from .models import PageVote

WEEKS = 12
# slug → (answers per week, share of "useful")
HARD_PAGES = {"parkolas": (6, 0.35), "hulladek": (5, 0.4), "ugyintezes": (8, 0.55)}
COMMENTS_YES = [
    "Minden megvolt, amit kerestem.",
    "Gyorsan megtaláltam az ügyfélfogadási időt.",
    "Köszönöm, érthető volt.",
    "Jó, hogy a nyomtatvány is letölthető.",
]
COMMENTS_NO = [
    "Nem derül ki, mennyibe kerül.",
    "Hiányzik, hogy hétvégén hová fordulhatok.",
    "Túl hosszú, nem találtam a lényeget.",
    "A térkép nem jelenik meg telefonon.",
    "Nem írja, milyen iratokat vigyek magammal.",
    "A díjak régiek, 2024-esek.",
]


@transaction.atomic
def load_demo(municipality, stdout=None, now=None):
    if PageVote.objects.for_municipality(municipality).exists():
        return 0
    now = now or timezone.now()
    rng = random.Random(f"feedback-{municipality.ksh_code}")
    root = Page.objects.get(pk=municipality.root_page_id)
    pages = list(
        Page.objects.live().public().descendant_of(root, inclusive=True).order_by("path")[:60]
    )
    votes = []
    for page in pages:
        per_week, useful = HARD_PAGES.get(page.slug, (rng.choice((0, 0, 1, 2, 3)), 0.85))
        if page.depth <= root.depth:
            per_week, useful = 10, 0.8
        for week in range(WEEKS):
            # The parking page improved four weeks ago: its answers turn.
            share = 0.8 if page.slug == "parkolas" and week >= WEEKS - 4 else useful
            for _answer in range(rng.randint(max(per_week - 2, 0), per_week + 2)):
                helpful = rng.random() < share
                comment = ""
                if rng.random() < (0.35 if not helpful else 0.1):
                    comment = rng.choice(COMMENTS_YES if helpful else COMMENTS_NO)
                when = now - datetime.timedelta(
                    days=7 * (WEEKS - 1 - week) + rng.randint(0, 6), minutes=rng.randint(0, 1440)
                )
                votes.append(
                    PageVote(
                        municipality=municipality,
                        page=page,
                        helpful=helpful,
                        comment=comment,
                        created_at=min(when, now),
                    )
                )
    PageVote.objects.bulk_create(votes)
    if stdout is not None:
        stdout.write(f"Oldal-visszajelzések: {municipality.name}, {len(votes)} válasz")
    return len(votes)
