"""What a person types, made into what the platform stores: one module every layer calls.

The rules, and why:

* **Unstorable text is refused, not repaired.** A NUL character or a lone surrogate (half
  of a UTF-16 pair, which is not UTF-8) cannot be stored by PostgreSQL and no keyboard
  types either; they come from broken copy-paste or from a hostile client. They raise a
  ``ValidationError`` whose message says what to fix (``refuse_unstorable``); the wizard
  removes them from the draft it keeps (``strip_unstorable``) so nothing else is lost.
* **Free text is NFC, structured answers are NFKC.** NFC only composes what is the same
  letter (``a`` + combining acute → ``á``), so a name or a description keeps what the
  person wrote (``100 m²`` stays ``100 m²``). Numbers, dates, codes and identifiers are
  NFKC: fullwidth ``１２３`` becomes ``123``, a superscript ``²`` becomes ``2``, a
  no-break space a space, ``＠`` an ``@``.
* **Every decimal digit is ASCII** in a structured answer: NFKC leaves Arabic-Indic
  (``٣``), Devanagari and the other scripts' digits alone, and Python's ``\\d``,
  ``str.isdigit`` and ``int`` accept some of them and refuse others (``"²".isdigit()`` is
  true, ``int("²")`` fails), so they are mapped to ``0``–``9`` before any check.
* **Numbers are parsed as decimals**, the Hungarian way first (``parse_decimal``):

  - the decimal mark is the comma (``1,5``); a point is read as a decimal point too
    (``1.5``, ``3000.00`` from a bank statement) — never dropped, so ``1.5`` is never 15;
  - the thousands separator is a space, also a no-break or a narrow no-break space
    (``12 500``), or the point when there are two groups or more (``1.500.000``) or a
    decimal comma follows (``1.500,50``); an English ``1,500.50`` is read likewise;
  - groups after the first have exactly three digits, otherwise the answer is refused
    (``12 34`` may be two numbers);
  - a single point followed by exactly three digits (``10.000``) is **refused as
    ambiguous**: in Hungarian writing it is ten thousand, from an English source it is
    ten. Asking costs the person one correction; guessing stores a wrong amount. An amount
    in forints (``currency``) is the exception: it never has three decimals, so
    ``10.000 Ft`` is ten thousand.

  Where a whole number is required (``parse_whole``: counts, forints, which have no
  fillér since 1999) a fraction is refused with a message; ``3000,00`` is 3000.
* **Indexes and ids from a post are ASCII digits only** (``parse_index``): they are not
  typed by a person, so anything else is refused rather than normalised.
"""

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

__all__ = [
    "NumberFormatError",
    "FOLDED_ENDINGS",
    "ascii_digits",
    "fold",
    "fold_for_index",
    "has_unstorable",
    "parse_decimal",
    "parse_index",
    "parse_whole",
    "refuse_unstorable",
    "strip_folded_ending",
    "strip_unstorable",
    "structured",
    "text",
]

# A number longer than this is not typed by a person; refusing it early keeps the regular
# expressions below cheap on a hostile megabyte.
MAX_NUMBER_LENGTH = 40
CURRENCY_SUFFIXES = re.compile(r"\s*(ft\.?|huf|forint)\s*$", re.IGNORECASE)
CURRENCY_PREFIXES = re.compile(r"^\s*(huf)\s*", re.IGNORECASE)
_ASCII_INDEX = re.compile(r"[0-9]{1,9}")


def unstorable_message():
    return _(
        "This answer contains a character that cannot be stored (an invisible control "
        "character or a broken one, e.g. from a copied text). Delete it and type the text again."
    )


def has_unstorable(value):
    """NUL, or a lone surrogate (not valid UTF-8): PostgreSQL can store neither."""
    if "\x00" in value:
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def refuse_unstorable(value):
    if has_unstorable(value):
        raise ValidationError(unstorable_message(), code="unstorable")
    return value


def _drop_unstorable(value):
    value = value.replace("\x00", "")
    return value.encode("utf-8", "ignore").decode("utf-8")


def strip_unstorable(data):
    """(data, paths): the answers without NUL and lone surrogates in any string (keys
    included), and the top-level keys where some were found — to keep a draft storable and
    tell the person where, losing nothing else they typed."""
    found = set()

    def walk(value, top):
        if isinstance(value, str):
            if has_unstorable(value):
                found.add(top)
                return _drop_unstorable(value)
            return value
        if isinstance(value, dict):
            return {walk(k, top): walk(v, top) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [walk(item, top) for item in value]
        return value

    if not isinstance(data, dict):
        return walk(data, None), found
    cleaned = {}
    for key, value in data.items():
        top = _drop_unstorable(key) if isinstance(key, str) else key
        if top != key:
            found.add(top)
        cleaned[top] = walk(value, top)
    return cleaned, found


def ascii_digits(value):
    """Every Unicode decimal digit (category Nd) as its ASCII digit."""
    if value.isascii():
        return value
    return "".join(
        str(unicodedata.decimal(char)) if unicodedata.category(char) == "Nd" else char
        for char in value
    )


def text(value):
    """Free text as stored: NFC, stripped; ValidationError if it cannot be stored."""
    refuse_unstorable(value)
    return unicodedata.normalize("NFC", value).strip()


def structured(value):
    """A number, date, code or identifier as stored: NFKC, ASCII digits, single spaces,
    stripped; ValidationError if it cannot be stored."""
    refuse_unstorable(value)
    value = ascii_digits(unicodedata.normalize("NFKC", value))
    # NFKC makes no-break and thin spaces plain spaces; tabs and newlines join them here.
    value = re.sub(r"\s+", " ", value)
    # A minus sign (U+2212) and the dashes are what word processors put for a hyphen.
    value = re.sub("[\u2010-\u2015\u2212]", "-", value)
    return value.strip()


def parse_index(value):
    """A row index or id posted by the page itself: ASCII digits only, else None."""
    if isinstance(value, str) and _ASCII_INDEX.fullmatch(value):
        return int(value)
    return None


class NumberFormatError(ValidationError):
    pass


def _number_error(message=None):
    return NumberFormatError(
        message or _("Write a number, e.g. 12 500 or 12,5."), code="number_format"
    )


def _ambiguous_error(value):
    return NumberFormatError(
        _(
            "We cannot tell whether “%(value)s” has a thousands separator or a decimal point. "
            "Write it without the point (e.g. 10000 or 10 000), or with a decimal comma "
            "(e.g. 10,5)."
        )
        % {"value": value},
        code="number_ambiguous",
    )


def _grouped(integer_part, separator):
    """The digits of an integer part grouped by ``separator`` in threes, or None."""
    groups = integer_part.split(separator)
    if not re.fullmatch(r"[0-9]{1,3}", groups[0]):
        return None
    if not all(re.fullmatch(r"[0-9]{3}", group) for group in groups[1:]):
        return None
    return "".join(groups)


def parse_decimal(value, *, currency=False, message=None):
    """The ``Decimal`` a person meant by ``value`` (see the module's rules), or
    ``NumberFormatError``. ``currency`` allows a forint sign (``Ft``, ``HUF``)."""
    if isinstance(value, bool):
        raise _number_error(message)
    if isinstance(value, int):
        return Decimal(value)
    if not isinstance(value, str):
        raise _number_error(message)
    if len(value) > MAX_NUMBER_LENGTH * 4:
        raise _number_error(message)
    written = structured(value)
    if currency:
        written = CURRENCY_PREFIXES.sub("", CURRENCY_SUFFIXES.sub("", written))
    if len(written) > MAX_NUMBER_LENGTH or not written:
        raise _number_error(message)
    sign = ""
    if written[0] in "+-":
        sign, written = ("-" if written[0] == "-" else ""), written[1:].lstrip()
    if not re.fullmatch(r"[0-9 .,]+", written) or not written[0].isdigit():
        raise _number_error(message)

    commas, points = written.count(","), written.count(".")
    if commas and points:
        # Both: the last one is the decimal mark and the other groups thousands.
        mark = "," if written.rfind(",") > written.rfind(".") else "."
        group = "." if mark == "," else ","
        if written.count(mark) != 1:
            raise _number_error(message)
        integer_part, fraction = written.split(mark)
    elif commas > 1 or points > 1:
        # 1.500.000 or 1,500,000: only thousands groups.
        group = "," if commas else "."
        integer_part, fraction = written, ""
    elif commas or points:
        mark = "," if commas else "."
        integer_part, fraction = written.split(mark)
        group = ""
        if mark == "." and len(fraction) == 3 and re.fullmatch(r"[1-9][0-9]{0,2}", integer_part):
            if not currency:
                raise _ambiguous_error(value.strip())
            # A forint amount has at most two decimals (fillér), so 10.000 Ft is ten thousand.
            integer_part, fraction, group = f"{integer_part}.{fraction}", "", "."
    else:
        integer_part, fraction, group = written, "", ""

    if not re.fullmatch(r"[0-9]*", fraction) or (fraction == "" and written[-1] in ",."):
        raise _number_error(message)
    if " " in integer_part:
        if group:  # spaces and points (or commas) as thousands separators at once
            raise _number_error(message)
        digits = _grouped(integer_part, " ")
    elif group:
        digits = _grouped(integer_part, group)
    else:
        digits = integer_part if re.fullmatch(r"[0-9]+", integer_part) else None
    if digits is None:
        raise _number_error(message)
    try:
        return Decimal(f"{sign}{digits}.{fraction or '0'}")
    except InvalidOperation:  # pragma: no cover - the text was checked digit by digit
        raise _number_error(message) from None


def parse_whole(value, *, currency=False, message=None):
    """An ``int`` from what a person typed; a fraction (``1,5``) is refused with a message
    that says a whole number is needed, a zero fraction (``3000,00``) is taken."""
    number = parse_decimal(value, currency=currency, message=message)
    if number != number.to_integral_value():
        raise NumberFormatError(
            message
            or _("Write a whole number, e.g. 12; %(value)s has a fraction.")
            % {"value": str(value).strip()},
            code="not_whole",
        )
    return int(number)


def fold(value):
    """Lower-case ``value`` without its diacritics: "Helyi adók, ŐSZ" -> "helyi adok, osz".

    What a citizen types without a Hungarian keyboard ("ado") is what the search index
    keeps beside every text (``sites.searchables``): Hungarian's long and short vowels
    (ó/ö/ő, ú/ü/ű) all fold to the plain letter. It lives here, at the bottom layer, so
    that the page models of sites and the services index the same folded copy that the
    search layer folds a query into (``search.text.fold`` is this function)."""
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFKD", str(value))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


# Case endings whose accented letters folding removes, as they look folded: -ról/-ről,
# -ból/-ből, -tól/-től (and the spoken -rul/-bul/-tul), -nál/-nél, -ért, -ként. The
# Snowball Hungarian stemmer knows them only with their accents, so "adókról" stems to
# "adó" while the folded "adokrol" stays "adokrol". Endings without an accent (-ban,
# -nak, -val …) the stemmer strips from the folded word too.
FOLDED_ENDINGS = ("kent", "rol", "rul", "bol", "bul", "tol", "tul", "nal", "nel", "ert")
# A stem shorter than this is not a word worth searching for ("tol" in "kontroll").
MIN_STEM = 3


def strip_folded_ending(word):
    """``word`` (folded) without a folded case ending, or ``word`` itself."""
    for ending in FOLDED_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


def fold_for_index(value):
    """The folded copy a search index keeps: :func:`fold`, followed by each folded word
    that loses a folded case ending, without it ("adokrol" adds "adok"). The stemmer makes
    "adok" what it makes of "ado" ("ad"), so a page whose only form is "adókról" is found
    by "ado" typed without accents, which its folded "adokrol" never met."""
    folded = fold(value)
    if not folded:
        return ""
    stripped = []
    seen = set()
    for word in re.findall(r"\w+", folded):
        bare = strip_folded_ending(word)
        if bare != word and bare not in seen:
            seen.add(bare)
            stripped.append(bare)
    return f"{folded} {' '.join(stripped)}" if stripped else folded
