"""Eger's parking page and its page on building matters, for the portal search's journey
(issue 18): a citizen who types "parkol" on the portal finds the page beside the parking
permit forms of several municipalities, and "építési engedély" finds where that is done.

Fees, zones and hours are left to the town's parking decree: Eger was rewriting its
parking scheme in 2025, and a demo must not state figures it cannot check."""

from django.db import transaction

from ..models import StandardPage
from ..models.pages.services import portal_forms_url

PAGES = (
    {
        "slug": "parkolas",
        "title": "Parkolás",
        "intro": (
            "Fizető parkolási övezetek, lakossági parkolási engedély és parkolóházak a belvárosban."
        ),
        "body": [
            ("heading", "Fizető parkolási övezetek"),
            (
                "paragraph",
                "<p>A belvárosban és a vár környékén fizető parkolási övezetek működnek. Az "
                "övezetek határait, az üzemidőt és a díjakat az önkormányzat parkolási "
                "rendelete állapítja meg; a rendeletet a Rendeletek oldalon találja. A "
                "várakozási díjat a parkolójegy-kiadó automatánál vagy mobiltelefonon "
                "fizetheti meg.</p>",
            ),
            ("heading", "Lakossági parkolási engedély"),
            (
                "paragraph",
                "<p>Aki a fizető övezetben lakik, gépjárművére kedvezményes lakossági "
                "parkolási engedélyt kérhet. A kérelmet online, a központi e-ügyintézési "
                "portálon nyújthatja be{link}, vagy személyesen az ügyfélszolgálaton.</p>",
            ),
            ("heading", "Mozgásukban korlátozott személyek"),
            (
                "paragraph",
                "<p>A mozgásukban korlátozott személyek parkolási igazolványával a kijelölt "
                "helyeken díjmentesen várakozhat. Az igazolványt a kormányablakban kell "
                "kérni, nem a polgármesteri hivatalban.</p>",
            ),
        ],
    },
    {
        "slug": "epitesugy",
        "title": "Építésügy és településkép",
        "intro": "Hol kérhet építési engedélyt, és mikor kell településképi bejelentést tennie.",
        "body": [
            ("heading", "Építési engedély"),
            (
                "paragraph",
                "<p>Az építési, bontási és használatbavételi engedélyt nem a polgármesteri "
                "hivatal adja ki: az építésügyi hatósági eljárást az Építésügyi hatósági "
                "engedélyezési eljárást Támogató elektronikus Dokumentációs Rendszerben "
                "(ÉTDR) indíthatja el, vagy a kormányablakban.</p>",
            ),
            ("heading", "Településképi bejelentés és véleményezés"),
            (
                "paragraph",
                "<p>Az engedély nélkül végezhető, de a településképet érintő munkákat "
                "(homlokzat átalakítása, reklámhordozó elhelyezése) a polgármesternél kell "
                "bejelenteni. A főépítész a bejelentés előtt ingyenes szakmai konzultációt "
                "tart.</p>",
            ),
        ],
    },
)


@transaction.atomic
def load_parking_pages(municipality):
    """Add the pages above to the municipality's site (left alone if there); returns how
    many it added."""
    home = municipality.root_page.specific
    forms_url = portal_forms_url(municipality)
    link = f' (<a href="{forms_url}">{municipality.name} online űrlapjai</a>)' if forms_url else ""
    added = 0
    for spec in PAGES:
        if home.get_children().filter(slug=spec["slug"]).exists():
            continue
        body = [
            {"type": kind, "value": value.replace("{link}", link)} for kind, value in spec["body"]
        ]
        page = home.add_child(
            instance=StandardPage(
                title=spec["title"], slug=spec["slug"], intro=spec["intro"], body=body
            )
        )
        page.save_revision().publish()
        added += 1
    return added
