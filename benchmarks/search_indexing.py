"""Indexing throughput of the search backends: pages per second, on PostgreSQL (the database
backend, ``hungarian``) and on an engine (osmem-server through Wagtail's opensearch3 backend,
configured as production's: portal.settings.search.engine_backend).

Run from the project root (needs the local PostgreSQL, and the dev dependencies for osmem):

    .venv/bin/python benchmarks/search_indexing.py [--pages 20000] [--single 500]

1. drops and recreates BENCH_DATABASE_URL's database (default
   postgres://postgres@127.0.0.1:5432/varoshaza_search_bench; a name without "bench" is
   refused), migrates it and provisions --municipalities synthetic municipalities;
2. adds --pages published standard pages under one section per municipality, written in
   bulk (their creation is not what is measured) with realistic Hungarian titles and text;
3. per backend: ``manage.py update_index`` over everything (the full rebuild, timed), then
   --single pages indexed one at a time as Wagtail's indexing task does after a publish
   (``insert_or_update_object``), timed;
4. prints a Markdown row per backend and the load average (the machine is shared).
"""

import argparse
import io
import os
import random
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/varoshaza_search_bench"

TOPICS = [
    "Helyi adók",
    "Hulladékszállítás rendje",
    "Parkolási engedély",
    "Építési engedély",
    "Lomtalanítás",
    "Anyakönyvi ügyek",
    "Közterület-használat",
    "Ebösszeírás",
    "Szociális támogatás",
    "Óvodai beiratkozás",
    "Képviselő-testületi ülés",
    "Útfelújítás",
    "Ügyfélfogadási rend",
    "Kulturális programok",
    "Iparűzési adó bevallása",
]
SENTENCES = [
    "A polgármesteri hivatal ügyfélfogadási időben várja az érdeklődőket.",
    "A kérelmet elektronikusan is benyújthatja az önkormányzati portálon.",
    "A helyi adókról szóló rendelet a honlapon olvasható.",
    "A határidő lejárta után benyújtott kérelmeket nem áll módunkban elfogadni.",
    "Az eljárás illetékmentes, a döntést postán vagy elektronikusan kapja meg.",
    "Bővebb tájékoztatást az ügyintézőtől kérhet telefonon vagy e-mailben.",
    "A szelektíven gyűjtött hulladékot kéthetente szállítjuk el.",
    "A képviselő-testület a rendeletet a múlt havi ülésén fogadta el.",
    "A parkolási engedély egy évig érvényes, és megújítható.",
    "Az építési munkák idején a forgalom terelőúton halad.",
]


def recreate_database(url):
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name or "bench" not in name:
        sys.exit(f"Refusing to drop database {name!r}: its name must contain 'bench'.")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        identifier = sql.Identifier(name)
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(identifier))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(identifier))


def text(rng, sentences):
    return " ".join(rng.choice(SENTENCES) for _ in range(sentences))


def add_pages(count, seed):
    """``count`` live StandardPages spread over one new section per municipality, written
    with bulk inserts and the tree's paths computed here (add_child would take minutes)."""
    import json
    import uuid

    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.models import Page

    from sites.models import Municipality, StandardPage

    rng = random.Random(seed)
    municipalities = list(Municipality.objects.order_by("pk"))
    content_type = ContentType.objects.get_for_model(StandardPage)
    per_section = -(-count // len(municipalities))
    now = timezone.now()
    made = 0
    with transaction.atomic():
        for municipality in municipalities:
            todo = min(per_section, count - made)
            if todo <= 0:
                break
            section = municipality.root_page.add_child(
                instance=StandardPage(title="Hírek és tájékoztatók", slug="hirek-tajekoztatok")
            )
            pages = []
            for i in range(1, todo + 1):
                topic = rng.choice(TOPICS)
                title = f"{topic} – {made + i}. tájékoztató"
                slug = f"tajekoztato-{made + i}"
                pages.append(
                    Page(
                        title=title,
                        draft_title=title,
                        slug=slug,
                        content_type=content_type,
                        live=True,
                        has_unpublished_changes=False,
                        url_path=f"{section.url_path}{slug}/",
                        path=section.path + Page._int2str(i).rjust(Page.steplen, "0"),
                        depth=section.depth + 1,
                        numchild=0,
                        locale_id=section.locale_id,
                        translation_key=uuid.uuid4(),
                        first_published_at=now,
                        last_published_at=now,
                    )
                )
            Page.objects.bulk_create(pages, batch_size=1000)
            Page.objects.filter(pk=section.pk).update(numchild=todo)
            body = [
                (
                    page.pk,
                    text(rng, 2),
                    json.dumps(
                        [
                            {
                                "type": "paragraph",
                                "value": f"<p>{text(rng, 6)}</p>",
                                "id": str(uuid.uuid4()),
                            }
                        ]
                    ),
                )
                for page in pages
            ]
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {StandardPage._meta.db_table} (page_ptr_id, intro, body) "
                    "VALUES (%s, %s, %s)",
                    body,
                )
            made += todo
    return made


def indexed_objects():
    from wagtail.search.index import get_indexed_models

    return sum(model.get_indexed_objects().count() for model in get_indexed_models())


def measure(label, single):
    from django.core.management import call_command
    from wagtail.search import index
    from wagtail.search.backends import get_search_backend

    from search.backends import inventory_for
    from sites.models import StandardPage

    objects = indexed_objects()
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    call_command("update_index", stdout=io.StringIO())
    rebuild = time.perf_counter() - started

    pages = list(StandardPage.objects.order_by("?")[:single])
    started = time.perf_counter()
    for page in pages:
        index.insert_or_update_object(page)
    one_by_one = time.perf_counter() - started
    get_search_backend().refresh_indexes()
    load_after = os.getloadavg()[0]
    # Every page made it into the index (the bulk-written tree is a real one).
    held = len(inventory_for(get_search_backend()).indexed(StandardPage))
    assert held == StandardPage.objects.count(), (held, StandardPage.objects.count())
    print(
        f"| {label} | {grouped(objects)} | {rebuild:.1f} s | {grouped(objects / rebuild)} | "
        f"{len(pages)} | {grouped(len(pages) / one_by_one)} | "
        f"{load_before:.1f} → {load_after:.1f} |",
        flush=True,
    )


def grouped(number):
    return f"{number:,.0f}".replace(",", " ")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20000)
    parser.add_argument("--municipalities", type=int, default=5)
    parser.add_argument("--single", type=int, default=500)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--skip-engine", action="store_true")
    parser.add_argument("--skip-database", action="store_true")
    parser.add_argument("--engine-url", help="a real cluster to measure instead of osmem")
    parser.add_argument(
        "--engine-kind", choices=["opensearch", "elasticsearch"], default="opensearch"
    )
    # osmem answers a single write in seconds once the index holds 20,000 pages (a loaded
    # machine: 20 s); the one-by-one figure on the engine takes fewer pages.
    parser.add_argument("--engine-single", type=int, default=20)
    args = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    recreate_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    os.environ["SEARCH_BACKEND"] = "database"
    sys.path.insert(0, str(PROJECT_ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from portal.settings.search import engine_backend

    call_command("migrate", verbosity=0, interactive=False)
    # Pages are written with the index switched off: only the indexing is measured.
    database_backend = settings.WAGTAILSEARCH_BACKENDS["default"]
    settings.WAGTAILSEARCH_BACKENDS = {"default": {**database_backend, "AUTO_UPDATE": False}}
    csv_path = Path(f"/tmp/search_indexing_{os.getpid()}.csv")
    call_command(
        "generate_municipalities",
        "--count",
        str(args.municipalities),
        "--seed",
        str(args.seed),
        "--output",
        str(csv_path),
        stdout=io.StringIO(),
    )
    call_command("provision_municipalities", str(csv_path), "--no-progress", stdout=io.StringIO())
    csv_path.unlink()
    started = time.perf_counter()
    made = add_pages(args.pages, args.seed)
    print(f"{made} pages written in {time.perf_counter() - started:.1f} s", flush=True)

    print("| backend | objects | update_index | objects/s | one by one | pages/s | load (1 min) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    settings.WAGTAILSEARCH_BACKENDS = {"default": database_backend}
    if not args.skip_database:
        measure("database (PostgreSQL, hungarian)", args.single)

    if args.engine_url:
        # A real cluster: its own indexes under the prefix "bench_" (dropped and rebuilt).
        settings.WAGTAILSEARCH_BACKENDS = {
            "default": engine_backend(args.engine_kind, [args.engine_url], "bench_", timeout=300)
        }
        measure(f"{args.engine_kind} at {args.engine_url}", args.engine_single)
    elif not args.skip_engine:
        from osmem_server import OsmemServer

        with OsmemServer.start(japanese=False) as server:
            settings.WAGTAILSEARCH_BACKENDS = {
                # osmem on a loaded machine answers a bulk of 1000 in more than 10 s
                "default": engine_backend("opensearch", [server.url], "bench_", timeout=300)
            }
            measure(f"osmem-server {server.version} (opensearch3)", args.engine_single)


if __name__ == "__main__":
    main()
