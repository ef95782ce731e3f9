"""How long the page feedback's report, the fleet's worst pages and one vote take with many
answers stored.

    DATABASE_URL=... .venv/bin/python benchmarks/feedback_report.py --votes 200000

Runs against a database with the demo loaded (``manage.py load_demo``): it adds ``--votes``
synthetic answers spread over the demo municipalities' pages and the last 90 days, times
``services.report`` (Eger), ``services.worst_pages(50)`` and a POST of the form through
Django's test client (the whole view: token, rate limit, personal-data check, insert), then
deletes what it added. Prints the figures and the load average."""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")


def timed(function, repeat):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, max(times) * 1000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--votes", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()

    import django

    django.setup()
    from django.test import Client
    from django.utils import timezone
    from wagtail.models import Page

    from services.feedback import services, tokens
    from services.feedback.models import PageVote
    from sites.models import Municipality

    rng = random.Random(19)
    now = timezone.now()
    municipalities = list(Municipality.objects.exclude(root_page=None))
    targets = []
    for municipality in municipalities:
        pages = Page.objects.live().descendant_of(municipality.root_page, inclusive=True)
        targets += [(municipality, pk) for pk in pages.values_list("pk", flat=True)[:40]]
    before = PageVote.objects.unscoped().aggregate(m=django.db.models.Max("pk"))["m"] or 0
    started = time.perf_counter()
    batch = []
    for number in range(options.votes):
        municipality, page_id = rng.choice(targets)
        batch.append(
            PageVote(
                municipality=municipality,
                page_id=page_id,
                helpful=rng.random() < 0.75,
                comment="Nem derül ki a díj." if rng.random() < 0.05 else "",
                created_at=now - datetime.timedelta(minutes=rng.randint(0, 90 * 24 * 60)),
            )
        )
        if len(batch) == 5000 or number == options.votes - 1:
            PageVote.objects.bulk_create(batch)
            batch = []
    inserted = time.perf_counter() - started
    eger = Municipality.objects.get(slug="eger")
    try:
        report = timed(lambda: services.report(eger), options.repeat)
        worst = timed(lambda: services.worst_pages(50), options.repeat)
        client = Client()
        home = Page.objects.get(pk=eger.root_page_id)
        host = eger.site.hostname

        def vote():
            token = tokens.issue(home.pk, now=time.time() - 60)
            response = client.post(
                f"/visszajelzes/{home.pk}/",
                {"token": token, "hasznos": "igen"},
                HTTP_HOST=host,
                REMOTE_ADDR=f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.1",
            )
            assert response.status_code == 200, response.status_code

        post = timed(vote, options.repeat * 4)
    finally:
        PageVote.objects.unscoped().filter(pk__gt=before).delete()
    load = os.getloadavg()
    print(f"{options.votes} votes over {len(targets)} pages inserted in {inserted:.1f} s")
    print(f"report (Eger, 90 days): median {report[0]:.0f} ms, max {report[1]:.0f} ms")
    print(f"worst_pages(50), fleet: median {worst[0]:.0f} ms, max {worst[1]:.0f} ms")
    print(f"POST of the form: median {post[0]:.0f} ms, max {post[1]:.0f} ms")
    print(f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")


if __name__ == "__main__":
    main()
