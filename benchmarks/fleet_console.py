"""How long the operators' fleet console takes to compute its figures, and the parts of
it: the façades' figures (cached for FLEET_CONSOLE_CACHE_SECONDS), the search index check
(cached for FLEET_SEARCH_CHECK_SECONDS) and the cheap health figures read every visit;
and the helpdesk queue's SLA clocks.

Run against a loaded demo (any DATABASE_URL; the demo's SQLite file is the quickest):

    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python benchmarks/fleet_console.py --repeat 5
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")


def timed(function, repeat):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), max(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.utils import timezone

    from portal.fleet import figures
    from services.helpdesk import services as helpdesk
    from sites.models import Municipality

    def queue():
        now = timezone.now()
        return [helpdesk.sla_state(t, now) for t in helpdesk.queue()]

    rows = [
        ("figures from the façades (compute)", lambda: figures.compute()),
        ("search index check", lambda: figures.search_lag(refresh=True)),
        ("live health (queue, heartbeat, cache)", figures.live_health),
        ("console figures from the cache", figures.console_figures),
        ("helpdesk queue with SLA clocks", queue),
    ]
    print(f"municipalities: {Municipality.objects.count()}, load average: {os.getloadavg()}")
    for label, function in rows:
        median, worst = timed(function, args.repeat)
        print(f"{label:40s} median {median * 1000:8.1f} ms   max {worst * 1000:8.1f} ms")
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
