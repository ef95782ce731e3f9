from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sites.constants import County, LegalStatus
from sites.provisioning import MunicipalityData, provision_municipality

from .provision_municipalities import describe_validation_error


class Command(BaseCommand):
    help = "Provision one municipality: its record, website, page tree, collection and groups."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--ksh-code", required=True)
        parser.add_argument("--county", required=True, choices=County.values)
        parser.add_argument("--legal-status", required=True, choices=LegalStatus.values)
        parser.add_argument("--postal-code", required=True)
        parser.add_argument("--population", type=int)
        parser.add_argument("--slug", default="")
        parser.add_argument("--address", default="")
        parser.add_argument("--email", default="")
        parser.add_argument("--phone", default="")
        parser.add_argument("--tax-bank-account", default="")

    def handle(self, name, **options):
        data = MunicipalityData(
            name=name,
            ksh_code=options["ksh_code"],
            county=options["county"],
            legal_status=options["legal_status"],
            postal_code=options["postal_code"],
            population=options["population"],
            slug=options["slug"],
            extra={
                field: options[field]
                for field in ("address", "email", "phone", "tax_bank_account")
                if options[field]
            },
        )
        try:
            result = provision_municipality(data)
        except ValidationError as error:
            raise CommandError(describe_validation_error(error)) from error
        municipality = result.municipality
        self.stdout.write(
            self.style.SUCCESS(
                _("%(name)s: %(outcome)s, served at %(url)s")
                % {
                    "name": municipality.name,
                    "outcome": result.outcome.label,
                    "url": municipality.url,
                }
            )
        )
