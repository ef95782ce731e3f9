"""One visitor's answer to "Was this page useful?". Nothing about the visitor is stored:
no address, no session, no account — the rate limit counts a hash in the cache
(sites.ratelimits), never here."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sites.tenancy import TenantOwnedModel

COMMENT_MAX_LENGTH = 1000


class PageVote(TenantOwnedModel):
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("page"),
    )
    helpful = models.BooleanField(_("useful"))
    comment = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)
    # An abusive comment hidden from the report by the site's staff: the vote still counts,
    # the text stays stored so that hiding can be undone (services.hide_comment/show_comment;
    # each change is also on Wagtail's audit log).
    hidden_at = models.DateTimeField(_("comment hidden at"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("comment hidden by"),
    )

    class Meta:
        verbose_name = _("page feedback")
        verbose_name_plural = _("page feedback")
        indexes = [models.Index(fields=["municipality", "page", "created_at"])]

    def __str__(self):
        return f"{self.page_id}: {'+' if self.helpful else '-'}"
