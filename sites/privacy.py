"""Who may see a municipality's private pages and private documents.

Wagtail's "private, logged-in users" restriction admits any account of the installation:
every citizen of the portal and the staff of 3,200 other municipalities. On this platform
it means the staff of the municipality that owns the page (or the document's collection):
an active membership there, or an operator. A "specific groups" restriction asks the same
on top of the groups, since the group list of the admin offers every municipality's groups.

Wagtail's own checks stay in place and run as well (its ``on_serve_page`` and
``before_serve_document`` hooks): a visitor who is not logged in is still sent to the
login page. The narrower rule is added beside them (``sites.wagtail_hooks``) rather than
by replacing the restriction type with one of our own, so the admin's privacy modal,
``sites.visibility``, the page cache's invalidation and Wagtail's private-page markers
all keep working on the stored restrictions unchanged."""

from django.db.models import F, Value
from django.db.models.lookups import StartsWith
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from wagtail.models import BaseViewRestriction

from .models import Municipality, StaffMembership

STAFF_ONLY_TYPES = (BaseViewRestriction.LOGIN, BaseViewRestriction.GROUPS)


def municipality_of_page(page):
    """The municipality whose page tree holds the page, or None (the portal's pages)."""
    return Municipality.objects.filter(
        StartsWith(Value(page.path), F("root_page__path"))
    ).first()


def municipality_of_collection(collection):
    """The municipality whose media collection holds (or is) the collection, or None."""
    return Municipality.objects.filter(
        StartsWith(Value(collection.path), F("collection__path"))
    ).first()


def is_staff_of(user, municipality):
    """Works for the municipality now (an active membership), or is an operator."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if municipality is None:
        return False
    return (
        StaffMembership.objects.for_municipality(municipality)
        .filter(user=user, is_active=True)
        .exists()
    )


def is_staff_only(restrictions):
    return any(r.restriction_type in STAFF_ONLY_TYPES for r in restrictions)


def refusal(request, municipality):
    """The answer to a logged-in visitor who is not this municipality's staff: 403.

    Not the login page (they are logged in, and logging in again would change nothing),
    and never cached: it depends on who asks."""
    response = render(
        request,
        "sites/private_content_refused.html",
        {"owner": municipality},
        status=403,
    )
    add_never_cache_headers(response)
    return response
