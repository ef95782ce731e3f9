"""Restoring a municipality's export into an installation that does not have it yet.

Everything is checked before anything is written: the manifest's format and schema, the
SHA-256 and size of every member, and that the installation runs the same migrations as
the one that exported. The rows then go in one transaction with their own primary keys
(foreign keys need no translation; the constraints are checked at commit), the files into
their storages; the row counts are compared with the manifest before the commit, and the
files' checksums are read back from the storages. Anything wrong rolls everything back."""

import io
import json
import zipfile
from collections import Counter

from django.apps import apps
from django.core import serializers
from django.core.files.base import File
from django.core.files.storage import storages
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils.translation import gettext as _

from . import scope
from .archive import FORMAT, MANIFEST, SCHEMA_VERSION, migration_state, sha256_of
from .rows import NaturalKeys, with_ids
from .users import restored_user_fields

BATCH = 1000
# Rows whose database trigger refuses them under a finished parent go in before it: an
# adopted rate decree's lines and rules (services/tax/migrations/0003_decrees.py). The
# foreign key is checked at the commit, when the parent is there.
BEFORE_THEIR_PARENT = {"tax.DecreeLine": "tax.Decree", "tax.DecreeRule": "tax.Decree"}


class ImportRefused(Exception):
    """The export cannot be restored here; the message says why, in Hungarian."""


def import_municipality(path, *, progress=None, stdout=None):
    """Restore the export at ``path``; returns a report dict (rows and files per kind)."""
    progress = progress or (lambda done, total, what: None)
    with zipfile.ZipFile(path) as archive:
        manifest = _checked_manifest(archive)
        _check_members(archive, manifest)
        _check_target(manifest)
        written = []
        try:
            with transaction.atomic():
                counts = _restore_rows(archive, manifest, progress)
                written = _restore_files(archive, manifest)
                _check_counts(manifest)
        except BaseException:
            for alias, name in written:
                storages[alias].delete(name)
            raise
    return {
        "municipality": manifest["municipality"],
        "rows": sum(counts.values()),
        "entities": len(counts),
        "files": len(written),
    }


def _checked_manifest(archive):
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except (KeyError, ValueError) as error:
        raise ImportRefused(_("The file has no readable manifest.json: %s") % error) from None
    if manifest.get("format") != FORMAT:
        raise ImportRefused(_("This is not a municipality export of Városháza."))
    if manifest.get("schema_version") != SCHEMA_VERSION:
        raise ImportRefused(
            _("The export's schema version is %(theirs)s; this installation reads %(ours)s.")
            % {"theirs": manifest.get("schema_version"), "ours": SCHEMA_VERSION}
        )
    ours = migration_state()
    differ = sorted(
        app
        for app in set(ours) | set(manifest["migrations"])
        if ours.get(app) != manifest["migrations"].get(app)
    )
    if differ:
        raise ImportRefused(
            _(
                "The export was made with other database migrations (%(apps)s): restore it "
                "into an installation of the same version."
            )
            % {"apps": ", ".join(differ)}
        )
    return manifest


def _check_members(archive, manifest):
    listed = manifest["files"]
    present = set(archive.namelist()) - {MANIFEST}
    problems = [_("%s is not in the manifest") % name for name in sorted(present - set(listed))]
    for name, expected in listed.items():
        if name not in present:
            problems.append(_("%s is missing") % name)
            continue
        with archive.open(name) as stream:
            if sha256_of(stream) != expected["sha256"]:
                problems.append(_("%s: checksum differs") % name)
    if problems:
        raise ImportRefused(_("The export is damaged: %s") % "; ".join(problems))


def _check_target(manifest):
    Municipality = apps.get_model("municipal", "Municipality")
    known = manifest["municipality"]
    if Municipality.objects.filter(ksh_code=known["ksh_code"]).exists() or (
        Municipality.objects.filter(slug=known["slug"]).exists()
    ):
        raise ImportRefused(
            _("%(name)s is already in this installation: import into an empty one.")
            % {"name": known["name"]}
        )


def _restore_rows(archive, manifest, progress):
    natural = NaturalKeys()
    counts = Counter()
    entities = _import_order(manifest["entities"])
    for done, entry in enumerate(entities, start=1):
        model = apps.get_model(entry["model"])
        matched = natural.fields_of(model)
        fields = model._meta.local_concrete_fields
        batch = []
        with archive.open(entry["file"]) as stream:
            for line in io.TextIOWrapper(stream, encoding="utf-8"):
                row = json.loads(line)
                if model._meta.label == scope.USER:
                    row["fields"] = restored_user_fields(row["fields"])
                try:
                    row = with_ids(row, model, natural, matched)
                except KeyError as error:
                    raise ImportRefused(
                        _("%(model)s names %(key)s, which this installation lacks.")
                        % {"model": entry["model"], "key": error}
                    ) from None
                batch.append(row)
                if len(batch) >= BATCH:
                    counts[entry["model"]] += _insert(model, fields, batch, entry["shared"])
                    batch = []
        counts[entry["model"]] += _insert(model, fields, batch, entry["shared"])
        progress(done, len(entities), entry["model"])
    _after_rows([apps.get_model(entry["model"]) for entry in entities])
    return counts


def _import_order(entities):
    early = [entry for entry in entities if entry["model"] in BEFORE_THEIR_PARENT]
    ordered = [entry for entry in entities if entry["model"] not in BEFORE_THEIR_PARENT]
    for entry in early:
        parent = BEFORE_THEIR_PARENT[entry["model"]]
        at = next((i for i, e in enumerate(ordered) if e["model"] == parent), len(ordered))
        ordered.insert(at, entry)
    return ordered


def _insert(model, fields, rows, shared):
    """Insert the rows as they are (raw: no save(), no signals, no auto_now)."""
    if not rows:
        return 0
    if shared or model._meta.label == scope.USER:
        # The provider's rows (and accounts) this installation has already stay as they are.
        have = set(
            model._base_manager.filter(pk__in=[row["pk"] for row in rows]).values_list(
                "pk", flat=True
            )
        )
        have = {str(pk) for pk in have}
        rows = [row for row in rows if str(row["pk"]) not in have]
        if not rows:
            return 0
    for row in rows:
        row["model"] = model._meta.label_lower
    objects = [item.object for item in serializers.deserialize("python", rows)]
    model._base_manager._insert(objects, fields=fields, raw=True)
    return len(objects)


def _after_rows(models):
    """Sequences continue after the restored ids; the trees' roots count their children."""
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
    for label in ("wagtailcore.Page", "wagtailcore.Collection"):
        tree = apps.get_model(label)
        for root in tree._base_manager.filter(depth=1):
            children = tree._base_manager.filter(depth=2, path__startswith=root.path).count()
            tree._base_manager.filter(pk=root.pk).update(numchild=children)


def _restore_files(archive, manifest):
    written = []
    for name, expected in manifest["files"].items():
        if not name.startswith("files/"):
            continue
        alias, stored_name = name.split("/", 2)[1:]
        storage = storages[alias]
        if storage.exists(stored_name):
            with storage.open(stored_name, "rb") as existing:
                if sha256_of(existing) == expected["sha256"]:
                    continue
            raise ImportRefused(
                _("%(name)s is already in the %(storage)s storage with other content.")
                % {"name": stored_name, "storage": alias}
            )
        with archive.open(name) as source:
            saved = storage.save(stored_name, File(source, name=stored_name))
        written.append((alias, saved))
        if saved != stored_name:
            raise ImportRefused(_("%s could not be stored under its own name.") % stored_name)
        with storage.open(saved, "rb") as check:
            if sha256_of(check) != expected["sha256"]:
                raise ImportRefused(_("%s: checksum differs after storing it.") % stored_name)
    return written


def _check_counts(manifest):
    """The municipality as restored has exactly the exported rows."""
    Municipality = apps.get_model("municipal", "Municipality")
    municipality = Municipality.objects.get(ksh_code=manifest["municipality"]["ksh_code"])
    restored = {e.label: e.queryset.count() for e in scope.plan(municipality)}
    problems = [
        f"{entry['model']}: {restored.get(entry['model'])} ≠ {entry['rows']}"
        for entry in manifest["entities"]
        if not entry["shared"]
        and entry["model"] != scope.USER
        and restored.get(entry["model"], 0) != entry["rows"]
    ]
    if problems:
        raise ImportRefused(_("The restored rows differ from the export: %s") % "; ".join(problems))
