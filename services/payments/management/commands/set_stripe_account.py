"""Operators connect a municipality to its own Stripe account (the merchant of record)."""

from django.core.management.base import BaseCommand, CommandError

from sites.actor import Actor
from sites.models import Municipality

from ...services import PaymentError, set_stripe_account


class Command(BaseCommand):
    help = "Set (or, with an empty id, clear) the Stripe connected account of a municipality."

    def add_arguments(self, parser):
        parser.add_argument("municipality", help="the municipality's slug, e.g. eger")
        parser.add_argument("account", help="the connected account's id, acct_…; '' to clear")

    def handle(self, *args, municipality, account, **options):
        found = Municipality.objects.filter(slug=municipality).first()
        if found is None:
            raise CommandError(f"No municipality with the slug {municipality!r}.")
        account = account.strip()
        try:
            set_stripe_account(found, account, actor=Actor.system(municipality=found))
        except PaymentError as error:
            raise CommandError(error.message) from None
        self.stdout.write(
            self.style.SUCCESS(f"{found.name}: Stripe account {account or '(none)'}.")
        )
