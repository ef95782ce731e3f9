"""Tenancy: which municipality a request is for, and the base every municipal record uses.

A record that belongs to a municipality inherits :class:`TenantOwnedModel`. Its default
manager refuses to run a query until the query says whose data it wants —
``for_municipality(m)``, ``for_request(request)``, ``for_user(user)``, a filter on
``municipality`` — or explicitly gives up the scope with ``unscoped()`` (provider operators'
tools and management commands). Forgetting the scope is therefore an exception in the
first test that touches the code, not a silent leak between municipalities.
"""

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site


class UnscopedQueryError(RuntimeError):
    """A tenant-owned model was queried without saying for which municipality."""


def _is_municipality_lookup(key):
    return key.split("__", 1)[0] in {"municipality", "municipality_id"}


class TenantQuerySet(models.QuerySet):
    _tenant_scoped = False

    def _clone(self):
        clone = super()._clone()
        clone._tenant_scoped = self._tenant_scoped
        return clone

    def _scoped(self):
        clone = self._chain()
        clone._tenant_scoped = True
        return clone

    # -- ways to say whose data this is

    def for_municipality(self, municipality):
        return self.filter(municipality=municipality)

    def for_municipalities(self, municipalities):
        return self.filter(municipality__in=municipalities)

    def for_request(self, request):
        """The records of the municipality whose site the request is for (none on the portal)."""
        municipality = municipality_for_request(request)
        if municipality is None:
            return self.none()
        return self.for_municipality(municipality)

    def for_user(self, user):
        """The records of every municipality the user works for; everything for operators."""
        if user.is_superuser:
            return self.unscoped()
        Municipality = apps.get_model("municipal", "Municipality")
        return self.for_municipalities(Municipality.objects.for_staff(user))

    def of_person(self, user, field):
        """A citizen's own records in every municipality they deal with: the person named by
        ``field`` ("owner", "payer", …) is the scope instead of a municipality. Nothing for
        a visitor who is not logged in."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(**{field: user})._scoped()

    def none(self):
        # Nothing at all belongs to no municipality: an empty result needs no scope.
        return super().none()._scoped()

    def unscoped(self):
        """Across all municipalities: only for provider operators and their commands."""
        return self._scoped()

    def _filter_or_exclude(self, negate, args, kwargs):
        clone = super()._filter_or_exclude(negate, args, kwargs)
        if not negate and any(_is_municipality_lookup(key) for key in kwargs):
            clone._tenant_scoped = True
        return clone

    # -- the guard, at every point where a query reaches the database

    def _check_scope(self):
        if not self._tenant_scoped:
            raise UnscopedQueryError(
                f"{self.model.__name__} belongs to a municipality: scope the query with "
                "for_municipality(), for_request(), for_user() or, for operators, unscoped()."
            )

    def _fetch_all(self):
        if self._result_cache is None:
            self._check_scope()
        super()._fetch_all()

    def iterator(self, *args, **kwargs):
        self._check_scope()
        return super().iterator(*args, **kwargs)

    def count(self):
        self._check_scope()
        return super().count()

    def exists(self):
        self._check_scope()
        return super().exists()

    def aggregate(self, *args, **kwargs):
        self._check_scope()
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs):
        self._check_scope()
        return super().update(**kwargs)

    def delete(self):
        self._check_scope()
        return super().delete()


TenantManager = models.Manager.from_queryset(TenantQuerySet, "TenantManager")


class TenantOwnedModel(models.Model):
    """Base for every record that belongs to one municipality."""

    municipality = models.ForeignKey(
        "municipal.Municipality",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("municipality"),
    )

    objects = TenantManager()

    class Meta:
        # Django's internals (saving, cascading deletes, forward relations) use the plain
        # base manager: they act on records that were already reached through the scope.
        abstract = True


_REQUEST_CACHE_ATTR = "_varoshaza_municipality"


def remember_municipality(request, municipality):
    """Tell the request its municipality (sites.site_context knows it already)."""
    setattr(request, _REQUEST_CACHE_ATTR, municipality)


def municipality_for_request(request):
    """The municipality whose site serves this request, or None for the portal/unknown hosts.

    Cached on the request: the middleware, views and templates ask many times."""
    if not hasattr(request, _REQUEST_CACHE_ATTR):
        municipality = None
        site = Site.find_for_request(request)
        if site is not None:
            Municipality = apps.get_model("municipal", "Municipality")
            municipality = Municipality.objects.filter(site=site).first()
        setattr(request, _REQUEST_CACHE_ATTR, municipality)
    return getattr(request, _REQUEST_CACHE_ATTR)


def pages_for_user(pages, user):
    """Narrow a page queryset to the page trees of the municipalities where the user's role
    gives them rights in the tree (an officer of B who edits A's pages sees A's tree only)."""
    if user.is_superuser:
        return pages
    from .access import municipalities_with_pages

    root_paths = Page.objects.filter(
        pk__in=municipalities_with_pages(user).values("root_page_id")
    ).values_list("path", flat=True)
    condition = models.Q()
    for path in root_paths:
        condition |= models.Q(path__startswith=path)
    if not condition:
        return pages.none()
    return pages.filter(condition)
