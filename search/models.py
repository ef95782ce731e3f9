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


class SearchWord(models.Model):
    """A word of the public texts the index holds, with its folded form: the vocabulary
    "did you mean" compares a misspelt word with (``search.words``), by trigrams on the
    folded form (a GIN ``gin_trgm_ops`` index, PostgreSQL only, ``search.0002``). A word
    is offered only where a :class:`SearchWordUse` says a municipality's public text has
    it: a word of nobody's public text is never suggested."""

    word = models.CharField(max_length=100, unique=True)
    folded = models.CharField(max_length=100)

    def __str__(self):
        return self.word


class SearchWordUse(models.Model):
    """The municipality's public pages or records contain the word."""

    word = models.ForeignKey(SearchWord, on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(
        "municipal.Municipality", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["municipality", "word"], name="search_word_use_unique")
        ]

    def __str__(self):
        return f"{self.word_id}@{self.municipality_id}"
