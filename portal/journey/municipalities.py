"""Choosing a municipality on the portal: an accent-insensitive search by name or postal
code, and the choice remembered in the session and (for anonymous visitors) a cookie."""

import unicodedata

from django.core import signing

from sites.models import Municipality

from .constants import MUNICIPALITY_COOKIE, MUNICIPALITY_COOKIE_AGE, SESSION_MUNICIPALITY

COOKIE_SALT = "portal.journey.municipality"


def fold(text):
    """Lower case without accents: "Gödöllő" and "godollo" fold to the same."""
    decomposed = unicodedata.normalize("NFKD", str(text or ""))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def search(query, limit=50):
    """Active municipalities whose name contains the query (accents and case aside), or
    whose postal code starts with it; names that start with the query come first.

    Folded in Python, not in SQL: SQLite (``make run``) has no unaccent, and the whole
    list is a few thousand short rows."""
    query = fold(query)[:100]
    if not query:
        return []
    rows = Municipality.objects.active().values_list("pk", "name", "postal_code")
    if query.isdigit():
        found = [(name, pk) for pk, name, postal in rows if postal.startswith(query)]
        found.sort(key=lambda item: fold(item[0]))
    else:
        found = []
        for pk, name, _postal in rows:
            folded = fold(name)
            position = folded.find(query)
            if position >= 0:
                found.append(((position != 0, folded), pk))
        found.sort()
    ids = [pk for _key, pk in found[:limit]]
    by_id = Municipality.objects.select_related("site").in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


def active_municipality(slug):
    return Municipality.objects.active().select_related("site").filter(slug=slug).first()


def chosen_municipality(request):
    """The municipality the visitor chose earlier: the session's, else the cookie's."""
    slug = request.session.get(SESSION_MUNICIPALITY)
    if not slug:
        try:
            slug = signing.loads(
                request.COOKIES.get(MUNICIPALITY_COOKIE, ""),
                salt=COOKIE_SALT,
                max_age=MUNICIPALITY_COOKIE_AGE,
            )
        except signing.BadSignature:
            slug = None
    return active_municipality(slug) if isinstance(slug, str) and slug else None


def remember(request, response, municipality):
    request.session[SESSION_MUNICIPALITY] = municipality.slug
    response.set_cookie(
        MUNICIPALITY_COOKIE,
        signing.dumps(municipality.slug, salt=COOKIE_SALT),
        max_age=MUNICIPALITY_COOKIE_AGE,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=True,
    )
    return response


def forget(request, response):
    request.session.pop(SESSION_MUNICIPALITY, None)
    response.delete_cookie(MUNICIPALITY_COOKIE, samesite="Lax")
    return response
