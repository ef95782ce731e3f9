"""Wagtail's page events that make a site's cached pages stale.

Wagtail announces publishing, unpublishing, moving and deleting through signals (its public
API for them); each handler names the site whose cache it clears."""

from django.apps import apps
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

from .page_cache import invalidate_hostname, invalidate_page, invalidate_site


def _page_changed(sender, instance, **kwargs):
    invalidate_page(instance)


def _restriction_changed(sender, instance, **kwargs):
    # A section that became private must not stay in the cache for visitors.
    invalidate_page(instance.page)


def _municipality_changed(sender, instance, **kwargs):
    # Its name, contacts and active flag are on every page of its site.
    if instance.site_id:
        invalidate_site(instance.site_id)


def _page_moving(sender, instance, parent_page_before, **kwargs):
    invalidate_page(parent_page_before)


def _page_moved(sender, instance, parent_page_after, **kwargs):
    invalidate_page(parent_page_after)


def _site_setting_changed(sender, instance, created=False, **kwargs):
    # Wagtail creates a site's settings with their defaults when a page first reads them:
    # that changes nothing a visitor sees, while every edit afterwards does.
    if not created:
        invalidate_site(instance.site_id)


def _site_changing(sender, instance, **kwargs):
    # Pages cached under the host name the site is leaving must not be served any more.
    if instance.pk:
        before = Site.objects.filter(pk=instance.pk).values_list("hostname", flat=True).first()
        if before and before.lower() != instance.hostname.lower():
            invalidate_hostname(before)


def _site_changed(sender, instance, **kwargs):
    invalidate_hostname(instance.hostname)


def register_signal_handlers():
    page_published.connect(_page_changed, dispatch_uid="page_cache_published")
    page_unpublished.connect(_page_changed, dispatch_uid="page_cache_unpublished")
    for signal in (post_save, post_delete):
        signal.connect(
            _restriction_changed, sender=PageViewRestriction,
            dispatch_uid=f"page_cache_restriction_{signal is post_save}",
        )
    post_save.connect(
        _municipality_changed, sender=apps.get_model("municipal", "Municipality"),
        dispatch_uid="page_cache_municipality",
    )
    pre_page_move.connect(_page_moving, dispatch_uid="page_cache_pre_move")
    post_page_move.connect(_page_moved, dispatch_uid="page_cache_post_move")
    # Before the delete, while the page's ancestors still say which site it is on.
    pre_delete.connect(_page_changed, sender=Page, dispatch_uid="page_cache_deleted")
    for model in apps.get_models():
        if issubclass(model, BaseSiteSetting):
            post_save.connect(
                _site_setting_changed, sender=model, dispatch_uid=f"page_cache_{model._meta.label}"
            )
    pre_save.connect(_site_changing, sender=Site, dispatch_uid="page_cache_site_changing")
    post_save.connect(_site_changed, sender=Site, dispatch_uid="page_cache_site")
    post_delete.connect(_site_changed, sender=Site, dispatch_uid="page_cache_site_deleted")
