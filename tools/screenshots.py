"""`make screenshots`: PNGs of the key pages of the demo, at 1280 px and 390 px, into
docs/screenshots/, and a gallery of them (docs/screenshots/index.html).

The demo runs on a SQLite database of its own (.cache/screenshots/, kept between runs, so
that a second run does not load the demo again), served by `manage.py runserver` on a free
port with SITE_PORT set to it (as `make run PORT=…` does). Chromium is Debian's
(/usr/bin/chromium, or CHROMIUM_PATH), driven by Playwright as in tests/browser.

Usage: .venv/bin/python tools/screenshots.py [--only NAME ...]"""

import argparse
import html
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from PIL import Image

BASE_DIR = Path(__file__).resolve().parent.parent
OUT = BASE_DIR / "docs" / "screenshots"
WORK = BASE_DIR / ".cache" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
# A laptop and a common phone (the height of the first screen, which is what is shot).
WIDTHS = {"1280": (1280, 800), "390": (390, 844)}
OFFICER = ("ugyintezo", "demo-ugyintezo-1")  # README: the demo logins
DEMO_CITIZEN = "Kovács János"
ACCEPTED_CARD = "4242 4242 4242 4242"
DECLINED_CARD = "4000 0000 0000 0002"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def demo_environment(port):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        DATABASE_URL=f"sqlite:///{WORK / 'demo.sqlite3'}",
        MEDIA_ROOT=str(WORK / "media"),
        PRIVATE_MEDIA_ROOT=str(WORK / "private_media"),
        SITE_PORT=str(port),
        # runserver's own pages: the cache would show a page as it was on the last run
        PAGE_CACHE_SECONDS="0",
    )
    return env


def manage(env, *args, capture=False):
    command = [sys.executable, str(BASE_DIR / "manage.py"), *args]
    if capture:
        return subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    return subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)


def wait_for(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5)
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"the dev server did not answer at {url}")


def save(page, name, title, shots):
    """The page's first screen at both widths, as palette PNGs (a few hundred KB at most)."""
    for width, (viewport_width, height) in WIDTHS.items():
        page.set_viewport_size({"width": viewport_width, "height": height})
        page.wait_for_timeout(150)  # the layout and images after the resize
        path = OUT / f"{name}-{width}.png"
        page.screenshot(path=str(path))
        image = Image.open(path).convert("RGB")
        image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    shots.append((name, title, page.url))
    print(f"  {name}: {title}")


def take(portal, site, env, only):
    from playwright.sync_api import sync_playwright

    shots = []

    def wanted(name):
        return not only or name in only

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="hu-HU", viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.set_default_timeout(20_000)

        # -- the municipality's website
        page.goto(site + "/", wait_until="load")
        if wanted("eger-home"):
            save(page, "eger-home", "Eger honlapja", shots)
        page.goto(site + "/ugyintezes/", wait_until="load")
        if wanted("ugyintezes"):
            save(page, "ugyintezes", "Ügyintézés (szolgáltatások)", shots)
        page.goto(site + "/hirek/", wait_until="load")
        page.locator("main a[href*='/hirek/']").first.click()
        page.wait_for_load_state("load")
        if wanted("news"):
            save(page, "news", "Egy hír", shots)

        # -- a form with a fee on the site, the bank's page, the pay page, the receipt
        page.goto(site + "/urlapok/", wait_until="load")
        page.get_by_role("link", name="díjköteles").first.click()
        page.wait_for_load_state("load")
        if wanted("form"):
            save(page, "form", "Online űrlap a település honlapján", shots)
        page.get_by_label("Név").fill("Próba Polgár")
        page.get_by_label("E-mail cím").fill("proba@example.hu")
        page.get_by_label("Mire kéri a bizonyítványt?").fill("Munkavállaláshoz")
        page.get_by_role("button", name="Az űrlap beküldése").click()
        page.wait_for_url("**/fizetes/szimulalt-bank/**")
        if wanted("bank"):
            save(page, "bank", "A szimulált bank kártyás oldala", shots)
        page.get_by_label("Kártyaszám").fill(DECLINED_CARD)
        page.get_by_role("button", name="Fizetés", exact=True).click()
        page.get_by_role("heading", name="A díj megfizetése").wait_for()
        if wanted("pay"):
            save(page, "pay", "A díj megfizetése (elutasított fizetés után)", shots)
        page.get_by_role("button", name="Fizetés", exact=True).click()
        page.wait_for_url("**/fizetes/szimulalt-bank/**")
        page.get_by_label("Kártyaszám").fill(ACCEPTED_CARD)
        page.get_by_role("button", name="Fizetés", exact=True).click()
        page.get_by_role("heading", name="Beküldési igazolás").wait_for()
        if wanted("receipt"):
            save(page, "receipt", "Beküldési igazolás (nyugta)", shots)

        # -- the portal, the citizen's journey and Ügyeim
        page.goto(portal + "/", wait_until="load")
        if wanted("portal-home"):
            save(page, "portal-home", "A központi portál", shots)
        page.goto(portal + "/fiok/fejlesztoi-azonositas/?next=/e-ugyintezes/eger/")
        page.get_by_label(DEMO_CITIZEN).check()
        page.get_by_role("button", name="Belépés ezzel a demó ügyféllel").click()
        page.wait_for_url("**/e-ugyintezes/eger/")
        page.get_by_role("link", name="Lakossági parkolási engedély kérelem").click()
        page.get_by_role("button", name="Kitöltés megkezdése").click()
        page.wait_for_url("**/lepes/**")
        if wanted("wizard"):
            save(page, "wizard", "Az e-ügyintézés egy lépése", shots)
        page.goto(portal + "/ugyeim/", wait_until="load")
        if wanted("ugyeim"):
            save(page, "ugyeim", "Ügyeim", shots)

        # -- the officer's case page in the admin (password, then the TOTP code)
        officer = browser.new_context(locale="hu-HU", viewport={"width": 1280, "height": 800})
        admin = officer.new_page()
        admin.set_default_timeout(20_000)
        admin.goto(portal + "/fiok/login/?next=/admin/ugyiratok/", wait_until="load")
        admin.fill("input[name=login]", OFFICER[0])
        admin.fill("input[name=password]", OFFICER[1])
        admin.locator("section.login-method form button[type=submit]").click()
        admin.wait_for_selector("input[name=code]")
        code = manage(env, "demo_totp_code", OFFICER[0], capture=True).stdout.strip()
        admin.fill("input[name=code]", code)
        admin.locator("input[name=code]").press("Enter")
        admin.wait_for_url("**/admin/ugyiratok/**")
        if "/ugy/" not in admin.url:
            cases = admin.locator("a[href*='/ugy/']")
            if not cases.count():
                admin.locator("a[href*='/ugyiratok/onkormanyzat/']").first.click()
                admin.wait_for_load_state("load")
            admin.locator("a[href*='/ugy/']").first.click()
            admin.wait_for_load_state("load")
        if wanted("officer-case"):
            save(admin, "officer-case", "Az ügyintéző ügyirat-oldala (admin)", shots)
        browser.close()
    return shots


def write_gallery(shots):
    rows = []
    for name, title, url in shots:
        images = "".join(
            f'<a href="{name}-{width}.png"><img src="{name}-{width}.png" '
            f'alt="{html.escape(title)}, {width} px" loading="lazy" class="w{width}"></a>'
            for width in WIDTHS
        )
        rows.append(
            f"<section><h2>{html.escape(title)}</h2>"
            f"<p><code>{html.escape(url)}</code></p><div>{images}</div></section>"
        )
    (OUT / "index.html").write_text(
        '<!doctype html>\n<html lang="hu"><head><meta charset="utf-8">'
        "<title>Városháza – képernyőképek</title><style>"
        "body{font-family:sans-serif;margin:2rem;max-width:1400px}"
        "section div{display:flex;gap:1rem;align-items:flex-start}"
        "img{border:1px solid #ccc}.w1280{width:900px}.w390{width:275px}"
        "</style></head><body><h1>Városháza – képernyőképek</h1>"
        "<p>1280 px és 390 px széles képernyőn (<code>make screenshots</code>).</p>"
        + "\n".join(rows)
        + "</body></html>\n",
        encoding="utf-8",
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=[], help="Only these shots (by name).")
    options = parser.parse_args()
    if not Path(CHROMIUM).is_file():
        sys.exit(f"No Chromium at {CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH).")
    WORK.mkdir(parents=True, exist_ok=True)
    OUT.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = demo_environment(port)
    print(f"The demo on SQLite ({WORK / 'demo.sqlite3'}), port {port}: migrate, load_demo…")
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    server = subprocess.Popen(
        [sys.executable, str(BASE_DIR / "manage.py"), "runserver", "--noreload", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        portal = f"http://localhost:{port}"
        wait_for(portal + "/")
        shots = take(portal, f"http://eger.localhost:{port}", env, set(options.only))
    finally:
        server.terminate()
        server.wait(timeout=10)
    write_gallery(shots)
    print(f"{len(shots) * len(WIDTHS)} screenshots and the gallery: {OUT / 'index.html'}")


if __name__ == "__main__":
    main()
