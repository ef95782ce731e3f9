"""The engine's indexes as configured (portal.settings.search): prefixed names behind
aliases, Hungarian analysis as the index default, and rebuilds that keep the old index
answering until the new one is complete. Engine only: the database backend has no
analyzer settings or aliases (its rebuild is one transaction)."""

import pytest
from wagtail.models import Page

from .conftest import ENGINES
from .helpers import add_page, found

pytestmark = pytest.mark.django_db

engines = pytest.mark.parametrize("search_backend", ENGINES, indirect=True)


def page_index(backend):
    return backend.get_index_for_model(Page)


@engines
def test_the_page_index_is_prefixed_and_an_alias(search_backend, worker_id):
    index = page_index(search_backend)

    assert index.name == f"test_{worker_id}_wagtailcore_page"
    assert index.is_alias()
    [concrete] = index.aliased_indices()
    assert concrete.name.startswith(index.name + "_")


@engines
def test_the_hungarian_analyzer_is_the_index_default(search_backend):
    es = search_backend.es
    name = page_index(search_backend).aliased_indices()[0].name

    analysis = es.indices.get_settings(index=name)[name]["settings"]["index"]["analysis"]

    default = analysis["analyzer"]["default"]
    assert default["tokenizer"] == "standard"
    assert {"lowercase", "hungarian_stop", "hungarian_stemmer", "asciifolding"} <= set(
        default["filter"]
    )
    assert analysis["filter"]["hungarian_stemmer"]["language"] == "hungarian"
    assert analysis["filter"]["hungarian_stop"]["stopwords"] == "_hungarian_"
    # Wagtail's own analyzers (autocomplete) are kept beside it
    assert "edgengram_analyzer" in analysis["analyzer"]


def tokens(backend, text):
    name = page_index(backend).aliased_indices()[0].name
    if backend.use_new_elasticsearch_api:
        answer = backend.es.indices.analyze(index=name, text=text)
    else:
        answer = backend.es.indices.analyze(index=name, body={"text": text})
    return {token["token"] for token in answer["tokens"]}


@engines
def test_accents_suffixes_and_stop_words_meet_in_the_analyzer(search_backend):
    # osmem does not apply an index's default analyzer to mapped fields (Elasticsearch and
    # OpenSearch do), so what a field search would match is checked on the analyzer itself.
    assert tokens(search_backend, "ado") & tokens(search_backend, "adó")
    assert tokens(search_backend, "ado") & tokens(search_backend, "Helyi adókról")
    assert tokens(search_backend, "adókról") & tokens(search_backend, "adó")
    assert tokens(search_backend, "epitesi") & tokens(search_backend, "Építési engedély")
    assert tokens(search_backend, "az és a") == set()


@engines
def test_a_rebuild_answers_from_the_old_index_until_the_new_one_is_complete(
    search_backend, municipality_a
):
    add_page(municipality_a, "Zqxbcitrom rendelet")
    alias = page_index(search_backend)
    [old] = alias.aliased_indices()

    # when a rebuild has started and is half way (pages put in, not yet finished)
    rebuilder = search_backend.rebuilder_class(alias)
    new = rebuilder.start()
    new.add_model(Page)

    # then searches still go to the old, complete index
    assert [index.name for index in alias.aliased_indices()] == [old.name]
    assert found(search_backend, "zqxbcitrom") == {"Zqxbcitrom rendelet"}

    # when the new index is complete and the rebuild finishes
    for model in {type(page) for page in Page.objects.specific()}:
        new.add_items(model, list(model.get_indexed_objects()))
    rebuilder.finish()

    # then the alias moved to it and the old index is gone
    assert [index.name for index in alias.aliased_indices()] == [new.name]
    assert not search_backend.es.indices.exists(index=old.name)
    assert found(search_backend, "zqxbcitrom") == {"Zqxbcitrom rendelet"}
