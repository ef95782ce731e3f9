"""Every string Wagtail, allauth, taggit and django-filter can show has Hungarian, addressed
formally (Ön).

Their catalogues list what their code and templates ask gettext for; the translation Django
assembles (the project's locale/, locale_upstream/, the packages' own) must answer each in
Hungarian. An upgrade that brings new strings fails here, naming them: translate them in
locale_upstream/hu/LC_MESSAGES/."""

import re

import pytest
from django.utils import translation
from django.utils.translation.trans_real import DjangoTranslation

from .catalogues import UPSTREAM_PACKAGES, upstream_messages

# Written the same in Hungarian: names, abbreviations, loanwords, and the names of Wagtail's
# apps (shown only in Django's own admin).
SAME_IN_HUNGARIAN = {
    "%(num)s pixel",
    "MFA",
    "Passkey",
    "Token",
    "URL",
    "Wagtail API v2",
    "Wagtail API v3",
    "Wagtail routablepage",
    "Wagtail sitemaps",
    "WebAuthn",
    "port",
    "token",
    "uid",
}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w+\}")

# The informal register: "te" and its forms, the familiar imperative and possessive endings
# that allauth's translators used ("Kérlek add meg a jelszavad", "Küldj nekem").
INFORMAL = re.compile(
    r"\b(?:kérlek|te|neked|tőled|veled|nálad|add meg|küldj|használd|használj|próbáld|"
    r"kattints|ellenőrizd|erősítsd|válassz|jelentkezz|lépj|kövesd|menj|kérj|írd|töltsd|"
    r"nézd|olvasd|vedd|tedd|kapcsold|regisztrálj|hitelesítsd|légy|megóvd|megadj|igazold|"
    r"\w*(?:tted|ttad|tél|tál|hatsz|hetsz|hatod|heted|szel|sz\?)|"
    r"kaptad|kapod|akarod|szeretnéd|tudod|fogsz|fogod|vagy benne|bízol|ismersz|"
    r"fiókod\w*|jelszavad\w*|címed\w*|kódod\w*|kódjaid\w*|eszközöd\w*|emailed\w*)\b",
    re.IGNORECASE,
)


def hungarian(message, catalogue=None):
    """The Hungarian Django gives for the message (singular, and plural when it has one)."""
    with translation.override("hu"):
        source = catalogue or translation
        if message.plural:
            if message.context:
                return [
                    source.npgettext(message.context, message.msgid, message.plural, n)
                    for n in (1, 2)
                ]
            return [source.ngettext(message.msgid, message.plural, n) for n in (1, 2)]
        if message.context:
            return [source.pgettext(message.context, message.msgid)]
        return [source.gettext(message.msgid)]


def javascript_catalogue():
    """What Wagtail's admin scripts get from /admin/jsi18n/ (LOCALE_PATHS included)."""
    return DjangoTranslation(
        "hu",
        domain="djangojs",
        localedirs=[str(UPSTREAM_PACKAGES["wagtail"] / "admin" / "locale")],
    )


def has_words(text):
    return any(character.isalpha() for character in PLACEHOLDER.sub("", text))


def untranslated(messages, catalogue=None):
    return sorted(
        message.msgid
        for message in messages
        if message.msgid not in SAME_IN_HUNGARIAN
        and has_words(message.msgid)
        and any(text in (message.msgid, message.plural) for text in hungarian(message, catalogue))
    )


def test_every_upstream_string_has_a_hungarian_translation():
    assert untranslated(upstream_messages("django")) == []


def test_every_string_of_wagtails_admin_scripts_has_a_hungarian_translation():
    assert untranslated(upstream_messages("djangojs"), javascript_catalogue()) == []


@pytest.mark.parametrize(
    "text",
    [
        "Kérlek add meg az aktuális jelszavadat!",
        "Küldj nekem egy belépési kódot",
        "Elfelejtetted a jelszavad?",
        "Nem adhatsz hozzá több mint %d email címet.",
    ],
)
def test_the_informal_pattern_recognises_allauths_old_wording(text):
    assert INFORMAL.search(text)


@pytest.mark.parametrize(
    "text",
    [
        "Kérjük, adja meg jelenlegi jelszavát.",
        "Belépési kódot kérek",
        "Elfelejtette a jelszavát?",
        "Legfeljebb %d e-mail-címet adhat meg.",
    ],
)
def test_the_informal_pattern_passes_the_formal_wording(text):
    assert not INFORMAL.search(text)


def test_login_and_admin_strings_address_the_reader_formally():
    informal = {
        message.msgid: text
        for message in upstream_messages("django")
        for text in hungarian(message)
        if INFORMAL.search(PLACEHOLDER.sub("", text))
    }
    assert informal == {}
