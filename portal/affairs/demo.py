"""Demo data for ``make run``: a demo citizen's cases with the officer's messages in Ügyeim.

The demo citizen (accounts.demo, "Kovács János" in the development agent) submits two
complaints to the demo municipality through the forms service, exactly as on the portal;
the demo officer answers one with a letter and asks for missing information in the other.
So logging in as that citizen shows two cases, an unread message with an attachment and a
request to answer. Idempotent: a second run adds nothing."""

import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from services.documents import services as registry
from services.documents.demo import DEMO_FORM
from services.forms import services as forms
from services.intake import services as intake
from sites.actor import Actor, Channel

DEMO_CITIZEN = "demo-kovacs-janos"
DEMO_OFFICER = "ugyintezo"
DEMO_SUBMISSIONS = [
    (
        "Letört faág a játszótéren",
        "Az Érsekkert játszóterén egy nagy faág lóg a hinta fölött, balesetveszélyes.",
    ),
    (
        "Elhanyagolt telek a szomszédban",
        "A szomszédos telken derékig ér a gaz, a tulajdonos nem gondozza.",
    ),
]
DEMO_REPLY = (
    "Tisztelt Kovács János!\n\nBejelentését köszönjük. A faágat a városgondnokság "
    "kollégái holnap eltávolítják, a játszótér addig le van zárva.\n\nÜdvözlettel:\n"
    "Ügyintéző Ödön"
)
DEMO_REQUEST = (
    "Kérjük, adja meg az elhanyagolt telek pontos címét vagy helyrajzi számát, és ha "
    "van, csatoljon róla fényképet."
)


def demo_pdf(lines):
    """A small, valid one-page PDF (Helvetica, plain ASCII text)."""
    text = "".join(
        f"BT /F1 12 Tf 72 {760 - 18 * number} Td ({line}) Tj ET\n"
        for number, line in enumerate(lines)
    ).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"endstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _hungarian_name(user):
    return " ".join(part for part in (user.last_name, user.first_name) if part)


def _submit(customisation, municipality, citizen, subject, description):
    with transaction.atomic():
        application = intake.submit_new(
            Actor(user=citizen, municipality=municipality, channel=Channel.PORTAL),
            "form",
            customisation,
            municipality=municipality,
            data={
                "bejelento_neve": _hungarian_name(citizen) or "Kovács János",
                "bejelento_email": citizen.email or "ugyfel@example.hu",
                "bejelentes_tipusa": "panasz",
                "targy": subject,
                "leiras": description,
                "nyilatkozat": "on",
                "kelt_helye": municipality.name,
            },
        )
    return registry.cases_of(citizen).get(submission_id=application.subject_id)


def _verified_address(citizen):
    """The demo citizen's address, as if they had confirmed it: notices go there."""
    if citizen.email:
        EmailAddress.objects.get_or_create(
            user=citizen, email=citizen.email, defaults={"verified": True, "primary": True}
        )


def load_demo(municipality, stdout=None):
    if settings.ENVIRONMENT == "production":
        raise RuntimeError("Demo data is never loaded in production.")
    User = get_user_model()
    citizen = User.objects.filter(username=DEMO_CITIZEN).first()
    officer = User.objects.filter(username=DEMO_OFFICER).first()
    customisation = forms.live_form(municipality, DEMO_FORM)
    if citizen is None or officer is None or customisation is None:
        return 0
    if registry.cases_of(citizen).filter(municipality=municipality).exists():
        _verified_address(citizen)
        return 0
    answered_subject, answered_text = DEMO_SUBMISSIONS[0]
    answered = _submit(customisation, municipality, citizen, answered_subject, answered_text)
    registry.assign(answered, officer, user=officer)
    registry.start(answered, user=officer)
    letter = ContentFile(
        demo_pdf(["Tajekoztatas", "A bejelentett fagat holnap eltavolitjuk.", "Eger MJV PH"]),
        name="tajekoztatas.pdf",
    )
    letter.content_type = "application/pdf"
    registry.reply(
        answered,
        subject=_("Information about your report"),
        text=DEMO_REPLY,
        files=[letter],
        user=officer,
    )
    waiting_subject, waiting_text = DEMO_SUBMISSIONS[1]
    waiting = _submit(customisation, municipality, citizen, waiting_subject, waiting_text)
    registry.assign(waiting, officer, user=officer)
    registry.request_information(
        waiting,
        text=DEMO_REQUEST,
        client_deadline=timezone.localdate() + datetime.timedelta(days=15),
        user=officer,
    )
    # Only now: the officer's steps above print no e-mails into the demo's output, later
    # ones (in `make run`) show the notices on the console.
    _verified_address(citizen)
    if stdout is not None:
        stdout.write(
            _(
                "Ügyeim: %(name)s has %(count)d demo cases with messages from the officer "
                "(log in through the development agent as that citizen)."
            )
            % {"name": _hungarian_name(citizen), "count": len(DEMO_SUBMISSIONS)}
        )
    return len(DEMO_SUBMISSIONS)
