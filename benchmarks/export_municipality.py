"""How fast a municipality's full export is written (MB/s), and how fast it is restored
into an empty installation (issue #20, item 5: "the export of the largest demo
municipality measured (MB/s) and recorded").

Run against a loaded demo on PostgreSQL; the import needs an empty, migrated database to
copy (``createdb --template``), which the script copies to a scratch database, imports
into with ``manage.py import_municipality`` in a subprocess, and drops:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vh_export \\
      .venv/bin/python benchmarks/export_municipality.py --slug eger --repeat 3 \\
      --empty-template vh_export_empty

MEDIA_ROOT / PRIVATE_MEDIA_ROOT must be those the demo was loaded with (its files).
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slug", default="eger", help="the municipality (Eger: the largest)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--empty-template", help="an empty migrated database to import into")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    from portal.dataexport.archive import export_municipality
    from sites.models import Municipality

    municipality = Municipality.objects.get(slug=args.slug)
    folder = Path(tempfile.mkdtemp(prefix="export-bench-"))
    path = folder / f"{args.slug}.zip"
    print(f"{municipality.name}, database {connection.vendor}, load average {os.getloadavg()}")
    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        manifest = export_municipality(municipality, path)
        times.append(time.perf_counter() - started)
    data = sum(item["size"] for item in manifest["files"].values())
    rows = sum(entry["rows"] for entry in manifest["entities"])
    files = sum(1 for name in manifest["files"] if name.startswith("files/"))
    zipped = path.stat().st_size
    median = statistics.median(times)
    print(
        f"export: {rows} rows, {files} files, {data / 1e6:.2f} MB of content, "
        f"{zipped / 1e6:.2f} MB zip; median {median:.2f} s (of {args.repeat}, "
        f"max {max(times):.2f} s): {data / 1e6 / median:.2f} MB/s of content, "
        f"{zipped / 1e6 / median:.2f} MB/s of zip"
    )
    with zipfile.ZipFile(path) as archive:
        assert json.loads(archive.read("manifest.json"))["files"] == manifest["files"]
    if args.empty_template:
        seconds = _import(args.empty_template, path, folder)
        print(
            f"import (checksums, rows, files, verification): {seconds:.2f} s: "
            f"{data / 1e6 / seconds:.2f} MB/s of content"
        )
    print(f"load average after: {os.getloadavg()}")


def _import(template, path, folder):
    from django.db import connection

    settings = connection.settings_dict
    scratch = f"{template}_bench_import"
    env = {**os.environ, "PGHOST": settings.get("HOST") or "127.0.0.1"}
    env["PGUSER"] = settings.get("USER") or "postgres"
    subprocess.run(["dropdb", "--if-exists", scratch], env=env, check=True)
    subprocess.run(["createdb", "--template", template, scratch], env=env, check=True)
    try:
        host, port = settings.get("HOST") or "127.0.0.1", settings.get("PORT") or 5432
        run_env = {
            **os.environ,
            "DATABASE_URL": f"postgres://{env['PGUSER']}@{host}:{port}/{scratch}",
            "MEDIA_ROOT": str(folder / "media"),
            "PRIVATE_MEDIA_ROOT": str(folder / "private_media"),
        }
        done = subprocess.run(
            [sys.executable, str(BASE_DIR / "manage.py"), "import_municipality", str(path)],
            env=run_env,
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise SystemExit(done.stderr[-2000:])
        # The command's own figure: the import, without the interpreter's start.
        return float(re.search(r"([\d.]+) s\b", done.stdout.splitlines()[-1]).group(1))
    finally:
        subprocess.run(["dropdb", "--if-exists", scratch], env=env)


if __name__ == "__main__":
    main()
