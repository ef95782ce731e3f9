"""Compare the search index with the database, model by model, and repair the drift."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from wagtail.search.backends import get_search_backend
from wagtail.search.index import get_indexed_models

from search import words
from search.backends import drift

SHOWN = 10  # primary keys shown per kind of drift; the counts are always complete


class Command(BaseCommand):
    help = _(
        "Compare the search index with the database per indexed model: objects missing "
        "from the index, entries stale (changed after they were indexed) and orphan entries "
        "(their object is gone); with --repair, index the missing and stale objects again "
        "and remove the orphans."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--backend",
            default="default",
            help=_("The search backend to check (a key of WAGTAILSEARCH_BACKENDS)."),
        )
        parser.add_argument(
            "--model",
            action="append",
            default=[],
            help=_("Check only this model (app_label.ModelName); may be repeated."),
        )
        parser.add_argument(
            "--repair", action="store_true", help=_("Repair the drift that was found.")
        )

    def handle(self, *args, backend, model, repair, verbosity, **options):
        search_backend = get_search_backend(backend)
        results = drift.check(search_backend, self._models(model))
        for result in results:
            if verbosity > 1 or not result.clean:
                self._report(result)
        drifted = [result for result in results if not result.clean]
        counts = {
            "models": len(drifted),
            "missing": sum(len(result.missing) for result in drifted),
            "stale": sum(len(result.stale) for result in drifted),
            "orphans": sum(len(result.orphans) for result in drifted),
        }
        summary = _(
            "Search index %(backend)s: %(models)d of %(total)d models drifted: "
            "%(missing)d missing, %(stale)d stale, %(orphans)d orphan entries."
        ) % {"backend": backend, "total": len(results), **counts}
        if drifted and repair:
            written, removed = drift.repair(search_backend, drifted)
            summary += " " + _("Repaired: %(written)d indexed again, %(removed)d removed.") % {
                "written": written,
                "removed": removed,
            }
        elif drifted:
            summary += " " + _("Run it again with --repair to repair them.")
        if repair and words.available():
            # The word table of "did you mean" is rebuilt from the (repaired) index.
            summary += " " + _("Words for 'did you mean': %(count)d.") % {
                "count": words.refresh_all_words()
            }
        style = self.style.WARNING if drifted and not repair else self.style.SUCCESS
        self.stdout.write(style(summary))

    def _models(self, labels):
        if not labels:
            return None
        indexed = {model._meta.label_lower: model for model in get_indexed_models()}
        unknown = [label for label in labels if label.lower() not in indexed]
        if unknown:
            raise CommandError(
                _("Not an indexed model: %(labels)s. Indexed models: %(known)s.")
                % {"labels": ", ".join(unknown), "known": ", ".join(sorted(indexed))}
            )
        return [indexed[label.lower()] for label in labels]

    def _report(self, result):
        self.stdout.write(
            _("%(model)s: %(indexed)d entries for %(expected)d objects")
            % {"model": result.label, "indexed": result.indexed, "expected": result.expected}
        )
        for name, pks in (
            (_("missing"), result.missing),
            (_("stale"), result.stale),
            (_("orphan"), result.orphans),
        ):
            if pks:
                shown = ", ".join(pks[:SHOWN]) + (" …" if len(pks) > SHOWN else "")
                self.stdout.write(f"  {name} ({len(pks)}): {shown}")
