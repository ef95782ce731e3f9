"""Accent folding: a citizen who types "ado" means "adó".

Neither PostgreSQL's ``hungarian`` configuration nor a default engine analyzer folds
accents, so every indexed kind carries a folded copy of its searchable text and every query
is folded the same way before it meets that copy. Hungarian's long and short vowels
(ó/ö/ő, ú/ü/ű) all fold to the plain letter, as people type them on a keyboard without
Hungarian layout.

The function itself lives in ``sites.normalise``: the page models of sites and the
services build the folded copy they index, and they may not import the search layer.

Folding costs the stemmer its suffixes: the Snowball Hungarian stemmer knows "-ról",
"-ből", "-nál" only with their accents, so "adókról" stems to "adó" but the folded
"adokrol" stays "adokrol", and the folded "adokrul" (the spoken "-rul" for "-ról") loses
only "-ul" ("adokr"). :func:`query_forms` therefore adds a third form of the query whose
words lose such a folded ending ("adokrol" -> "adok", which the stemmer makes "ad", as it
makes the folded copy's "adok" of "adók")."""

from sites.normalise import FOLDED_ENDINGS, fold, fold_for_index, strip_folded_ending

__all__ = ["FOLDED_ENDINGS", "fold", "fold_for_index", "query_forms", "strip_folded_ending"]


def query_forms(text):
    """The forms a query is searched in, each a whole query, without repeats: as typed
    (the stemmer), folded (the folded copy), folded without case endings."""
    folded = fold(text)
    stripped = " ".join(strip_folded_ending(word) for word in folded.split())
    forms = []
    for form in (text, folded, stripped):
        if form and form.casefold() not in {f.casefold() for f in forms}:
            forms.append(form)
    return forms
