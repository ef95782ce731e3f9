"""Fewer queries for serving a municipal page, with Wagtail's meaning unchanged.

Every page type of a municipal site mixes this in before Wagtail's Page. Serving a page
asked the database twice per level of its path (the child, then its specific row) and
twice for its view restrictions (its ancestors, then their restrictions): with thousands
of sites on two workers, each query counts."""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import F, Value
from django.db.models.lookups import StartsWith
from wagtail.models import PageViewRestriction


class ServingShortcutsMixin:
    def route(self, request, path_components):
        # A page that takes one type of child (news index → news, events → event…) reads
        # the child as that type at once. Anything else, or a child of an unexpected type
        # left from an older tree, goes through Wagtail's own routing.
        child_models = type(self).allowed_subpage_models() if path_components else ()
        if len(child_models) == 1:
            try:
                child = child_models[0].objects.child_of(self).get(slug=path_components[0])
            except ObjectDoesNotExist:
                pass
            else:
                child._cached_parent_obj = self  # as Wagtail's route does
                return child.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_view_restrictions(self):
        # The restrictions on this page and its ancestors, in one query: an ancestor is a
        # page whose path begins this one's. An alias takes its source page's restrictions,
        # which Wagtail's own lookup resolves.
        if self.alias_of_id:
            return super().get_view_restrictions()
        return PageViewRestriction.objects.filter(StartsWith(Value(self.path), F("page__path")))
