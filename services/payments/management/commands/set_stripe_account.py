"""Operators connect a municipality to its own Stripe account (the merchant of record)."""

import re

from django.core.management.base import BaseCommand, CommandError

from sites.models import Municipality

from ...models import MerchantAccount


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
        if account and not re.fullmatch(r"acct_[A-Za-z0-9]{6,60}", account):
            raise CommandError(f"{account!r} is not a Stripe account id (acct_…).")
        record, _created = MerchantAccount.objects.for_municipality(found).get_or_create(
            municipality=found
        )
        record.stripe_account_id = account
        record.save()
        self.stdout.write(
            self.style.SUCCESS(f"{found.name}: Stripe account {account or '(none)'}.")
        )
