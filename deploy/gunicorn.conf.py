"""gunicorn's configuration for the web process (Procfile: `web`). Every value can be set
from the environment, so one file serves every node."""

import os
import shutil
import tempfile

# Several worker processes count requests for one /metrics: prometheus_client's
# multiprocess mode keeps their counters in this folder (it must exist before the app is
# imported, which is after this file is read).
os.environ.setdefault(
    "PROMETHEUS_MULTIPROC_DIR", os.path.join(tempfile.gettempdir(), "varoshaza-prometheus")
)

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: the views are synchronous and the database is the limit; benchmarks/README.md
# ("requests per second per node") has the figures behind the default.
workers = int(os.environ.get("GUNICORN_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# A deploy or a scale-in lets the requests in flight finish.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# A worker is replaced after this many requests (a leak cannot grow without bound); the
# jitter keeps the workers from restarting together.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# The balancer's address: only its X-Forwarded-* headers are believed.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The access log without the query string (%(U)s, not %(r)s): a search query, a token or a
# name in a URL must not reach the logs. The request id ties a line to the app's lines.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms id=%({x-request-id}o)s'
errorlog = "-"


def on_starting(server):
    # A fresh start forgets the counters of the processes of the previous one.
    folder = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder, exist_ok=True)


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
