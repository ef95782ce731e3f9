"""Accent folding: a citizen who types "ado" means "adó".

Neither PostgreSQL's ``hungarian`` configuration nor a default engine analyzer folds
accents, so every indexed kind carries a folded copy of its searchable text and every query
is folded the same way before it meets that copy. Hungarian's long and short vowels
(ó/ö/ő, ú/ü/ű) all fold to the plain letter, as people type them on a keyboard without
Hungarian layout."""

import unicodedata


def fold(text):
    """Lower-case ``text`` without its diacritics: "Helyi adók, ŐSZ" -> "helyi adok, osz"."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
