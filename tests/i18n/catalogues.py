"""What Wagtail, allauth and the packages under them ask gettext to translate, read from
their own catalogues.

A package's English catalogue (``locale/en/LC_MESSAGES/*.po``) lists every string its code
and templates mark for translation; its Hungarian one lists only those its translators
finished. Reading the English one tells us what a Hungarian page can show."""

import ast
from dataclasses import dataclass
from pathlib import Path

import allauth
import django_filters
import taggit
import wagtail
from django.apps import apps

UPSTREAM_PACKAGES = {
    module.__name__: Path(module.__file__).parent
    for module in (wagtail, allauth, taggit, django_filters)
}
# django-filter ships no English (nor Hungarian) catalogue: its German one lists the same
# source strings.
SOURCE_LANGUAGE = {"django_filters": "de"}


@dataclass(frozen=True)
class Message:
    msgid: str
    plural: str = ""
    context: str = ""
    source: str = ""


def read_po(path):
    """The messages of a .po file (the header left out); a minimal reader for what
    ``makemessages`` writes: msgctxt, msgid, msgid_plural, msgstr[n], continued lines."""
    messages = []
    entry, key = {}, None

    def finish():
        if entry.get("msgid"):
            messages.append(
                Message(
                    msgid=entry["msgid"],
                    plural=entry.get("msgid_plural", ""),
                    context=entry.get("msgctxt", ""),
                    source=str(path),
                )
            )

    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            if not line and entry:
                finish()
                entry, key = {}, None
            continue
        if line.startswith('"'):
            entry[key] += ast.literal_eval(line)
            continue
        keyword, _, value = line.partition(" ")
        if keyword == "msgctxt" and entry.get("msgid") is not None:
            finish()
            entry = {}
        key = keyword
        entry[key] = ast.literal_eval(value)
    finish()
    return messages


def upstream_messages(domain="django"):
    """Every message of the domain of the catalogues of the installed apps of Wagtail,
    allauth, taggit and django-filter (an app that is not installed shows nothing, and
    Django does not load its catalogue)."""
    found = {}
    for name, root in UPSTREAM_PACKAGES.items():
        language = SOURCE_LANGUAGE.get(name, "en")
        for path in sorted(root.glob(f"**/locale/{language}/LC_MESSAGES/{domain}.po")):
            app = ".".join([name, *path.relative_to(root).parts[:-4]])
            if not apps.is_installed(app):
                continue
            for message in read_po(path):
                found.setdefault((message.context, message.msgid), message)
    return list(found.values())
