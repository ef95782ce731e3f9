"""``make run`` serves the demo on SQLite while the rest of the suite runs on PostgreSQL:
code that only PostgreSQL understands (a sequence function, an array) passes every other
test and breaks the first command a newcomer types. So the demo is migrated and loaded
here, as ``make run`` does, on a SQLite database of its own, in a process of its own."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def test_make_run_migrates_and_loads_the_demo_on_sqlite(tmp_path):
    database = tmp_path / "demo.sqlite3"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_URL", "DJANGO_", "PYTEST_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        DATABASE_URL=f"sqlite:///{database}",
        MEDIA_ROOT=str(tmp_path / "media"),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "private_media"),
    )
    env["BACKUP_DIR"] = str(tmp_path / "backups")
    # ... and the demo is backed up and restored by the operators' drill (README, "Backups").
    for command in (["migrate", "--noinput"], ["load_demo"], ["backup"], ["restore_drill"]):
        done = subprocess.run(
            [sys.executable, str(BASE_DIR / "manage.py"), *command],
            env=env,
            cwd=BASE_DIR,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr[-3000:]

    with sqlite3.connect(database) as connection:
        # The registry numbered the demo's submissions (the number and the rows' keys are
        # taken together on PostgreSQL, one after the other here), gaplessly per book.
        books = connection.execute(
            "SELECT b.id, b.last_main_number, COUNT(c.id), MAX(c.main_number)"
            " FROM documents_registrybook b JOIN documents_case c ON c.book_id = b.id"
            " GROUP BY b.id"
        ).fetchall()
        assert books
        assert all(last == count == highest for _id, last, count, highest in books)
        # And the tax office of the demo is there, with its ledger.
        assert connection.execute("SELECT COUNT(*) FROM tax_ledgerentry").fetchone()[0] > 0
