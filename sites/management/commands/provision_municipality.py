from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sites.constants import County, LegalStatus
from sites.models import Municipality
from sites.provisioning import MunicipalityData, provision_municipality

from .provision_municipalities import describe_validation_error


class Command(BaseCommand):
    help = "Provision one municipality: its record, website, page tree, collection and groups."

    def add_arguments(self, parser):
        parser.add_argument("name", help="The municipality's official name, e.g. Hódmezővásárhely.")
        parser.add_argument(
            "--ksh-code",
            required=True,
            help="The KSH settlement code (5 digits); it identifies the municipality.",
        )
        parser.add_argument(
            "--county", required=True, choices=County.values, help="The county, with accents."
        )
        parser.add_argument(
            "--legal-status",
            required=True,
            choices=LegalStatus.values,
            help="Legal status under the Local Government Act.",
        )
        parser.add_argument("--postal-code", required=True, help="Postal code of the office.")
        parser.add_argument("--population", type=int, help="Number of inhabitants.")
        parser.add_argument(
            "--slug",
            default="",
            help="Web address label (<slug>.<base domain>); default: the name in ASCII.",
        )
        parser.add_argument("--address", default="", help="Postal address of the office.")
        parser.add_argument("--email", default="", help="The office's e-mail address.")
        parser.add_argument("--phone", default="", help="The office's phone number.")
        parser.add_argument(
            "--tax-bank-account",
            default="",
            help="GIRO account for local tax payments (2x8 or 3x8 digits).",
        )
        parser.add_argument(
            "--rename",
            action="store_true",
            help="The KSH code is known under another name: rename that municipality "
            "(its web address stays unless --slug is given).",
        )

    def handle(self, name, **options):
        slug = options["slug"]
        if options["rename"] and not slug:
            # A rename keeps the web address: the site's host name is the old slug's.
            slug = (
                Municipality.objects.filter(ksh_code=options["ksh_code"].strip())
                .values_list("slug", flat=True)
                .first()
                or ""
            )
        data = MunicipalityData(
            name=name,
            ksh_code=options["ksh_code"],
            county=options["county"],
            legal_status=options["legal_status"],
            postal_code=options["postal_code"],
            population=options["population"],
            slug=slug,
            rename=options["rename"],
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
