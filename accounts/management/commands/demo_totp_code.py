from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = "Demo only: print the current TOTP code of a demo staff member (make run)."

    def add_arguments(self, parser):
        parser.add_argument("username", help="A demo staff member's user name, e.g. szerkeszto.")

    def handle(self, username, **options):
        if settings.ENVIRONMENT == "production":
            raise CommandError(_("This command does not run under the production settings."))
        authenticator = Authenticator.objects.filter(
            user__username=username, type=Authenticator.Type.TOTP
        ).first()
        if authenticator is None:
            raise CommandError(_("%(username)s has no TOTP device.") % {"username": username})
        secret = get_adapter().decrypt(authenticator.data["secret"])
        counter = int(timezone.now().timestamp()) // mfa_settings.TOTP_PERIOD
        self.stdout.write(format_hotp_value(hotp_value(secret, counter)))
