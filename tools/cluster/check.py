"""What must hold across the cluster's nodes (tools/cluster/cluster.sh check).

Run inside cluster.sh's environment (it exports the cluster's database and ports). Each
check prints PASS or FAIL with what it measured; the exit status is the number of failures.
The setup and the verification read the database with `manage.py shell`; every action
under test goes through a node's or the balancer's HTTP interface, as a person's would."""

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
STATE = ROOT / ".cache" / "cluster"
LB = f"http://127.0.0.1:{os.environ['LB_PORT']}"
NODE1 = f"http://127.0.0.1:{os.environ['WEB1_PORT']}"
NODE2 = f"http://127.0.0.1:{os.environ['WEB2_PORT']}"
PORT = os.environ["LB_PORT"]
EGER = f"eger.localhost:{PORT}"
PORTAL = f"localhost:{PORT}"
failures = []


def shell(code):
    done = subprocess.run(
        [str(ROOT / ".venv/bin/python"), "manage.py", "shell", "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    # The last line: Django's shell may first say how many objects it imported.
    return done.stdout.strip().splitlines()[-1]


def report(name, ok, detail):
    print(f"{'PASS' if ok else 'FAIL'}  {name}: {detail}")
    if not ok:
        failures.append(name)


def csrf(session, url, host):
    page = session.get(url, headers={"Host": host})
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    return found.group(1) if found else session.cookies.get("csrftoken", "")


def staff_login(node, username, password):
    session = requests.Session()
    token = csrf(session, f"{node}/fiok/login/", PORTAL)
    session.post(
        f"{node}/fiok/login/",
        data={"login": username, "password": password, "csrfmiddlewaretoken": token},
        headers={"Host": PORTAL, "Referer": f"http://{PORTAL}/fiok/login/"},
    )
    code = subprocess.run(
        [str(ROOT / ".venv/bin/python"), "manage.py", "demo_totp_code", username],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    token = csrf(session, f"{node}/fiok/2fa/authenticate/", PORTAL)
    session.post(
        f"{node}/fiok/2fa/authenticate/",
        data={"code": code, "csrfmiddlewaretoken": token},
        headers={"Host": PORTAL, "Referer": f"http://{PORTAL}/fiok/2fa/authenticate/"},
    )
    return session


def citizen_login(node, citizen):
    """The development agent's login (the demo's stand-in for the national agent)."""
    session = requests.Session()
    url = f"{node}/fiok/fejlesztoi-azonositas/"
    token = csrf(session, url, PORTAL)
    session.post(
        url,
        data={"citizen": citizen, "csrfmiddlewaretoken": token},
        headers={"Host": PORTAL, "Referer": f"http://{PORTAL}/fiok/fejlesztoi-azonositas/"},
        allow_redirects=False,
    )
    return session


def post(session, url, data, path):
    data = {**data, "csrfmiddlewaretoken": csrf(session, url, PORTAL)}
    return session.post(
        url,
        data=data,
        headers={"Host": PORTAL, "Referer": f"http://{PORTAL}{path}"},
        allow_redirects=False,
    )


def wizard_draft_across_nodes():
    """A citizen logs in and starts the complaint form through node 1, saves a half-filled
    step there, and goes on through node 2: the draft (in the database) and the login (the
    session) are the same on both."""
    citizen = citizen_login(NODE1, "demo-kovacs-janos")
    form = "/e-ugyintezes/eger/urlap/PANASZ-001/"
    started = post(citizen, f"{NODE1}{form}inditas/", {}, form)
    step = started.headers.get("Location", "")
    name = f"Klaszter Piszkozat {int(time.time())}"
    saved = post(citizen, f"{NODE1}{step}", {"bejelento_neve": name, "action": "save"}, step)
    shown = citizen.get(f"{NODE2}{step}", headers={"Host": PORTAL}, allow_redirects=False)
    drafts = citizen.get(f"{NODE2}/e-ugyintezes/piszkozataim/", headers={"Host": PORTAL})
    kept = f'value="{name}"' in shown.text
    reference = step.split("/piszkozat/")[1].split("/")[0] if "/piszkozat/" in step else "-"
    onward = post(
        citizen,
        f"{NODE2}{step}",
        {"bejelento_neve": name, "bejelento_email": "kovacs.janos@example.hu", "action": "next"},
        step,
    )
    report(
        "a wizard draft survives switching nodes",
        started.status_code == 302
        and saved.status_code == 302
        and shown.status_code == 200
        and kept
        and reference in drafts.text
        and onward.status_code == 302
        and "/lepes/" in onward.headers.get("Location", ""),
        f"started and saved on node 1 ({started.status_code}, {saved.status_code}); "
        f"node 2 shows the answer: {kept}, "
        f"lists draft {reference}: {reference in drafts.text}, "
        f"next step: {onward.status_code} {onward.headers.get('Location', '')}",
    )


def tasks_since(moment):
    return json.loads(
        shell(
            "import json; from django_tasks_db.models import DBTaskResult as T; "
            f"print(json.dumps([[str(t.id), t.status, t.worker_ids] for t in "
            f"T.objects.filter(enqueued_at__gte='{moment}')]))"
        )
    )


def now_iso():
    return shell("from django.utils import timezone; print(timezone.now().isoformat())")


def wait_for_tasks(moment, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        tasks = tasks_since(moment)
        if tasks and all(status in ("SUCCESSFUL", "FAILED") for _id, status, _w in tasks):
            return tasks
        time.sleep(1)
    return tasks_since(moment)


def main():
    page_id, page_url = shell(
        "from sites.models import Municipality; from wagtail.models import Page; "
        "m = Municipality.objects.get(slug='eger'); "
        "p = Page.objects.live().descendant_of(m.root_page).filter(depth__gte=m.root_page.depth+2)"
        ".order_by('-pk').first(); print(p.pk, p.relative_url(m.site))"
    ).split()

    # 1. A login made through node 1 is valid on node 2 (sessions in the database).
    staff = staff_login(NODE1, "operator", "demo-operator-1")
    admin = staff.get(f"{NODE2}/admin/", headers={"Host": PORTAL}, allow_redirects=False)
    report(
        "login across nodes",
        admin.status_code == 200,
        f"admin through node 2 after login through node 1: {admin.status_code}",
    )

    # 1b. A citizen's login and wizard draft made through node 1 go on through node 2.
    wizard_draft_across_nodes()

    # 2. A page unpublished through node 1 is gone on node 2 at once (page cache in Redis,
    # its generation announced to every worker).
    anonymous = requests.Session()
    first = anonymous.get(f"{NODE2}{page_url}", headers={"Host": EGER})
    cached = anonymous.get(f"{NODE2}{page_url}", headers={"Host": EGER})
    moment = now_iso()
    token = csrf(staff, f"{NODE1}/admin/pages/{page_id}/unpublish/", PORTAL)
    started = time.monotonic()
    staff.post(
        f"{NODE1}/admin/pages/{page_id}/unpublish/",
        data={"csrfmiddlewaretoken": token},
        headers={"Host": PORTAL, "Referer": f"http://{PORTAL}/admin/"},
    )
    after = anonymous.get(f"{NODE2}{page_url}", headers={"Host": EGER})
    elapsed = (time.monotonic() - started) * 1000
    report(
        "publish state fresh on the other node",
        first.status_code == 200
        and cached.headers.get("X-Page-Cache") == "HIT"
        and after.status_code == 404,
        f"node 2 served {first.status_code}, then {cached.headers.get('X-Page-Cache')}; "
        f"after the unpublish on node 1: {after.status_code} ({elapsed:.0f} ms later)",
    )
    shell(
        f"from wagtail.models import Page; p = Page.objects.get(pk={page_id}).specific; "
        "p.save_revision().publish()"
    )

    # 3. The tasks that request enqueued ran once each, on the worker.
    tasks = wait_for_tasks(moment)
    once = all(status == "SUCCESSFUL" and len(workers) == 1 for _id, status, workers in tasks)
    report(
        "tasks run once on the worker",
        bool(tasks) and once,
        f"{len(tasks)} tasks enqueued by node 1: {sorted({status for _i, status, _w in tasks})}",
    )

    # 4. A file uploaded through node 1 is served by node 2 (shared storage).
    title = f"Klaszter-próba {int(time.time())}"
    collection = shell(
        "from wagtail.models import Collection; print(Collection.get_first_root_node().pk)"
    )
    token = csrf(staff, f"{NODE1}/admin/documents/add/", PORTAL)
    upload = staff.post(
        f"{NODE1}/admin/documents/add/",
        data={"csrfmiddlewaretoken": token, "title": title, "collection": collection},
        files={"file": ("klaszter-proba.txt", b"Feltoltve az 1. csomoponton.\n", "text/plain")},
        headers={"Host": PORTAL, "Referer": f"http://{PORTAL}/admin/documents/"},
        allow_redirects=False,
    )
    doc_url = (
        shell(
            "from wagtail.documents.models import Document; "
            f"d = Document.objects.filter(title={title!r}).first(); print(d.url if d else '')"
        ).strip()
        if upload.status_code in (200, 302)
        else ""
    )
    doc_id = doc_url or None
    served = staff.get(f"{NODE2}{doc_url}", headers={"Host": PORTAL}) if doc_url else None
    report(
        "upload served by the other node",
        served is not None and served.status_code == 200 and b"csomoponton" in served.content,
        f"upload {upload.status_code} (document {doc_id}); node 2: "
        f"{served.status_code if served is not None else '-'}",
    )

    # 5. A web node killed mid-traffic loses no request the balancer can retry, and no
    # submission.
    web2 = int((STATE / "web2.pid").read_text())
    before = int(
        shell(
            "from services.forms.models import Submission; "
            "print(Submission.objects.unscoped().count())"
        )
    )
    statuses, posted = [], 0
    form = requests.Session()
    for index in range(60):
        if index == 10:
            subprocess.run(["pkill", "-9", "-P", str(web2)])
            os.kill(web2, signal.SIGKILL)
        response = form.get(f"{LB}/", headers={"Host": EGER})
        statuses.append(response.status_code)
        if index % 10 == 5:
            token = csrf(form, f"{LB}/urlapok/PANASZ-001/", EGER)
            sent = form.post(
                f"{LB}/urlapok/PANASZ-001/",
                data={
                    "csrfmiddlewaretoken": token,
                    "bejelento_neve": "Klaszter Próba",
                    "bejelento_email": "proba@example.hu",
                    "bejelentes_tipusa": "panasz",
                    "targy": "Próba",
                    "leiras": f"Csomópont-kiesés próbája {index}",
                    "nyilatkozat": "on",
                    "kelt_helye": "Eger",
                },
                headers={"Host": EGER, "Referer": f"http://{EGER}/urlapok/PANASZ-001/"},
            )
            statuses.append(sent.status_code)
            posted += 1
    after_count = int(
        shell(
            "from services.forms.models import Submission; "
            "print(Submission.objects.unscoped().count())"
        )
    )
    restarted = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "portal.wsgi:application",
            "--config",
            "deploy/gunicorn.conf.py",
        ],
        cwd=ROOT,
        stdout=open(STATE / "web2.log", "a"),
        stderr=subprocess.STDOUT,
        env={
            **os.environ,
            "GUNICORN_BIND": f"127.0.0.1:{os.environ['WEB2_PORT']}",
            "PROMETHEUS_MULTIPROC_DIR": str(STATE / "prometheus-2"),
        },
        start_new_session=True,
    )
    (STATE / "web2.pid").write_text(str(restarted.pid))
    report(
        "a killed node loses nothing",
        all(status == 200 for status in statuses) and after_count - before == posted,
        f"{len(statuses)} requests, statuses {sorted(set(statuses))}; "
        f"{after_count - before} of {posted} submissions stored",
    )

    # 6. A stopped worker's tasks run when it comes back.
    worker = int((STATE / "worker.pid").read_text())
    os.kill(worker, signal.SIGTERM)
    time.sleep(3)
    moment = now_iso()
    subprocess.run(
        [
            str(ROOT / ".venv/bin/python"),
            "manage.py",
            "run_scheduler",
            "--run",
            "purge_expired_drafts",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    waiting = tasks_since(moment)
    time.sleep(2)
    still = tasks_since(moment)
    returned = subprocess.Popen(
        [str(ROOT / ".venv/bin/python"), "manage.py", "db_worker"],
        cwd=ROOT,
        stdout=open(STATE / "worker.log", "a"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    (STATE / "worker.pid").write_text(str(returned.pid))
    done = wait_for_tasks(moment)
    report(
        "a stopped worker's tasks run when it returns",
        bool(waiting)
        and all(status == "READY" for _i, status, _w in still)
        and all(status == "SUCCESSFUL" for _i, status, _w in done),
        f"while stopped: {[s for _i, s, _w in still]}; after: {[s for _i, s, _w in done]}",
    )

    print(f"{len(failures)} failed" if failures else "every cross-node check passed")
    return len(failures)


if __name__ == "__main__":
    sys.exit(main())
