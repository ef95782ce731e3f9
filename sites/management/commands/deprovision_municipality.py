from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sites.models import Municipality
from sites.provisioning import (
    deactivate_municipality,
    delete_municipality,
    reactivate_municipality,
)


class Command(BaseCommand):
    help = (
        "Deactivate a municipality (its site and services stop being served; nothing is "
        "deleted), reactivate it, or delete it with everything it owns."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The municipality's slug, e.g. eger.")
        action = parser.add_mutually_exclusive_group()
        action.add_argument(
            "--reactivate",
            action="store_true",
            help="Serve a deactivated municipality's website and services again.",
        )
        action.add_argument(
            "--delete", action="store_true", help="Delete irreversibly (asks for confirmation)."
        )
        parser.add_argument(
            "--confirm",
            default=None,
            help="With --delete: the slug typed again, for non-interactive use.",
        )

    def handle(self, slug, reactivate=False, delete=False, confirm=None, **options):
        municipality = Municipality.objects.filter(slug=slug).first()
        if municipality is None:
            raise CommandError(_("No municipality with the slug “%(slug)s”.") % {"slug": slug})
        if reactivate:
            reactivate_municipality(municipality)
            self.stdout.write(
                self.style.SUCCESS(_("%(name)s is active again.") % {"name": municipality.name})
            )
        elif delete:
            if confirm is None and options.get("interactive", True):
                confirm = input(
                    _(
                        "This deletes %(name)s with its pages, files, groups and records. "
                        "Type its slug to confirm: "
                    )
                    % {"name": municipality.name}
                )
            if confirm != slug:
                raise CommandError(_("Not confirmed; nothing was deleted."))
            name = municipality.name
            delete_municipality(municipality)
            self.stdout.write(self.style.SUCCESS(_("%(name)s was deleted.") % {"name": name}))
        else:
            deactivate_municipality(municipality)
            self.stdout.write(
                self.style.SUCCESS(
                    _("%(name)s was deactivated; its website is no longer served.")
                    % {"name": municipality.name}
                )
            )
