"""How Hungarian writes names, numbers, money, phone numbers and alphabetical order.

One place for every list, receipt, log line and CSV export, so that each says "Kovács
János", "10 000 Ft" and puts Érd before Felcsút the same way."""

import unicodedata
from decimal import Decimal, InvalidOperation

from django.db import NotSupportedError
from django.db.models.functions import Collate
from django.utils.text import slugify as django_slugify

# Hungarian groups thousands with a space that never breaks a number across lines
# (Django's hu formats use the same character).
THOUSANDS_SEPARATOR = "\u00a0"

# ---------------------------------------------------------------------------- names


def person_name(family_name, given_name):
    """Family name first, as Hungarians write and say it: "Kovács János"."""
    return " ".join(part.strip() for part in (family_name, given_name) if part and part.strip())


def user_name(user):
    """The person behind an account, family name first; for an account without a name,
    its e-mail address, else its user name. (Django's ``get_full_name`` writes the Western
    order; ``write_full_names_family_first`` makes it say the same as this.)"""
    return (
        person_name(getattr(user, "last_name", ""), getattr(user, "first_name", ""))
        or getattr(user, "email", "")
        or user.get_username()
    )


def write_full_names_family_first():
    """Make ``User.get_full_name()`` say "Kovács János", not Django's "János Kovács".

    Wagtail's admin names people through it (page history, the site history and workflow
    reports, "locked by", comments), and so do Django's and allauth's pages. A custom user
    model only to change this method would move every foreign key to the user table; the
    method is replaced once at start-up instead, as sites.storage gives Wagtail's documents
    their storage."""
    from django.contrib.auth import get_user_model

    def get_full_name(self):
        return person_name(self.last_name, self.first_name)

    get_user_model().get_full_name = get_full_name


def initials(user):
    """Up to two capital letters for an avatar, family name first: Kovács János -> "KJ"."""
    letters = [
        part.strip()[0]
        for part in (getattr(user, "last_name", ""), getattr(user, "first_name", ""))
        if part and part.strip()
    ]
    if not letters:
        letters = [(getattr(user, "email", "") or user.get_username() or "?")[0]]
    return "".join(letters).upper()


# ---------------------------------------------------------------------------- numbers


def format_number(value):
    """10000 -> "10 000" (a non-breaking space between thousands), 1234.5 -> "1 234,50"
    (a decimal comma); "" for None; anything that is not a number as it is."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return str(value)
    sign, number = ("-" if number < 0 else ""), abs(number)
    if number == number.to_integral_value():
        whole, fraction = int(number), ""
    else:
        whole_digits, decimals = f"{number:.2f}".split(".")
        whole, fraction = int(whole_digits), f",{decimals}"
    return sign + f"{whole:,}".replace(",", THOUSANDS_SEPARATOR) + fraction


def format_money(value):
    """10000 -> "10 000 Ft", the forint sign kept on the same line as the number."""
    number = format_number(value)
    return f"{number}{THOUSANDS_SEPARATOR}Ft" if number else ""


def format_phone(number):
    """A stored number (+36301234567) the way Hungarians read it: "+36 30 123 4567";
    Budapest's one-digit area code: "+36 1 234 5678". Foreign numbers stay as they are."""
    if not number or not number.startswith("+36"):
        return number or ""
    national = number[3:]
    if national.startswith("1") and len(national) == 8:
        return f"+36 1 {national[1:4]} {national[4:]}"
    if len(national) == 9:
        return f"+36 {national[:2]} {national[2:5]} {national[5:]}"
    if len(national) == 8:
        return f"+36 {national[:2]} {national[2:5]} {national[5:]}"
    return number


# ---------------------------------------------------------------------------- letters


def fold(text):
    """Lower case without accents, for matching what people type: "Érd" and "erd", "Gödöllő"
    and "godollo" fold to the same."""
    decomposed = unicodedata.normalize("NFKD", str(text or ""))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def slugify(text):
    """An ASCII slug from a Hungarian title: "Árvíztűrő tükörfúrógép" -> "arvizturo-tukorfurogep".

    Every accented Hungarian letter decomposes into its base letter and an accent, which
    Django's slugify drops; a slug with "á" would be percent-encoded (%C3%A1) in every link,
    feed and shared address."""
    return django_slugify(str(text or ""), allow_unicode=False)


# ---------------------------------------------------------------------------- alphabetical order

# The Hungarian alphabet. Double letters (cs, dzs, gy, ly, ny, sz, ty, zs) are letters of
# their own, after their first letter; a vowel with an acute accent sorts with the plain one
# (a = á, e = é, …) and the accent only breaks ties, but ö/ő and ü/ű come after o/ó and u/ú.
_ALPHABET = (
    "a b c cs d dz dzs e f g gy h i j k l ly m n ny o ö p q r s sz t ty u ü v w x y z zs"
).split()
_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET, start=1)}
_ACCENTED = {"á": "a", "é": "e", "í": "i", "ó": "o", "ő": "ö", "ú": "u", "ű": "ü"}
_DIGRAPHS = sorted((letter for letter in _ALPHABET if len(letter) > 1), key=len, reverse=True)


def _letters(word):
    """Split lower-case text into Hungarian letters: "szőlő" -> sz, ő, l, ő.

    A doubled double letter is written shortened ("ssz" for sz+sz, "ggy" for gy+gy)."""
    position = 0
    while position < len(word):
        for digraph in _DIGRAPHS:
            if word.startswith(digraph, position):
                yield digraph
                position += len(digraph)
                break
            doubled = digraph[0] + digraph
            if word.startswith(doubled, position):
                yield digraph
                yield digraph
                position += len(doubled)
                break
        else:
            yield word[position]
            position += 1


def sort_key(text):
    """A key that sorts text in Hungarian alphabetical order, as ICU's "hu" collation does
    for names: base letters first, then accents, then case. Érd < Felcsút, Cegléd < Csákvár,
    Ózd < Öttevény < Őriszentpéter (ö = ő at the first level)."""
    text = unicodedata.normalize("NFC", str(text or ""))
    primary, secondary, tertiary = [], [], []
    for letter in _letters(text.lower()):
        base = _ACCENTED.get(letter, letter)
        if base in _RANK:
            primary.append((2, _RANK[base]))
        elif base.isdigit():
            primary.append((1, int(base)))
        elif base.isalpha():
            folded = fold(base) or base
            primary.append((2, _RANK.get(folded, len(_RANK) + ord(folded[0]))))
        else:  # a space or punctuation: before every digit and letter
            primary.append((0, ord(base)))
        secondary.append(letter != base)
    for character in text:
        if character.isalpha():
            tertiary.append(character.isupper())
    return (tuple(primary), tuple(secondary), tuple(tertiary))


def compare(left, right):
    """-1, 0 or 1 by Hungarian alphabetical order (the SQLite collation of sites.apps)."""
    left_key, right_key = sort_key(left), sort_key(right)
    return (left_key > right_key) - (left_key < right_key)


# PostgreSQL's ICU collation for Hungarian; SQLite gets a collation of the same name that
# ``register_sqlite_collation`` implements with ``compare``.
COLLATION = "hu-x-icu"


class HungarianOrder(Collate):
    """``order_by(HungarianOrder("name"))``: the column in Hungarian alphabetical order.

    PostgreSQL sorts with ICU's Hungarian collation; SQLite (``make run``) with the one
    ``register_sqlite_collation`` gives each connection. Elsewhere it is the plain column."""

    def __init__(self, expression):
        super().__init__(expression, COLLATION)

    def as_sql(self, compiler, connection, **extra_context):
        if connection.vendor not in {"postgresql", "sqlite"}:
            return compiler.compile(self.source_expressions[0])
        return super().as_sql(compiler, connection, **extra_context)


def register_sqlite_collation(sender, connection, **kwargs):
    """Give a new SQLite connection the Hungarian collation (``connection_created``)."""
    if connection.vendor != "sqlite":
        return
    try:
        connection.connection.create_collation(COLLATION, compare)
    except (AttributeError, NotSupportedError):  # a connection without collations
        pass
