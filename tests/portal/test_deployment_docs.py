"""README's "Deployment: the production settings" names every setting production requires,
and nothing it does not: the block is run through `check --deploy` as written."""

import os
import re
import subprocess
import sys

from django.conf import settings

SECTION = "### Deployment: the production settings"

# One process imports the production settings once per variable left out, and says which
# imports were refused (production.py refuses on import what the settings alone get wrong).
WITHOUT_EACH = """
import json, os, sys
from django.core.exceptions import ImproperlyConfigured
full = json.loads(sys.argv[1])
refused = {}
for name in full:
    os.environ.clear()
    os.environ.update({k: v for k, v in full.items() if k != name})
    for module in [m for m in sys.modules if m.startswith("portal.settings")]:
        del sys.modules[module]
    try:
        __import__("portal.settings.production")
        refused[name] = False
    except ImproperlyConfigured:
        refused[name] = True
print(json.dumps(refused))
"""


def readme_environment():
    """The NAME=value lines of the first sh block of the section."""
    text = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    section = text.split(SECTION, 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL).group(1)
    return dict(re.findall(r"^([A-Z][A-Z0-9_]*)=(\S+)\s*$", block, re.MULTILINE))


def bare_environment(**variables):
    # Only what a fresh shell has: nothing of the developer's or CI's own settings.
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"}
    return {**{k: v for k, v in os.environ.items() if k in keep}, **variables}


def test_the_readme_block_passes_the_deploy_check_as_written():
    variables = readme_environment()
    assert variables["DJANGO_SETTINGS_MODULE"] == "portal.settings.production"

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=bare_environment(**variables),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_every_variable_of_the_readme_block_is_required():
    import json

    variables = readme_environment()
    required = {k: v for k, v in variables.items() if k != "DJANGO_SETTINGS_MODULE"}

    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_EACH, json.dumps(bare_environment(**required))],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    refused = json.loads(result.stdout)
    assert {name for name in required if not refused[name]} == set(), (
        "the README lists variables the production settings start without"
    )
