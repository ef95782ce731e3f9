"""No template prints an amount of forints without the Hungarian thousands separator.

"10000 Ft" beside "5 000 Ft" is what a bare ``{{ amount }} Ft`` gives: amounts go through
``|ft`` ("10 000 Ft"), or ``|number`` where a translated sentence carries the "Ft"."""

import re
from pathlib import Path

from django.conf import settings

PACKAGES = ("accounts", "portal", "search", "services", "sites", "themes")

BARE_AMOUNT = re.compile(r"\{\{\s*([\w.]+)\s*\}\}\s*Ft\b")
BLOCKTRANS = re.compile(
    r"\{%\s*blocktrans(?:late)?\b(?P<arguments>.*?)%\}(?P<body>.*?)"
    r"\{%\s*endblocktrans(?:late)?\s*%\}",
    re.DOTALL,
)


def templates():
    for package in PACKAGES:
        for path in sorted((settings.BASE_DIR / package).glob("**/templates/**/*")):
            relative = path.relative_to(settings.BASE_DIR).as_posix()
            if path.suffix in {".html", ".txt"}:
                yield relative, path


def bare_amounts(text):
    """The variables printed right before "Ft" without a Hungarian number format."""
    found = []
    for block in BLOCKTRANS.finditer(text):
        for name in BARE_AMOUNT.findall(block["body"]):
            bound = re.search(rf"\b{re.escape(name)}=\S+\|(?:number|ft)\b", block["arguments"])
            if not bound:
                found.append(name)
    found += BARE_AMOUNT.findall(BLOCKTRANS.sub("", text))
    return found


def test_the_check_finds_a_bare_amount_and_passes_a_formatted_one():
    assert bare_amounts("<td>{{ p.amount }} Ft</td>") == ["p.amount"]
    assert bare_amounts("{% blocktrans with a=x %}Paid {{ a }} Ft{% endblocktrans %}") == ["a"]
    assert bare_amounts("<td>{{ p.amount|ft }}</td>") == []
    assert bare_amounts("{% blocktrans with a=x|number %}Paid {{ a }} Ft{% endblocktrans %}") == []


def test_no_template_prints_forints_without_the_thousands_separator():
    offending = {
        relative: names
        for relative, path in templates()
        if (names := bare_amounts(Path(path).read_text(encoding="utf-8")))
    }
    assert offending == {}
