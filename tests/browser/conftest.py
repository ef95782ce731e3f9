"""Real headless Chromium (Debian's package) driven by Playwright, with axe-core from npm.

`make test` installs both; run by hand, install Chromium with `apt-get install chromium`
and axe-core with `npm install --prefix .cache/axe axe-core@4` (the fixture below does the
latter itself when npm is there)."""

import datetime
import fcntl
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from wagtail.models import Page, get_page_models

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_PREFIX = Path(settings.BASE_DIR) / ".cache" / "axe"
AXE_SCRIPT = AXE_PREFIX / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def axe_source():
    if not AXE_SCRIPT.is_file():
        AXE_PREFIX.mkdir(parents=True, exist_ok=True)
        # pytest-xdist workers may all get here at once: one installs, the others wait.
        with open(AXE_PREFIX / ".install.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not AXE_SCRIPT.is_file():
                _install_axe()
    return AXE_SCRIPT.read_text(encoding="utf-8")


def _install_axe():
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("axe-core is missing and so is npm: run `make test`, which installs both.")
    quietly = ["--silent", "--no-audit", "--no-fund"]
    install = [npm, "install", *quietly, "--prefix", str(AXE_PREFIX), "axe-core@4"]
    subprocess.run(install, check=True, timeout=300)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"No Chromium at {CHROMIUM}: run `make test` (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    # Playwright's synchronous API keeps an event loop running in this thread, and Django
    # then refuses ORM calls; the tests' own ones (between page loads, and the database
    # flush after each) are plain synchronous calls. Allowed for as long as the browser
    # runs, a module at most, so that no other test (nor its subprocesses) inherits it.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="hu-HU", viewport={"width": 1280, "height": 900})
    browser_page = context.new_page()
    browser_page.set_default_timeout(15_000)
    yield browser_page
    context.close()


# -- the demo site


def _plausible_value(field):
    if isinstance(field, models.DateTimeField):
        return timezone.now() + datetime.timedelta(days=7)
    if isinstance(field, models.DateField):
        return timezone.localdate()
    if isinstance(field, models.IntegerField | models.DecimalField | models.FloatField):
        return 1
    if isinstance(field, models.CharField | models.TextField):
        return "Próba"
    raise LookupError(field.name)


def serve_site_in_use(municipality, live_server):
    """The municipality's site on the live server, as `make run` shows a site in use: a year
    of content (news with pictures, the council's meetings…) and the published forms its
    directory and home page link to. Returns the site's base URL."""
    from urllib.parse import urlsplit

    from wagtail.models import Site

    from services.forms import demo as forms_demo
    from sites.demo import load_demo_site
    from tests.services.forms.conftest import load

    port = urlsplit(live_server.url).port
    # The browser asks for <slug>.localhost:<port> (Chromium resolves *.localhost itself).
    Site.objects.filter(pk=municipality.site_id).update(port=port)
    for code in forms_demo.DEMO_FORMS:
        load(code)
    forms_demo.load_demo(municipality)
    load_demo_site(municipality)
    return f"http://{municipality.site.hostname}:{port}"


# The apps whose page types a municipality's site may hold: the site's own and the
# services' public pages (the trade register).
SITE_PAGE_APPS = ("municipal", "commerce", "publication")


def add_one_of_each_missing_page_type(root):
    """Pages of the types the starter tree has no example of (news item, event, decree…),
    so that every page type is checked, including ones added after this test was written.

    Required fields get plausible values; a type that still does not validate is left out
    and named in the test's output, for its author to add demo content for it."""
    present = {type(page) for page in root.get_descendants(inclusive=True).specific()}
    skipped = []
    for model in get_page_models():
        if model in present or model._meta.app_label not in SITE_PAGE_APPS or model._meta.abstract:
            continue
        parent = next(
            (
                candidate
                for candidate in root.get_descendants(inclusive=True).specific()
                if model.can_create_at(candidate)
            ),
            None,
        )
        if parent is None:
            skipped.append(model.__name__)
            continue
        try:
            with transaction.atomic():
                page = model(title=f"Minta: {model._meta.verbose_name}", live=True)
                for field in model._meta.concrete_fields:
                    if field.primary_key or field.model is Page or field.has_default():
                        continue
                    if field.blank or field.null:
                        continue
                    if getattr(page, field.attname, None) in (None, ""):
                        setattr(page, field.attname, _plausible_value(field))
                parent.add_child(instance=page)
                page.save_revision().publish()
        except Exception as error:  # any refusal means "no example of this type"
            skipped.append(f"{model.__name__} ({error.__class__.__name__}: {error})")
    return skipped


def pages_by_type(root):
    """One live page of every specific page type under the site's root, home page first."""
    found = {}
    for page in root.get_descendants(inclusive=True).live().specific().order_by("path"):
        found.setdefault(type(page).__name__, page)
    return found
