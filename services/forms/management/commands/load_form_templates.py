from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from services.forms import exchange
from services.forms.services import FormsError


class Command(BaseCommand):
    help = "Load the central form template library (JSON files); re-running changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="*",
            help="JSON files or folders (default: data/form_templates/)",
        )

    def handle(self, *paths, **options):
        files = []
        for path in [Path(p) for p in paths] or [settings.BASE_DIR / "data" / "form_templates"]:
            files.extend(sorted(path.glob("*.json")) if path.is_dir() else [path])
        if not files:
            raise CommandError(_("No template files found."))
        added = failed = 0
        for path in files:
            try:
                document = exchange.parse(path.read_bytes())
                template, count = exchange.import_template(document)
            except (FormsError, OSError) as error:
                failed += 1
                problems = getattr(error, "problems", [str(error)])
                self.stderr.write(
                    self.style.ERROR(f"{path.name}: " + "; ".join(map(str, problems)))
                )
                continue
            added += count
            if count:
                self.stdout.write(f"  {template.code} {template.title}: +{count}")
        summary = _("%(files)d template file(s), %(added)d new version(s), %(failed)d failed.") % {
            "files": len(files),
            "added": added,
            "failed": failed,
        }
        self.stdout.write(
            self.style.SUCCESS(summary) if not failed else self.style.WARNING(summary)
        )
        if failed:
            raise CommandError(_("Some template files could not be loaded."))
