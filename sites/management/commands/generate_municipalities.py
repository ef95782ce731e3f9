import csv
import random
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sites.constants import County, LegalStatus

# Synthetic KSH codes start here: real settlement codes stay well below it, so a synthetic
# municipality can never be mistaken for (or collide with) a real one.
SYNTHETIC_KSH_START = 50000
SYNTHETIC_KSH_END = 99999


class Command(BaseCommand):
    help = "Write a CSV of synthetic municipalities (clearly named so) for scale tests."

    def add_arguments(self, parser):
        parser.add_argument(
            "--count", type=int, default=3200, help="How many municipalities (default: 3200)."
        )
        parser.add_argument("--output", default="-", help="File to write; '-' for stdout.")
        parser.add_argument(
            "--seed",
            type=int,
            default=2026,
            help="Random seed: the same seed gives the same file (default: 2026).",
        )

    def handle(self, count, output, seed, **options):
        capacity = SYNTHETIC_KSH_END - SYNTHETIC_KSH_START + 1
        if not 0 < count <= capacity:
            raise CommandError(_("The count must be between 1 and %(max)s.") % {"max": capacity})
        randomiser = random.Random(seed)
        handle = sys.stdout if output == "-" else open(output, "w", encoding="utf-8", newline="")
        try:
            writer = csv.writer(handle)
            writer.writerow(
                ["name", "ksh_code", "county", "legal_status", "postal_code", "population"]
            )
            for number in range(1, count + 1):
                writer.writerow(
                    [
                        f"Szintetikus {number:04d}",
                        str(SYNTHETIC_KSH_START + number - 1),
                        randomiser.choice(County.values),
                        randomiser.choice(LegalStatus.values),
                        str(randomiser.randint(2000, 9999)),
                        randomiser.randint(50, 200_000),
                    ]
                )
        finally:
            if handle is not sys.stdout:
                handle.close()
        if output != "-":
            self.stdout.write(
                self.style.SUCCESS(
                    _("%(count)s synthetic municipalities written to %(file)s")
                    % {"count": count, "file": output}
                )
            )
