"""Demo of the tax certificate (adóigazolás) for ``make run``: Kovács János (Eger,
8406434171) has a certificate issued today with a documented verification code, so a
newcomer can try the public check page; and a request of his company on paper waits in
the tax officer's queue. Idempotent: a second run issues nothing and prints the code."""

from django.db import transaction

from portal.affairs.tax_demo import demo_tax_id
from portal.journey.demo import DEMO_COMPANY
from services.tax import services as tax
from services.tax.models import CertificateOrigin, CertificateState
from sites.actor import Actor

# Public on purpose (README, "Tax certificate"): typed on /e-ugyintezes/adoigazolas-ellenorzes/.
DEMO_CODE = "EGER-2026-KVCS-JN01"


@transaction.atomic
def load_certificate_demo(municipality, stdout=None):
    person = tax.find_taxpayer(municipality, demo_tax_id())
    if person is None:
        return None
    actor = Actor.system(municipality=municipality)
    issued = tax.certificates_of(municipality, taxpayer=person, state=CertificateState.ISSUED)
    if not issued.exists():
        tax.issue_at_desk(person, actor=actor, purpose="Hitelügyintézés", code=DEMO_CODE)
        company = tax.find_taxpayer(municipality, DEMO_COMPANY[1])
        if company is not None:
            tax.request_certificate(
                municipality,
                taxpayer=company,
                origin=CertificateOrigin.PORTAL,
                requested_name=DEMO_COMPANY[0],
                requested_identifier=company.identifier,
                purpose="Pályázat, támogatás",
                waiting_reason="Papíron kérte a kézbesítést: a hivatal nyomtatja és küldi.",
                actor=actor,
            )
    if stdout is not None:
        stdout.write(
            f"  Adóigazolás: Kovács János ({person.identifier}), ellenőrző kód {DEMO_CODE} "
            "– /e-ugyintezes/adoigazolas-ellenorzes/"
        )
    return DEMO_CODE
