"""The search layer's own tables: the public records of services that have no page of
their own, and the query log of every site."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.search import index


class SearchRecord(index.Indexed, models.Model):
    """A public record a service publishes through a ``sites.searchables.RecordKind``
    (the trade register's entries): what its public serializer says, folded too.

    One table and one index for every municipality, the municipality a filter field. Not a
    ``TenantOwnedModel``: the fleet's search reads across municipalities, and nothing here
    is private — a record is only ever built from a public serializer."""

    municipality = models.ForeignKey(
        "municipal.Municipality", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=100)
    title = models.CharField(max_length=255)
    text = models.TextField(blank=True)
    folded = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    date = models.DateField(null=True, blank=True)

    search_fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.SearchField("text"),
        index.SearchField("folded"),
        index.FilterField("municipality"),
        index.FilterField("kind"),
        index.FilterField("date"),
    ]

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "municipality", "key"], name="search_record_unique_key"
            )
        ]

    def __str__(self):
        return self.title


class QueryLog(models.Model):
    """One search on a site: the folded query, how many results, when. Nothing about who
    searched — no account, no address, no session."""

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    query = models.CharField(_("query"), max_length=200)
    results = models.PositiveIntegerField(_("results"))
    searched_at = models.DateTimeField(_("searched at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("search")
        verbose_name_plural = _("searches")
        indexes = [models.Index(fields=["site", "searched_at"], name="search_log_site_time")]

    def __str__(self):
        return self.query
