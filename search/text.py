"""Accent folding: a citizen who types "ado" means "adó".

Neither PostgreSQL's ``hungarian`` configuration nor a default engine analyzer folds
accents, so every indexed kind carries a folded copy of its searchable text and every query
is folded the same way before it meets that copy. Hungarian's long and short vowels
(ó/ö/ő, ú/ü/ű) all fold to the plain letter, as people type them on a keyboard without
Hungarian layout.

The function itself lives in ``sites.normalise``: the page models of sites and the
services build the folded copy they index, and they may not import the search layer."""

from sites.normalise import fold

__all__ = ["fold"]
