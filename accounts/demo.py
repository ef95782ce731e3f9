"""Demo citizens for ``make run``: invented people with full identity data.

The development identity agent offers them; ``load_demo`` (portal) calls
:func:`load_demo_accounts`, which also gives the demo staff a TOTP device whose codes
``manage.py demo_totp_code <username>`` prints (the admin always asks for one)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from .constants import AssuranceLevel

DEMO_CITIZENS = [
    {
        "national_agent_id": "demo-kovacs-janos",
        "family_name": "Kovács",
        "given_name": "János",
        "birth_name": "Kovács János",
        "mothers_name": "Nagy Mária",
        "place_of_birth": "Eger",
        "date_of_birth": "1978-04-12",
        "email": "kovacs.janos@example.hu",
        "assurance_level": AssuranceLevel.SUBSTANTIAL.value,
    },
    {
        "national_agent_id": "demo-szabo-eva",
        "family_name": "Szabó",
        "given_name": "Éva Katalin",
        "birth_name": "Tóth Éva Katalin",
        "mothers_name": "Kiss Erzsébet",
        "place_of_birth": "Debrecen",
        "date_of_birth": "1985-11-03",
        "email": "szabo.eva@example.hu",
        "assurance_level": AssuranceLevel.HIGH.value,
    },
    {
        "national_agent_id": "demo-horvath-gergo",
        "family_name": "Horváth",
        "given_name": "Gergő",
        "birth_name": "Horváth Gergő",
        "mothers_name": "Varga Ilona",
        "place_of_birth": "Budapest",
        "date_of_birth": "2001-02-28",
        "email": "",
        "assurance_level": AssuranceLevel.SUBSTANTIAL.value,
    },
]

# A fixed secret, so the demo's codes can be computed; only ever loaded by the demo loader.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPVAROSHAZADEMO234"


def demo_citizen(national_agent_id):
    return next((c for c in DEMO_CITIZENS if c["national_agent_id"] == national_agent_id), None)


@transaction.atomic
def load_demo_accounts(staff_usernames, stdout=None):
    """The demo citizens' accounts, as after their first development-agent login, and a
    TOTP device for the demo staff (idempotent)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP
    from allauth.socialaccount.models import SocialAccount

    from .identity import read_development_agent
    from .services import record_identification

    if settings.ENVIRONMENT == "production":
        raise RuntimeError("Demo accounts are never loaded in production.")
    User = get_user_model()
    for citizen in DEMO_CITIZENS:
        uid = citizen["national_agent_id"]
        account = SocialAccount.objects.filter(provider="development_agent", uid=uid).first()
        if account is None:
            user, _created = User.objects.get_or_create(
                username=uid,
                defaults={
                    "email": citizen["email"],
                    "first_name": citizen["given_name"],
                    "last_name": citizen["family_name"],
                },
            )
            if _created:
                user.set_unusable_password()  # they log in through the agent only
                user.save(update_fields=["password"])
            account = SocialAccount.objects.create(
                user=user, provider="development_agent", uid=uid, extra_data=citizen
            )
            record_identification(
                user, read_development_agent(citizen, uid), provider="development_agent"
            )
    for user in User.objects.filter(username__in=staff_usernames):
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
    if stdout is not None:
        stdout.write(
            "  Kétlépcsős azonosítás (TOTP) a demó munkatársaknak: "
            "`.venv/bin/python manage.py demo_totp_code <felhasználónév>` adja a kódot."
        )
        stdout.write(
            f"  Demó állampolgárok: {settings.WAGTAILADMIN_BASE_URL}/fiok/login/ → "
            "„FEJLESZTŐI azonosítás – nem éles”."
        )
