"""Highlighted snippets: the hit's own text, escaped, the query's words in ``<mark>``.

The backends do not all offer highlighting (PostgreSQL's ``ts_headline`` would need the
text again in SQL, and its output is not escaped), so it is done here, on the plain text a
kind gives for its hit. A word counts as the query's word when its folded form starts with
the folded query word's stem — approximated by the word without its last letters — so
"adókról" marks "adók" and "ado" marks "Adó"."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .text import fold

WORD = re.compile(r"\w+")
EXCERPT_CHARS = 220


def query_terms(query):
    """The folded stems the snippet marks: a long word loses up to three letters of
    suffix (Hungarian case endings: -ról, -ban, -nak …), never below four letters."""
    stems = []
    for word in WORD.findall(fold(query)):
        if len(word) < 2:
            continue
        stems.append(word if len(word) <= 4 else word[: max(4, len(word) - 3)])
    return stems


def _matches(word, terms):
    folded = fold(word)
    return any(folded.startswith(term) for term in terms)


def highlight(text, terms, *, excerpt=False):
    """``text`` escaped with the words that match ``terms`` in ``<mark>``; with
    ``excerpt``, only about ``EXCERPT_CHARS`` characters around the first match (or the
    beginning), cut at word boundaries, with an ellipsis where text was left out."""
    text = " ".join(str(text or "").split())
    if not text:
        return ""
    spans = [m.span() for m in WORD.finditer(text) if terms and _matches(m.group(), terms)]
    start, end = 0, len(text)
    if excerpt and len(text) > EXCERPT_CHARS:
        first = spans[0][0] if spans else 0
        start = max(0, first - EXCERPT_CHARS // 3)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < first else start
        end = min(len(text), start + EXCERPT_CHARS)
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > start else end
    parts = ["… " if start else ""]
    position = start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        parts.append(escape(text[position:span_start]))
        parts.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    parts.append(escape(text[position:end]))
    if end < len(text):
        parts.append(" …")
    return mark_safe("".join(parts))  # noqa: S308 (every piece of text is escaped above)
