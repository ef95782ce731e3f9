"""Faults under load: form submissions and payments through gunicorn while things break.

Starts its own PostgreSQL cluster (initdb into a temporary folder, port 55432) and its own
Redis (port 6390), never the shared ones; migrates, provisions one municipality with the
payments' demo form (a fee, paid at the simulated bank) and serves the project with gunicorn
(sync workers, production settings with the simulated bank: benchmarks/faults_settings.py,
Redis page cache, persistent database connections). A few client threads submit the form
and pay, each submission with an answer no other has, retrying on a connection error or a
5xx as a browser's user would. Meanwhile, on a fixed schedule, the script

  (a) kills a gunicorn worker with SIGKILL,
  (b) restarts PostgreSQL (immediate stop, a few seconds down, start),
  (c) restarts Redis (killed, a few seconds down, started empty).

Then it counts from the database: accepted (the client got the 3xx that sends it to the bank,
or back from it), lost (accepted but not in the database, or paid but not recorded as paid),
duplicated (more than one case for one client submission), and 5xx answers by phase, and
how long after PostgreSQL's return the site answered again. A probe thread reads a cached
page and the form page every 100 ms throughout.

    .venv/bin/python benchmarks/faults_under_load.py [--duration 75] [--clients 4] [--workers 4]

Needs PostgreSQL 15's binaries (/usr/lib/postgresql/15/bin) and redis-server. Traffic goes
to 127.0.0.1 only; a run is bounded by --duration (plus about a minute of setting up)."""

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
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PG_BIN = Path("/usr/lib/postgresql/15/bin")
PG_PORT = 55432
REDIS_PORT = 6390
APP_PORT = 8802
DATABASE = "varoshaza_faults"
CARD = "4242424242424242"

SETUP_SCRIPT = """
import json
from sites.models import Municipality
from services.payments.demo import load_demo
municipality = Municipality.objects.order_by("pk").first()
customisation = load_demo(municipality)
print("SETUP " + json.dumps({"host": municipality.site.hostname, "code": customisation.code}))
"""

# Run against the benchmark's database at the end: what each client submission became.
VERIFY_SCRIPT = """
import json
from collections import defaultdict
from services.forms.models import Submission
from services.payments.models import Payment
from services.intake import services as intake
found = defaultdict(list)
for submission in Submission.objects.unscoped().select_related("municipality"):
    marker = (submission.data or {}).get("cel", "")
    if not marker.startswith("hibateszt-"):
        continue
    application = intake.find(submission.municipality, submission.reference)
    paid = Payment.objects.unscoped().filter(
        target_id=str(application.pk), status="paid"
    ).count() if application else 0
    found[marker].append({"reference": submission.reference, "paid": paid,
                          "registered": bool(submission.registry_number)})
print("VERIFY " + json.dumps(found))
"""

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# -- the services of the benchmark, its own


class Postgres:
    def __init__(self, folder):
        self.folder = folder
        self.data = folder / "pgdata"

    def _as_owner(self, *command):
        # initdb and postgres refuse to run as root: run them as the postgres user.
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        return subprocess.run(
            [*prefix, *command], check=True, capture_output=True, text=True, timeout=120
        )

    def create(self):
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        self._as_owner(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres",
                       "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8")
        # Migrating is thousands of small transactions: without fsync while setting up (the
        # machine does not crash meanwhile), then restarted with the defaults for the load.
        self.start("-c fsync=off -c synchronous_commit=off -c full_page_writes=off")

    def start(self, extra=""):
        self._as_owner(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "pg.log"),
            "-w", "-o",
            f"-p {PG_PORT} -k {self.folder} -c listen_addresses=127.0.0.1 "
            f"-c max_connections=100 {extra}",
            "start",
        )

    def stop(self, mode="fast"):
        self._as_owner(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def url(self, database=DATABASE):
        return f"postgres://postgres@127.0.0.1:{PG_PORT}/{database}"


class Redis:
    def __init__(self, folder):
        self.folder = folder
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, start_new_session=True,
        )
        wait_for(lambda: _redis_ping(), 10, "redis-server did not start")

    def kill(self):
        self.process.kill()
        self.process.wait(timeout=10)


def _redis_ping():
    import redis

    try:
        return redis.Redis(port=REDIS_PORT, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return False


def wait_for(condition, seconds, failure):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise SystemExit(failure)


def project_env(database_url, **extra):
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update(DATABASE_URL=database_url, PYTHONPATH=str(ROOT), **extra)
    return env


def manage(env, *arguments):
    return subprocess.run(
        [PYTHON, "manage.py", *arguments], cwd=ROOT, env=env, check=True,
        capture_output=True, text=True, timeout=900,
    ).stdout


def prepare(postgres, folder):
    import psycopg

    with psycopg.connect(postgres.url("postgres"), autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {DATABASE}")
    env = project_env(postgres.url(), DJANGO_SETTINGS_MODULE="portal.settings.test",
                      MEDIA_ROOT=str(folder / "media"),
                      PRIVATE_MEDIA_ROOT=str(folder / "private"))
    started = time.perf_counter()
    manage(env, "migrate", "--noinput")
    rows = (ROOT / "data" / "municipalities.csv").read_text(encoding="utf-8").splitlines()[:2]
    source = folder / "one.csv"
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    manage(env, "provision_municipalities", str(source), "--now", "--no-progress")
    output = manage(env, "shell", "-c", SETUP_SCRIPT)
    setup = json.loads(output.split("SETUP ", 1)[1])
    log(f"migrated and provisioned in {time.perf_counter() - started:.0f} s: {setup}")
    return setup


def start_gunicorn(postgres, folder, workers):
    env = project_env(
        postgres.url(),
        DJANGO_SETTINGS_MODULE="benchmarks.faults_settings",
        SECRET_KEY="faults-benchmark-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS=".localhost,localhost,127.0.0.1",
        BASE_DOMAIN="localhost",
        SITE_PORT="80",
        SECURE_SSL_REDIRECT="0",
        REDIS_URL=f"redis://127.0.0.1:{REDIS_PORT}/0",
        PAYMENT_PROVIDER="simulated",
        SMS_GATEWAY_URL="https://sms-gateway.invalid/send",
        MEDIA_ROOT=str(folder / "media"),
        PRIVATE_MEDIA_ROOT=str(folder / "private"),
    )
    process = subprocess.Popen(
        [GUNICORN, "portal.wsgi:application", "--workers", str(workers), "--bind",
         f"127.0.0.1:{APP_PORT}", "--timeout", "30", "--log-level", "warning",
         "--error-logfile", str(folder / "gunicorn.log")],
        cwd=ROOT, env=env, start_new_session=True,
    )
    wait_for(lambda: _answers("/"), 60, "gunicorn did not start (see its log in the folder)")
    return process


def _answers(path, host="localhost"):
    try:
        requests.get(f"http://127.0.0.1:{APP_PORT}{path}", headers={"Host": host}, timeout=2)
        return True
    except requests.RequestException:
        return False


def worker_pids(master):
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


# -- the load


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.answers = Counter()  # (phase, status class) -> count
        self.accepted = {}  # marker -> {"submitted": bool, "paid": bool}
        self.sent = 0
        self.phase = "steady"

    def answer(self, status):
        with self.lock:
            self.answers[(self.phase, status)] += 1


class Client(threading.Thread):
    """One citizen after another: open the form, send it, pay at the bank; retry a request
    that got no answer or a 5xx, with the same answers, as a person pressing F5 would."""

    def __init__(self, number, setup, tally, stop_at, run_id):
        super().__init__(daemon=True)
        self.number, self.setup, self.tally = number, setup, tally
        self.stop_at, self.run_id = stop_at, run_id
        self.base = f"http://127.0.0.1:{APP_PORT}"
        self.headers = {"Host": setup["host"]}

    def request(self, session, method, path, **kwargs):
        """The answer, after up to 4 tries; None if none came."""
        for attempt in range(4):
            try:
                response = session.request(
                    method, self.base + path, headers=self.headers, timeout=15,
                    allow_redirects=False, **kwargs,
                )
            except requests.RequestException:
                self.tally.answer("no answer")
                time.sleep(0.5 * (attempt + 1))
                continue
            self.tally.answer(f"{response.status_code // 100}xx")
            if response.status_code < 500:
                return response
            time.sleep(0.5 * (attempt + 1))
        return None

    def run(self):
        count = 0
        while time.monotonic() < self.stop_at:
            count += 1
            marker = f"hibateszt-{self.run_id}-{self.number}-{count}"
            try:
                self.one_citizen(marker)
            except Exception as error:  # noqa: BLE001 - a client error is counted, not fatal
                self.tally.answer(f"client error {type(error).__name__}")

    def one_citizen(self, marker):
        session = requests.Session()
        form_path = f"/urlapok/{self.setup['code']}/"
        page = self.request(session, "GET", form_path)
        if page is None or page.status_code != 200:
            return
        token = CSRF_FIELD.search(page.text)
        answers = {"nev": "Hiba Teszt", "email": "hiba.teszt@example.hu", "cel": marker,
                   "csrfmiddlewaretoken": token.group(1) if token else ""}
        with self.tally.lock:
            self.tally.sent += 1
        sent = self.request(session, "POST", form_path, data=answers)
        if sent is None or sent.status_code not in (301, 302, 303):
            return
        with self.tally.lock:
            self.tally.accepted[marker] = {"submitted": True, "paid": False}
        bank = sent.headers["Location"].split("localhost", 1)[-1]
        bank = re.sub(r"^https?://[^/]+", "", bank)
        card_page = self.request(session, "GET", bank)
        if card_page is None or card_page.status_code != 200:
            return
        token = CSRF_FIELD.search(card_page.text)
        paid = self.request(session, "POST", bank, data={
            "card_number": CARD, "action": "pay",
            "csrfmiddlewaretoken": token.group(1) if token else "",
        })
        if paid is not None and paid.status_code in (301, 302, 303):
            with self.tally.lock:
                self.tally.accepted[marker]["paid"] = True


class Probe(threading.Thread):
    """Reads the home page (cached) and the form page (rendered, needs the database) every
    100 ms; remembers when each last answered 200 and the 5xx it saw, by phase."""

    def __init__(self, setup, tally, stop_at):
        super().__init__(daemon=True)
        self.setup, self.tally, self.stop_at = setup, tally, stop_at
        self.last_ok = {}
        self.history = []  # (time, path, status)
        self.lock = threading.Lock()

    def run(self):
        paths = ("/", f"/urlapok/{self.setup['code']}/")
        while time.monotonic() < self.stop_at:
            for path in paths:
                try:
                    status = requests.get(
                        f"http://127.0.0.1:{APP_PORT}{path}",
                        headers={"Host": self.setup["host"]}, timeout=5,
                    ).status_code
                except requests.RequestException:
                    status = None
                with self.lock:
                    self.history.append((time.monotonic(), path, status, self.tally.phase))
            time.sleep(0.1)

    def first_ok_after(self, moment, path):
        with self.lock:
            for when, seen_path, status, _phase in self.history:
                if when >= moment and seen_path == path and status == 200:
                    return when - moment
        return None

    def errors(self):
        with self.lock:
            return Counter(
                (phase, path) for _when, path, status, phase in self.history
                if status is None or status >= 500
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=75, help="seconds of load")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--down", type=float, default=3.0,
                        help="seconds PostgreSQL and Redis stay down")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    for program in (PG_BIN / "initdb", shutil.which("redis-server") or "redis-server"):
        if not Path(program).exists():
            raise SystemExit(f"{program} is missing")

    folder = Path(tempfile.mkdtemp(prefix="vh-faults-"))
    postgres, redis_server, server = Postgres(folder), Redis(folder), None
    try:
        postgres.create()
        redis_server.start()
        setup = prepare(postgres, folder)
        postgres.stop("fast")  # a checkpoint: everything set up is on disk
        postgres.start()
        server = start_gunicorn(postgres, folder, args.workers)
        results = drive(args, setup, postgres, redis_server, server)
        results.update(verify(postgres, folder, results.pop("accepted_markers")))
        report(args, results)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        if redis_server.process is not None and redis_server.process.poll() is None:
            redis_server.kill()
        try:
            postgres.stop("immediate")
        except subprocess.CalledProcessError:
            pass
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            log(f"kept {folder}")


def drive(args, setup, postgres, redis_server, server):
    tally = Tally()
    run_id = uuid.uuid4().hex[:8]
    start = time.monotonic()
    stop_at = start + args.duration
    probe = Probe(setup, tally, stop_at)
    clients = [Client(n, setup, tally, stop_at, run_id) for n in range(args.clients)]
    probe.start()
    for client in clients:
        client.start()
    # The faults at fixed shares of the run, so each has load before and after it.
    schedule = [(0.2, "worker killed"), (0.45, "postgres restarted"), (0.75, "redis restarted")]
    moments = {}
    for share, fault in schedule:
        time.sleep(max(0.0, start + share * args.duration - time.monotonic()))
        if fault == "worker killed":
            tally.phase = "worker killed"
            victim = worker_pids(server)[0]
            os.kill(victim, signal.SIGKILL)
            log(f"killed gunicorn worker {victim} with SIGKILL")
        elif fault == "postgres restarted":
            tally.phase = "postgres down"
            postgres.stop("immediate")
            log(f"PostgreSQL stopped (immediate); down for {args.down} s")
            time.sleep(args.down)
            postgres.start()
            moments["postgres back"] = time.monotonic()
            tally.phase = "postgres back"
            log("PostgreSQL started")
        else:
            tally.phase = "redis down"
            redis_server.kill()
            log(f"Redis killed; down for {args.down} s")
            redis_down = time.monotonic()
            time.sleep(args.down)
            moments["redis down"] = (redis_down, time.monotonic())
            redis_server.start()
            tally.phase = "redis back"
            log("Redis started (empty)")
    for client in clients:
        client.join(timeout=60)
    probe.join(timeout=30)
    back = moments.get("postgres back")
    redis_window = moments.get("redis down")
    redis_5xx = 0
    if redis_window:
        redis_5xx = sum(
            1 for when, _path, status, _phase in probe.history
            if redis_window[0] <= when <= redis_window[1] and status is not None and status >= 500
        )
    return {
        "sent": tally.sent,
        "accepted_markers": tally.accepted,
        "answers": {f"{phase} / {status}": count
                    for (phase, status), count in sorted(tally.answers.items())},
        "probe_errors": {f"{phase} / {path}": count
                         for (phase, path), count in sorted(probe.errors().items())},
        "form_page_back_after_postgres_s": (
            round(probe.first_ok_after(back, f"/urlapok/{setup['code']}/"), 2)
            if back and probe.first_ok_after(back, f"/urlapok/{setup['code']}/") is not None
            else None
        ),
        "probe_5xx_while_redis_down": redis_5xx,
    }


def verify(postgres, folder, accepted):
    env = project_env(postgres.url(), DJANGO_SETTINGS_MODULE="portal.settings.test",
                      MEDIA_ROOT=str(folder / "media"),
                      PRIVATE_MEDIA_ROOT=str(folder / "private"))
    found = json.loads(manage(env, "shell", "-c", VERIFY_SCRIPT).split("VERIFY ", 1)[1])
    # A payment completed while the database went away may not have been handed over (its
    # submission registered): reconciliation repairs that; count before and after it.
    unregistered = sorted(
        marker for marker, cases in found.items()
        if any(case["paid"] and not case["registered"] for case in cases)
    )
    manage(env, "reconcile_payments", "--now")
    after = json.loads(manage(env, "shell", "-c", VERIFY_SCRIPT).split("VERIFY ", 1)[1])
    still_unregistered = sorted(
        marker for marker, cases in after.items()
        if any(case["paid"] and not case["registered"] for case in cases)
    )
    lost_submissions = [marker for marker in accepted if marker not in found]
    lost_payments = [
        marker for marker, state in accepted.items()
        if state["paid"] and not any(case["paid"] for case in found.get(marker, []))
    ]
    duplicated = {marker: len(cases) for marker, cases in found.items() if len(cases) > 1}
    double_paid = [
        marker for marker, cases in found.items() if sum(case["paid"] for case in cases) > 1
    ]
    return {
        "accepted_submissions": len(accepted),
        "accepted_payments": sum(1 for state in accepted.values() if state["paid"]),
        "cases_in_database": sum(len(cases) for cases in found.values()),
        "lost_submissions": lost_submissions,
        "lost_payments": lost_payments,
        "duplicated_cases": duplicated,
        "paid_twice": double_paid,
        "paid_not_registered": unregistered,
        "paid_not_registered_after_reconciliation": still_unregistered,
    }


def report(args, results):
    results = {
        "date": datetime.date.today().isoformat(),
        "duration_s": args.duration, "clients": args.clients, "workers": args.workers,
        "down_s": args.down, "nproc": os.cpu_count(), **results,
    }
    folder = ROOT / "benchmarks" / "results"
    folder.mkdir(exist_ok=True)
    out = folder / f"faults_under_load_{datetime.datetime.now():%Y%m%dT%H%M%S}.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(json.dumps(results, indent=2, ensure_ascii=False))
    five_xx = sum(count for key, count in results["answers"].items() if key.endswith("5xx"))
    print("| sent | accepted | paid | lost | duplicated | 5xx (clients) | "
          "5xx while Redis down | form page back after PostgreSQL | paid, not registered "
          "(after reconciliation) |")
    print("|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    print(f"| {results['sent']} | {results['accepted_submissions']} | "
          f"{results['accepted_payments']} | "
          f"{len(results['lost_submissions']) + len(results['lost_payments'])} | "
          f"{len(results['duplicated_cases'])} | {five_xx} | "
          f"{results['probe_5xx_while_redis_down']} | "
          f"{results['form_page_back_after_postgres_s']} s | "
          f"{len(results['paid_not_registered'])} "
          f"({len(results['paid_not_registered_after_reconciliation'])}) |")
    print(f"figures written to {out}")


if __name__ == "__main__":
    sys.exit(main())
