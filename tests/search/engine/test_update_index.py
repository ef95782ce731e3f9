"""``manage.py update_index`` (Wagtail's, with our progress): counts per model and a
closing line with the total and the rate."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("search_backend", ["database", "opensearch"], indirect=True)
def test_update_index_shows_progress_and_a_summary(search_backend):
    out = io.StringIO()
    call_command("update_index", "--chunk_size", "1", stdout=out)
    output = out.getvalue()

    standard_pages = Page.objects.filter(content_type__model="standardpage").count()
    assert standard_pages > 1
    # chunk by chunk, of the model's total
    assert f"\n  1/{standard_pages} (" in output
    assert f"\n  {standard_pages}/{standard_pages} (100%)" in output
    summary = output.strip().splitlines()[-1]
    assert summary.startswith(f"A keresési index újraépült: {Page.objects.count()} objektum, ")
    assert summary.endswith("/mp).")
