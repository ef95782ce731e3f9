"""Create an API application with a grant and print its first token (shown only here),
or revoke an application's tokens. The README's curl walkthrough starts with it."""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from sites.models import Municipality

from ...models import ApiClient
from ...scopes import Scope
from ...tokens import ClientError, create_client, issue_token, revoke_client


def _municipality(slug):
    found = Municipality.objects.filter(slug=slug).first()
    if found is None:
        raise CommandError(_("No municipality with the slug %(slug)s.") % {"slug": slug})
    return found


class Command(BaseCommand):
    help = (
        "Create an API application granted --scope(s) in --grant municipalities (slugs) and "
        "print its token once. Without --of it is the provider's application. "
        f"Scopes: {', '.join(Scope.values)}. --revoke ID revokes an application."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", help="the application's name")
        parser.add_argument("--of", help="the owning municipality's slug (else: the provider)")
        parser.add_argument("--grant", action="append", default=[], help="municipality slug")
        parser.add_argument("--scope", action="append", default=[], help="a scope to grant")
        parser.add_argument("--days", type=int, default=0, help="token validity (0: no expiry)")
        parser.add_argument("--revoke", type=int, help="revoke this application id")
        parser.add_argument(
            "--personal", help="a personal token of this citizen's username (for /api/v1/me/)"
        )

    def handle(
        self, name=None, of=None, grant=(), scope=(), days=0, revoke=None, personal=None, **options
    ):
        if revoke is not None:
            client = ApiClient.objects.filter(pk=revoke).first()
            if client is None:
                raise CommandError(_("No API application with the id %(id)s.") % {"id": revoke})
            revoke_client(client)
            self.stdout.write(self.style.SUCCESS(_("Revoked: %(name)s.") % {"name": client}))
            return
        expires = timezone.now() + datetime.timedelta(days=days) if days > 0 else None
        if personal:
            return self.personal(name, personal, expires)
        owner = _municipality(of) if of else None
        granted = [_municipality(slug) for slug in (grant or ([of] if of else []))]
        if not scope:
            raise CommandError(_("Name at least one scope (--scope tax.read)."))
        if not granted:
            raise CommandError(_("Name at least one municipality to grant (--grant SLUG)."))
        try:
            client = create_client(
                name, municipality=owner, grants={m: list(scope) for m in granted}
            )
            _token, secret = issue_token(client, expires_at=expires)
        except ClientError as error:
            raise CommandError(str(error)) from None
        for municipality in granted:
            self.stdout.write(
                _("Granted %(scopes)s in %(name)s (KSH %(ksh)s).")
                % {
                    "scopes": ", ".join(client.grants.get(municipality=municipality).scopes),
                    "name": municipality.name,
                    "ksh": municipality.ksh_code,
                }
            )
        self.stdout.write(_("The token (shown only now; keep it secret):"))
        self.stdout.write(secret)
        self.stdout.write(
            self.style.SUCCESS(
                _("Application %(id)s created: %(name)s.") % {"id": client.pk, "name": client}
            )
        )

    def personal(self, name, username, expires):
        """A citizen's own token: no grant, it reads only /api/v1/me/ (their own data)."""
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None or user.is_staff or user.is_superuser:
            raise CommandError(_("No citizen with the username %(name)s.") % {"name": username})
        try:
            client = create_client(name or username, owner=user)
            _token, secret = issue_token(client, expires_at=expires)
        except ClientError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(_("The token (shown only now; keep it secret):"))
        self.stdout.write(secret)
        self.stdout.write(
            self.style.SUCCESS(
                _("Application %(id)s created: %(name)s.") % {"id": client.pk, "name": client}
            )
        )
