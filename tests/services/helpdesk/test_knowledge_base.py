"""The knowledge base of the admin's help menu: found with or without accents, every word
of the query counted, unpublished articles never shown."""

import pytest
from django.urls import reverse

from services.helpdesk import services as helpdesk
from services.helpdesk.demo import load_knowledge_base
from services.helpdesk.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles():
    load_knowledge_base()
    Article.objects.create(
        slug="piszkozat", title="Határidő piszkozat", category="other", body="x", published=False
    )


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("határidő", "ugyintezesi-hatarido"),
        ("hatarido", "ugyintezesi-hatarido"),
        ("HATÁRIDEJÉT", "ugyintezesi-hatarido"),
        ("urlapsablon", "urlapsablon-atvetele"),
        ("sablon átvétel", "urlapsablon-atvetele"),
        ("kozzetetel oldal", "oldal-kozzetetele"),
    ],
)
def test_search_with_and_without_accents(articles, query, slug):
    found = [a.slug for a in helpdesk.search_articles(query)]
    assert found[0] == slug


def test_every_word_must_match_and_drafts_stay_hidden(articles):
    assert helpdesk.search_articles("hatarido zqxbnincsilyen") == []
    assert "piszkozat" not in [a.slug for a in helpdesk.search_articles("piszkozat")]
    assert helpdesk.search_articles("a\x00b") == []


def test_the_help_menu_s_knowledge_base_page(client, articles, officer_a):
    client.force_login(officer_a)
    page = client.get(reverse("helpdesk_admin:knowledge_base"), {"q": "hatarido"})
    assert page.status_code == 200
    assert "Hogyan kezeljem egy ügy ügyintézési határidejét?" in page.content.decode()
    article = Article.objects.get(slug="ugyintezesi-hatarido")
    shown = client.get(reverse("helpdesk_admin:article", args=[article.pk])).content.decode()
    assert "Hiánypótlás kérése" in shown
    hidden = Article.objects.get(slug="piszkozat")
    assert client.get(reverse("helpdesk_admin:article", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("helpdesk_admin:knowledge_base"), {"q": "x" * 500}).status_code == 200
