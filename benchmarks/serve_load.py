"""Serving benchmark of the municipal websites: requests/s and latency under gunicorn.

Provisions N synthetic municipalities into a fresh PostgreSQL database (default 3,200), adds
a news item and events to one of them, serves the project with gunicorn (2 workers,
production settings, DEBUG off, Redis as the cache) and loads a home page, a news item and
an event index with wrk on loopback, first with the page cache off (cold: every request
renders) and then on (warm). A bare Django "hello world" view (benchmarks/hello_wsgi.py)
under the same gunicorn is measured in the same run as the ceiling.

    .venv/bin/python benchmarks/serve_load.py [--count 3200] [--duration 15] [--reuse]

Needs wrk (apt-get install wrk) and a local Redis on 127.0.0.1:6379 (uses database 7).
Traffic goes to 127.0.0.1 only and every run is bounded by --duration.
"""

import argparse
import datetime
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
SERVER_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DATABASE = "varoshaza_serve_bench"
PORT = 8801
HOST = "szintetikus-0001.localhost"

CONTENT_SCRIPT = """
import datetime
from django.utils import timezone
from sites.models import EventIndexPage, EventPage, Municipality, NewsIndexPage, NewsPage
municipality = Municipality.objects.get(slug="szintetikus-0001")
news_index = NewsIndexPage.objects.descendant_of(municipality.root_page).get()
if not NewsPage.objects.child_of(news_index).exists():
    for number in range(1, 11):
        news = news_index.add_child(instance=NewsPage(
            title=f"Hír {number}", slug=f"hir-{number}", intro="Rövid összefoglaló " * 5,
            body=[{"type": "paragraph", "value": "<p>" + "Hosszabb szöveg. " * 80 + "</p>"}]))
        news.save_revision().publish()
    events = EventIndexPage.objects.descendant_of(municipality.root_page).get()
    for number in range(1, 11):
        start = timezone.now() + datetime.timedelta(days=number)
        event = events.add_child(instance=EventPage(
            title=f"Esemény {number}", slug=f"esemeny-{number}", start=start,
            location="Művelődési ház", intro="Program leírása."))
        event.save_revision().publish()
"""

TARGETS = [("home page", "/"), ("news item", "/hirek/hir-1/"), ("event index", "/esemenyek/")]


def run(*command, env=None, **kwargs):
    return subprocess.run(command, check=True, cwd=ROOT, env=env, **kwargs)


def project_env(**extra):
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update(DATABASE_URL=SERVER_URL.rsplit("/", 1)[0] + "/" + DATABASE, **extra)
    return env


def prepare_database(count):
    import psycopg

    with psycopg.connect(SERVER_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')
    env = project_env(DJANGO_SETTINGS_MODULE="portal.settings.test")
    run(PYTHON, "manage.py", "migrate", "--noinput", "-v0", env=env)
    with tempfile.TemporaryDirectory() as folder:
        csv_path = Path(folder) / "synthetic.csv"
        run(PYTHON, "manage.py", "generate_municipalities", "--count", str(count),
            "--output", str(csv_path), env=env, stdout=subprocess.DEVNULL)
        started = time.perf_counter()
        run(PYTHON, "manage.py", "provision_municipalities", str(csv_path), "--no-progress",
            "--now", env=env, stdout=subprocess.DEVNULL)
        print(f"provisioned {count} municipalities in {time.perf_counter() - started:.0f} s")


def start_gunicorn(app, **env_extra):
    env = project_env(
        SECRET_KEY="serve-benchmark-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS=".localhost,localhost,127.0.0.1",
        BASE_DOMAIN="localhost",
        SECURE_SSL_REDIRECT="0",
        REDIS_URL="redis://127.0.0.1:6379/7",
        # Production settings insist on a real SMS gateway and payment provider; loading
        # pages sends no text and takes no payment, so placeholders do.
        SMS_GATEWAY_URL="https://sms-gateway.invalid/send",
        STRIPE_SECRET_KEY="sk_test_serve_benchmark_placeholder",
        STRIPE_WEBHOOK_SECRET="whsec_serve_benchmark_placeholder",
        **env_extra,
    )
    process = subprocess.Popen(
        [GUNICORN, app, "--workers", "2", "--bind", f"127.0.0.1:{PORT}",
         "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/", timeout=2)
            return process
        except urllib.error.HTTPError:
            return process  # it answers, even if not with a page
        except OSError:
            time.sleep(0.3)
    stop(process)
    raise SystemExit("gunicorn did not start")


def stop(process):
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def flush_cache():
    import redis

    redis.Redis(host="127.0.0.1", port=6379, db=7).flushdb()


def warm(path, host):
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers={"Host": host})
    for _ in range(4):  # every worker renders once and fills the cache
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 200, (path, response.status)


# wrk prints a time with the largest unit that keeps the number at least 1: microseconds,
# milliseconds, seconds, then minutes and hours (wrk's units.c), and pads a value with a
# one-letter unit with a space ("1.54s "), so a line may end in blanks.
WRK_TIME_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
WRK_TIME = re.compile(r"(\d+(?:\.\d+)?)(us|ms|s|m|h)")


def wrk_time_ms(value):
    """A time as wrk prints it ("812.00us", "1.54s", "1.20m") in milliseconds."""
    match = WRK_TIME.fullmatch(value.strip())
    if match is None:
        raise ValueError(f"not a wrk time: {value!r}")
    number, unit = match.groups()
    return float(number) * WRK_TIME_UNITS_MS[unit]


def parse_wrk(output):
    """Requests/s and the 50th and 99th latency percentiles (ms) of wrk --latency's output."""
    percentiles = dict(re.findall(r"^\s*(50|99)(?:\.0+)?%\s+(\S+)\s*$", output, re.MULTILINE))
    rate = re.search(r"^Requests/sec:\s+([\d.]+)\s*$", output, re.MULTILINE)
    if rate is None or set(percentiles) != {"50", "99"}:
        raise ValueError(f"wrk's output has no requests/s or latency distribution:\n{output}")
    return {
        "requests_per_second": float(rate.group(1)),
        "p50_ms": round(wrk_time_ms(percentiles["50"]), 2),
        "p99_ms": round(wrk_time_ms(percentiles["99"]), 2),
    }


def load(path, host, duration, connections):
    output = subprocess.run(
        ["wrk", "--threads", "2", "--connections", str(connections), "--duration",
         f"{duration}s", "--latency", "--header", f"Host: {host}",
         f"http://127.0.0.1:{PORT}{path}"],
        check=True, capture_output=True, text=True, timeout=duration + 60,
    ).stdout
    if "Non-2xx or 3xx responses" in output:
        raise SystemExit(f"errors while loading {path}:\n{output}")
    return parse_wrk(output)


def main():
    global DATABASE
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=3200)
    parser.add_argument("--duration", type=int, default=15, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--reuse", action="store_true",
                        help="serve an already provisioned database (e.g. provision_scale's)")
    parser.add_argument("--database", default=DATABASE)
    args = parser.parse_args()
    DATABASE = args.database
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    if not args.reuse:
        prepare_database(args.count)
    env = project_env(DJANGO_SETTINGS_MODULE="portal.settings.test")
    run(PYTHON, "manage.py", "shell", "-c", CONTENT_SCRIPT, env=env, stdout=subprocess.DEVNULL)

    results = {"date": datetime.date.today().isoformat(), "municipalities": args.count,
               "duration_s": args.duration, "connections": args.connections,
               "workers": 2, "nproc": os.cpu_count(), "runs": []}
    for label, cache_seconds in (("cold", "0"), ("warm", "600")):
        flush_cache()
        server = start_gunicorn("portal.wsgi:application", PAGE_CACHE_SECONDS=cache_seconds)
        try:
            for name, path in TARGETS:
                warm(path, HOST)
                figures = load(path, HOST, args.duration, args.connections)
                results["runs"].append({"cache": label, "page": name, "path": path, **figures})
                print(f"{label:5} {name:12} {figures}")
        finally:
            stop(server)
    server = start_gunicorn("benchmarks.hello_wsgi:application")
    try:
        ceiling = load("/", "localhost", args.duration, args.connections)
    finally:
        stop(server)
    results["ceiling"] = ceiling
    print(f"ceiling (hello world) {ceiling}")
    for run_ in results["runs"]:
        run_["share_of_ceiling"] = round(
            run_["requests_per_second"] / ceiling["requests_per_second"], 3
        )
    folder = ROOT / "benchmarks" / "results"
    folder.mkdir(exist_ok=True)
    out = folder / f"serve_load_{args.count}_{datetime.datetime.now():%Y%m%dT%H%M%S}.json"
    out.write_text(json.dumps(results, indent=2))
    print("| cache | page | requests/s | p50 ms | p99 ms | share of ceiling |")
    print("|---|---|--:|--:|--:|--:|")
    for run_ in results["runs"]:
        print(f"| {run_['cache']} | {run_['page']} | {run_['requests_per_second']:.0f} | "
              f"{run_['p50_ms']} | {run_['p99_ms']} | {run_['share_of_ceiling']:.0%} |")
    print(f"| – | hello world (ceiling) | {ceiling['requests_per_second']:.0f} | "
          f"{ceiling['p50_ms']} | {ceiling['p99_ms']} | 100% |")
    print(f"figures written to {out}")


if __name__ == "__main__":
    sys.exit(main())
