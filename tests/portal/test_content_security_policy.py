"""A Content Security Policy on every page: scripts only from our host or with the request's
nonce, never an inline script or handler without it; the templates are scanned so that the
next inline script is found before a browser refuses it."""

import importlib
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from wagtail.models import Page

from sites.models import ContactPage

pytestmark = pytest.mark.django_db

PORTAL = "portal.varoshaza.test"
HOST = "alsovar.localhost"
NONCE = re.compile(r"'nonce-([A-Za-z0-9+/=]+)'")


def directives(response):
    policy = response["Content-Security-Policy"]
    return {
        name: sources
        for name, *sources in (part.split() for part in policy.split(";") if part.strip())
    }


def assert_strict_scripts(response):
    """The page's policy allows scripts from our host and with this response's nonce only,
    and every inline script of the page carries that nonce."""
    script_src = directives(response)["script-src"]
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "'self'" in script_src
    (nonce,) = NONCE.findall(" ".join(script_src))
    html = response.content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        if "src=" not in tag and "application/json" not in tag:
            assert f'nonce="{nonce}"' in tag, tag
    return nonce


def test_every_page_of_a_municipal_site_has_the_policy(client, municipality_a):
    pages = Page.objects.descendant_of(municipality_a.root_page, inclusive=True).live()
    types = set()
    for page in pages.specific():
        response = client.get(page.url, HTTP_HOST=HOST)
        assert response.status_code == 200, page.url
        assert_strict_scripts(response)
        types.add(type(page).__name__)
    assert {"MunicipalHomePage", "ContactPage"} <= types
    assert_strict_scripts(client.get("/nincs-ilyen-oldal/", HTTP_HOST=HOST))  # the 404 page
    assert_strict_scripts(client.get("/kereses/", {"q": "adó"}, HTTP_HOST=HOST))
    assert_strict_scripts(client.get("/urlapok/", HTTP_HOST=HOST))


@pytest.mark.parametrize(
    "path",
    ["/", "/fiok/login/", "/fiok/login/code/", "/fiok/password/reset/", "/e-ugyintezes/"],
)
def test_the_portal_and_the_login_pages_have_the_policy(client, path):
    response = client.get(path, HTTP_HOST=PORTAL)

    assert response.status_code in (200, 302)
    assert_strict_scripts(response)


def test_each_response_has_a_nonce_of_its_own(client):
    first = assert_strict_scripts(client.get("/fiok/login/", HTTP_HOST=PORTAL))
    second = assert_strict_scripts(client.get("/fiok/login/", HTTP_HOST=PORTAL))

    assert first != second


def test_a_page_from_the_page_cache_gets_a_new_nonce_in_header_and_body(
    client, municipality_a, settings
):
    settings.PAGE_CACHE_SECONDS = 600
    home = municipality_a.root_page.specific

    miss = client.get(home.url, HTTP_HOST=HOST)
    hit = client.get(home.url, HTTP_HOST=HOST)

    assert hit["X-Page-Cache"] == "HIT"
    assert assert_strict_scripts(hit) != assert_strict_scripts(miss)


def test_renewing_replaces_the_nonce_of_stored_content_and_headers():
    from sites.security_policy import renew

    headers = {"Content-Security-Policy": "script-src 'self' 'nonce-abc+/='; img-src 'self'"}
    content = b'<script nonce="abc+/=">x()</script><p>nonce="other"</p>'

    renewed = renew(content, headers)

    (new,) = NONCE.findall(headers["Content-Security-Policy"])
    assert new != "abc+/="
    assert renewed == f'<script nonce="{new}">x()</script><p>nonce="other"</p>'.encode()


def test_the_admin_editor_has_the_policy_and_wagtails_inline_scripts_carry_the_nonce(
    client, municipality_a, editor_a
):
    # The contact page's editor has an InlinePanel (its form fields), whose script is inline.
    page = ContactPage.objects.descendant_of(municipality_a.root_page).get()
    client.force_login(editor_a)

    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]), HTTP_HOST=HOST)

    assert response.status_code == 200
    html = response.content.decode()
    assert "new InlinePanel(" in html
    assert_strict_scripts(response)
    assert_strict_scripts(client.get("/admin/", HTTP_HOST=HOST))


def test_djangos_admin_has_the_policy(client, operator):
    client.force_login(operator)

    response = client.get("/django-admin/", HTTP_HOST=PORTAL)

    assert response.status_code == 200
    assert_strict_scripts(response)


def test_downloads_keep_their_own_sandbox_policy(rf):
    # A view that set its own policy (the registry's and the wizard's downloads) keeps it.
    from django.http import HttpResponse

    from sites.security_policy import NonceCSPMiddleware

    def download(request):
        response = HttpResponse(b"%PDF-1.7")
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
        return response

    response = NonceCSPMiddleware(download)(rf.get("/"))

    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"


def test_report_only_is_chosen_from_the_environment(monkeypatch):
    import portal.settings.security as security

    monkeypatch.setenv("CSP_REPORT_ONLY", "true")
    monkeypatch.setenv("CSP_REPORT_URI", "https://csp.example.hu/jelentes")
    try:
        reloaded = importlib.reload(security)
        assert reloaded.CONTENT_SECURITY_POLICY is None
        policy = reloaded.CONTENT_SECURITY_POLICY_REPORT_ONLY["DIRECTIVES"]
        assert policy["report-uri"] == "https://csp.example.hu/jelentes"
    finally:
        monkeypatch.delenv("CSP_REPORT_ONLY")
        monkeypatch.delenv("CSP_REPORT_URI")
        importlib.reload(security)


def test_report_only_sends_the_report_only_header(client, settings):
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = None

    response = client.get("/fiok/login/", HTTP_HOST=PORTAL)

    assert "Content-Security-Policy" not in response
    assert "'nonce-" in response["Content-Security-Policy-Report-Only"]


# ---------------------------------------------------------------- the template scan

OUR_PACKAGES = ("portal", "sites", "services", "themes", "search", "accounts")
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.I)
# An attribute on… inside a tag: onclick="…", onsubmit='…', onload=…
HANDLER = re.compile(r"<[a-zA-Z][^<>]*?\son[a-z]+\s*=", re.I | re.S)
JAVASCRIPT_URL = re.compile(r"""(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.I)
DATA_BLOCK = re.compile(r"""type\s*=\s*["']?application/(?:ld\+)?json""", re.I)


def policy_problems(text):
    """What in a template the policy would refuse: an inline script without a nonce, an
    inline event handler, a javascript: URL."""
    problems = []
    for match in SCRIPT_TAG.finditer(text):
        attributes = match.group(1)
        if "src=" in attributes or DATA_BLOCK.search(attributes):
            continue
        if "nonce=" not in attributes:
            problems.append(f"inline <script> without nonce: {match.group(0)}")
    problems += [f"inline event handler: {m.group(0)[-60:]}" for m in HANDLER.finditer(text)]
    problems += [f"javascript: URL: {m.group(0)}" for m in JAVASCRIPT_URL.finditer(text)]
    return problems


def our_templates():
    base = Path(django_settings.BASE_DIR)
    for package in OUR_PACKAGES:
        yield from (base / package).rglob("*.html")


@pytest.mark.parametrize(
    ("html", "found"),
    [
        ("<script>alert(1)</script>", True),
        ('<script type="module">x()</script>', True),
        ('<script nonce="{{ request.csp_nonce }}">x()</script>', False),
        ("<script src=\"{% static 'a.js' %}\"></script>", False),
        ('<script type="application/json" id="d">{}</script>', False),
        ('<button type="button" onclick="go()">Go</button>', True),
        ('<form\n  method="post" onsubmit="return false">', True),
        ('<a href="javascript:void(0)">x</a>', True),
        ("<p>Ezen online felületen: onclick=nem tag</p>", False),
        ('<a href="/online/" data-only="1">on=</a>', False),
    ],
)
def test_the_scan_finds_what_the_policy_would_refuse(html, found):
    assert bool(policy_problems(html)) is found


def test_no_template_of_ours_has_an_inline_script_or_handler_the_policy_refuses():
    templates = list(our_templates())
    assert len(templates) > 50
    problems = {
        str(path.relative_to(django_settings.BASE_DIR)): found
        for path in templates
        if (found := policy_problems(path.read_text(encoding="utf-8")))
    }

    assert not problems, problems
