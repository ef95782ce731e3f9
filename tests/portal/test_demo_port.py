"""``make run PORT=8100``: the sites answer and link on that port, also on a re-run."""

from io import StringIO

import pytest
from wagtail.models import Site

from portal.management.commands.load_demo import Command

pytestmark = pytest.mark.django_db


def test_a_rerun_on_another_port_moves_every_site_to_it(settings, municipality_a):
    settings.SITE_PORT = 8100
    out = StringIO()

    Command(stdout=out)._bind_sites_to_port()

    assert set(Site.objects.values_list("port", flat=True)) == {8100}
    municipality_a.site.refresh_from_db()
    assert municipality_a.url == "http://alsovar.localhost:8100"
    assert "8100. porton" in out.getvalue()


def test_nothing_moves_when_the_port_is_the_same(settings, municipality_a):
    settings.SITE_PORT = 80
    out = StringIO()

    Command(stdout=out)._bind_sites_to_port()

    assert out.getvalue() == ""
