"""Writing a municipality's export: a zip of JSON Lines (and CSV for the tables a person
reads), its files and a manifest with the row counts and the SHA-256 of every member.
docs/export-schema.md describes the result."""

import csv
import hashlib
import json
import tempfile
import zipfile

from django.apps import apps
from django.conf import settings
from django.core.files.storage import storages
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import FileField
from django.utils import timezone
from django.utils.functional import LazyObject, empty

from . import scope
from .rows import NaturalKeys, RowWriter
from .users import FIELDS as USER_FIELDS
from .users import export_users

FORMAT = "varoshaza-municipality-export"
SCHEMA_VERSION = 1
MANIFEST = "manifest.json"
# Rows read from the database at a time.
CHUNK = 2000
# Flat tables a person opens in a spreadsheet as well (semicolon separated, UTF-8 with
# BOM, as the officers' other CSV files): the registry, payments, tax, trade, audit, staff.
CSV_TABLES = {
    "auth.User",
    "municipal.StaffMembership",
    "documents.Case",
    "documents.Document",
    "documents.AuditEvent",
    "forms.Submission",
    "payments.Payment",
    "payments.Refund",
    "tax.Taxpayer",
    "tax.Property",
    "tax.LedgerEntry",
    "commerce.Trader",
    "commerce.Shop",
    "appointments.Booking",
}


def storage_alias(storage):
    """The name in settings.STORAGES of the storage a file field writes to."""
    if isinstance(storage, LazyObject):
        if storage._wrapped is empty:
            storage._setup()
        storage = storage._wrapped
    for alias in settings.STORAGES:
        if storages[alias] is storage:
            return alias
    return "default"


def migration_state():
    """The newest migration applied per app: an export restores only into the same schema."""
    latest = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, name), name)
    return dict(sorted(latest.items()))


class _Member:
    """A zip member being written, hashed on the way."""

    def __init__(self, archive, name, compress=True):
        info = zipfile.ZipInfo(name, date_time=timezone.now().timetuple()[:6])
        info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        self.name = name
        self.stream = archive.open(info, "w", force_zip64=True)
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data):
        if isinstance(data, str):
            data = data.encode("utf-8")
        self.digest.update(data)
        self.size += len(data)
        self.stream.write(data)

    def close(self):
        self.stream.close()
        return {"sha256": self.digest.hexdigest(), "size": self.size}


def export_municipality(municipality, target, *, progress=None):
    """Write the municipality's export to ``target`` (a path or a binary file open for
    writing); returns the manifest. ``progress(done, total, what)`` is told after each
    entity. The rows are read in one repeatable-read transaction on PostgreSQL, so the
    export is one moment's state even while the municipality works on."""
    progress = progress or (lambda done, total, what: None)
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            connection.cursor().execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        with zipfile.ZipFile(target, "w", allowZip64=True) as archive:
            return _write(municipality, archive, progress)


def _write(municipality, archive, progress):
    entities = scope.plan(municipality)
    natural = NaturalKeys()
    members, counts, media = {}, [], {}
    total = len(entities) + 2  # the accounts, and the files
    member = _Member(archive, "data/auth.User.jsonl")
    table = _CsvTable("auth.User")
    users = 0
    for row in export_users(scope.user_ids(entities), natural):
        member.write(RowWriter.line(row))
        table.add(row)
        users += 1
    members[member.name] = member.close()
    counts.append(_entry("auth.User", member.name, users, False, table.store(archive, members)))
    progress(1, total, "auth.User")
    for done, entity in enumerate(entities, start=2):
        writer = RowWriter(entity.model, natural)
        files = [
            (f.attname, storage_alias(f.storage))
            for f in entity.model._meta.local_concrete_fields
            if isinstance(f, FileField)
        ]
        member = _Member(archive, f"data/{entity.label}.jsonl")
        table = _CsvTable(entity.label) if entity.label in CSV_TABLES else None
        rows = 0
        queryset = entity.queryset.order_by("pk")
        for row in writer.rows_of(queryset, CHUNK):
            member.write(RowWriter.line(row))
            if table is not None:
                table.add(row)
            for attname, alias in files:
                name = row["fields"].get(attname)
                if name:
                    media[f"files/{alias}/{name}"] = (alias, name)
            rows += 1
        members[member.name] = member.close()
        csv_name = table.store(archive, members) if table is not None else None
        counts.append(_entry(entity.label, member.name, rows, entity.shared, csv_name))
        progress(done, total, entity.label)
    missing = []
    for member_name, (alias, name) in sorted(media.items()):
        storage = storages[alias]
        if not storage.exists(name):
            missing.append(member_name)
            continue
        member = _Member(archive, member_name, compress=False)
        with storage.open(name, "rb") as source:
            while block := source.read(1024 * 1024):
                member.write(block)
        members[member_name] = member.close()
    progress(total, total, "files")
    manifest = {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "created_at": timezone.now().isoformat(),
        "municipality": {
            "ksh_code": municipality.ksh_code,
            "slug": municipality.slug,
            "name": municipality.name,
        },
        "migrations": migration_state(),
        "entities": counts,
        # Files a row names that were not in the storage when the export ran.
        "missing_files": missing,
        "files": members,
    }
    archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


def _entry(label, member, rows, shared, csv_name):
    entry = {
        "model": label,
        "file": member,
        "rows": rows,
        "shared": shared,
        "fields": _fields(label),
    }
    if csv_name:
        entry["csv"] = csv_name
    return entry


def _fields(label):
    """The row's fields and their kinds, so a reader of the zip needs no source code: a
    foreign key names the entity it points at ("fk:tax.Taxpayer")."""
    model = apps.get_model(label)
    fields = {}
    for field in model._meta.local_fields:
        if not field.serialize:
            continue
        if field.is_relation:
            fields[field.name] = f"fk:{field.related_model._meta.label}"
        else:
            fields[field.name] = field.get_internal_type()
    if label == "auth.User":
        fields = {name: kind for name, kind in fields.items() if name in USER_FIELDS}
    return fields


class _CsvTable:
    """The CSV twin of an entity, kept in a temporary file until its JSON Lines are done."""

    def __init__(self, label):
        self.label = label
        self.buffer = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024, mode="w+t")
        self.writer = None

    def add(self, row):
        fields = row["fields"]
        if self.writer is None:
            self.columns = ["pk", *sorted(fields)]
            self.writer = csv.writer(self.buffer, delimiter=";")
            self.writer.writerow(self.columns)
        values = {"pk": row["pk"], **fields}
        self.writer.writerow([_cell(values.get(column)) for column in self.columns])

    def store(self, archive, members):
        name = f"csv/{self.label}.csv"
        member = _Member(archive, name)
        member.write("\ufeff")
        self.buffer.seek(0)
        while block := self.buffer.read(1024 * 1024):
            member.write(block)
        self.buffer.close()
        members[name] = member.close()
        return name


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def read_manifest(archive):
    return json.loads(archive.read(MANIFEST))


def sha256_of(stream):
    digest = hashlib.sha256()
    while block := stream.read(1024 * 1024):
        digest.update(block)
    return digest.hexdigest()
