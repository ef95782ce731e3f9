"""Backups of the database and of both file storages, and the drill that restores them.

A backup is a folder ``<BACKUP_DIR>/<UTC time>/`` with:

- ``database.dump`` (PostgreSQL: ``pg_dump --format=custom`` of an exported snapshot) or
  ``database.sqlite3`` (SQLite: the online backup API);
- ``files/<storage>/<name>``: every file of the ``default`` and ``private`` storages, read
  through Django's storage API (local folders or S3 alike);
- ``manifest.json``: the row count of every table *in the same snapshot as the dump*, and
  the size and SHA-256 of every file.

:func:`restore_drill` restores the newest backup into a scratch database and a scratch
folder and compares both with the manifest: a backup that cannot be restored, or restores
different data, fails the drill. Production's point-in-time recovery (base backup + WAL) is
described in README, "Backups"; the dump is the small installation's backup and the drill's
unit of proof either way."""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.files.storage import storages
from django.db import connection

STORAGES = ("default", "private")
MANIFEST = "manifest.json"


class BackupError(Exception):
    pass


def _tables(cursor):
    return sorted(connection.introspection.table_names(cursor))


def _counts(cursor, tables):
    quote = connection.ops.quote_name
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - our own names
        counts[table] = cursor.fetchone()[0]
    return counts


def _pg_env(database):
    values = {
        "PGHOST": database.get("HOST") or "",
        "PGPORT": str(database.get("PORT") or ""),
        "PGUSER": database.get("USER") or "",
        "PGPASSWORD": database.get("PASSWORD") or "",
    }
    return {**os.environ, **{key: value for key, value in values.items() if value}}


def _dump_postgresql(target):
    """Count the rows and dump them in one snapshot: the counts are those of the dump."""
    database = connection.settings_dict
    with connection.cursor() as cursor:
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = _counts(cursor, _tables(cursor))
            done = subprocess.run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    f"--snapshot={snapshot}",
                    f"--file={target / 'database.dump'}",
                    database["NAME"],
                ],
                env=_pg_env(database),
                capture_output=True,
                text=True,
            )
        finally:
            cursor.execute("COMMIT")
    if done.returncode:
        raise BackupError(done.stderr.strip()[-500:])
    return counts


def _dump_sqlite(target):
    connection.ensure_connection()
    destination = sqlite3.connect(target / "database.sqlite3")
    with destination:
        connection.connection.backup(destination)
    destination.close()
    copy = sqlite3.connect(target / "database.sqlite3")
    try:
        cursor = copy.cursor()
        tables = [
            row[0]
            for row in cursor.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            table: cursor.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
            for table in sorted(tables)
        }
    finally:
        copy.close()


def _walk(storage, folder=""):
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for name in sorted(folders):
        yield from _walk(storage, f"{folder}/{name}" if folder else name)


def _digest(path):
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def _copy_files(target):
    files = {}
    for alias in STORAGES:
        storage = storages[alias]
        for name in _walk(storage):
            destination = target / "files" / alias / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            with storage.open(name, "rb") as source, open(destination, "wb") as out:
                shutil.copyfileobj(source, out)
            files[f"{alias}/{name}"] = {
                "size": destination.stat().st_size,
                "sha256": _digest(destination),
            }
    return files


def backup(to=None):
    """Make a backup; returns its folder."""
    root = Path(to or settings.BACKUP_DIR)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = root / stamp
    target.mkdir(parents=True, exist_ok=False)
    vendor = connection.vendor
    if vendor == "postgresql":
        counts = _dump_postgresql(target)
    elif vendor == "sqlite":
        counts = _dump_sqlite(target)
    else:
        raise BackupError(f"No backup for the {vendor} database.")
    manifest = {
        "made_at": stamp,
        "vendor": vendor,
        "tables": counts,
        "files": _copy_files(target),
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return target


def latest(root=None):
    root = Path(root or settings.BACKUP_DIR)
    found = sorted(path for path in root.glob("*/" + MANIFEST)) if root.exists() else []
    if not found:
        raise BackupError(f"No backup in {root}.")
    return found[-1].parent


def _restore_postgresql(folder, scratch):
    database = connection.settings_dict
    env = _pg_env(database)
    for command in (
        ["dropdb", "--if-exists", scratch],
        ["createdb", scratch],
        [
            "pg_restore",
            "--no-owner",
            "--exit-on-error",
            f"--dbname={scratch}",
            str(folder / "database.dump"),
        ],
    ):
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        if done.returncode:
            raise BackupError(done.stderr.strip()[-500:])
    # A connection of its own (psycopg, not one of Django's aliases): the scratch database
    # is no database of the project's.
    import psycopg
    from psycopg import sql

    params = {
        "dbname": scratch,
        "host": database.get("HOST") or None,
        "port": database.get("PORT") or None,
        "user": database.get("USER") or None,
        "password": database.get("PASSWORD") or None,
    }
    counts = {}
    with psycopg.connect(**{key: value for key, value in params.items() if value}) as scratch_db:
        tables = [
            row[0]
            for row in scratch_db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            )
        ]
        for table in sorted(tables):
            query = sql.SQL("SELECT COUNT(*) FROM {}").format(sql.Identifier(table))
            counts[table] = scratch_db.execute(query).fetchone()[0]
    return counts


def _restore_sqlite(folder, scratch_folder):
    target = scratch_folder / "database.sqlite3"
    shutil.copyfile(folder / "database.sqlite3", target)
    restored = sqlite3.connect(target)
    try:
        cursor = restored.cursor()
        # No PRAGMA integrity_check: Django's own SQL functions (in some constraints) exist
        # only in its connections. Reading every table below reads every page it uses.
        tables = [
            row[0]
            for row in cursor.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            table: cursor.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
            for table in sorted(tables)
        }
    finally:
        restored.close()


def restore_drill(folder=None, *, scratch_folder, keep=False):
    """Restore ``folder`` (the newest backup by default) into a scratch database and a
    scratch folder and compare them with its manifest. Returns a report dict; its
    ``problems`` list is empty when the drill passed."""
    folder = Path(folder) if folder else latest()
    manifest = json.loads((folder / MANIFEST).read_text())
    scratch_folder = Path(scratch_folder)
    scratch_folder.mkdir(parents=True, exist_ok=True)
    problems = []
    scratch_database = f"{connection.settings_dict['NAME']}_restore_drill"
    if manifest["vendor"] == "postgresql":
        counts = _restore_postgresql(folder, scratch_database)
    else:
        counts = _restore_sqlite(folder, scratch_folder)
    for table, expected in manifest["tables"].items():
        if counts.get(table) != expected:
            problems.append(f"table {table}: {counts.get(table)} rows, expected {expected}")
    for table in set(counts) - set(manifest["tables"]):
        problems.append(f"table {table}: not in the manifest")
    restored_files = scratch_folder / "files"
    if restored_files.exists():
        shutil.rmtree(restored_files)
    if (folder / "files").exists():
        shutil.copytree(folder / "files", restored_files)
    for name, expected in manifest["files"].items():
        path = restored_files / name
        if not path.exists():
            problems.append(f"file {name}: missing")
        elif _digest(path) != expected["sha256"]:
            problems.append(f"file {name}: checksum differs")
    if manifest["vendor"] == "postgresql" and not keep:
        subprocess.run(
            ["dropdb", "--if-exists", scratch_database],
            env=_pg_env(connection.settings_dict),
            capture_output=True,
        )
    return {
        "backup": str(folder),
        "tables": len(manifest["tables"]),
        "rows": sum(manifest["tables"].values()),
        "files": len(manifest["files"]),
        "bytes": sum(item["size"] for item in manifest["files"].values()),
        "problems": problems,
    }
