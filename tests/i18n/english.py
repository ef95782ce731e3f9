"""Finding English (from tests/i18n/known_english.txt) in a rendered page."""

import json
import re
from pathlib import Path

from bs4 import BeautifulSoup
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

KNOWN_ENGLISH = Path(__file__).with_name("known_english.txt")
# Text a person reads or hears besides the page's own: tooltips, labels, placeholders.
READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "data-w-tooltip-content-value")


def known_english():
    """(entry, compiled pattern) for every line of the list."""
    patterns = []
    for line in KNOWN_ENGLISH.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("re:"):
            patterns.append((line, re.compile(line[3:])))
        else:
            patterns.append((line, re.compile(rf"(?<!\w){re.escape(line.strip())}(?!\w)")))
    return patterns


def readable_texts(html):
    """What a page shows or reads out: its text (inside <template> too, which the admin's
    scripts show later), the attributes above, and the strings of its JSON data islands
    (the admin's menu and panels are built from them)."""
    soup = BeautifulSoup(html, "html.parser")
    texts = []
    for script in soup.find_all("script"):
        if script.get("type") == "application/json" and script.string:
            texts.extend(_json_strings(script.string))
        script.decompose()
    for style in soup.find_all("style"):
        style.decompose()
    # Every string, those inside <template> included (BeautifulSoup's .strings skips them).
    for string in soup.find_all(string=True):
        if not isinstance(string, (Comment, Declaration, Doctype, ProcessingInstruction)):
            if text := string.strip():
                texts.append(text)
    for tag in soup.find_all(True):
        texts.extend(tag[name] for name in READ_ATTRIBUTES if isinstance(tag.get(name), str))
    return texts


def _json_strings(source):
    try:
        data = json.loads(source)
    except ValueError:
        return []
    found, stack = [], [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def english_in(html, patterns=None):
    """The entries of the list that the page contains, with the text each was found in."""
    patterns = patterns if patterns is not None else known_english()
    found = {}
    for text in readable_texts(html):
        for entry, pattern in patterns:
            if pattern.search(text):
                found.setdefault(entry, text[:120])
    return found
