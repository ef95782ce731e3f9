"""The fleet console's demo: one legal-change notice to every municipality, naming the
building and land tax return templates, read by Eger's officer (the site admin has not
read it yet, so Eger's admin shows it on the home page). Made once, by its title."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from services.forms.models import FormTemplate
from sites.actor import Actor, Channel

from . import notices
from .models import Audience, LegalNotice

TITLE = "Demó: az építmény- és telekadó-bevallás sablonjának új verziója"
BODY = (
    "Ez a demó értesítés kitalált változást ír le; valódi jogszabályt nem idéz.\n\n"
    "A szolgáltató kiadta az ADO-002 (építményadó-bevallás) és az ADO-003 (telekadó-bevallás) "
    "központi sablon új verzióját: a kitöltési útmutató szövege pontosabb lett, a kérdések "
    "nem változtak.\n\n"
    "Teendő: az Űrlapok menüben nyissa meg a két űrlapot, és vegye át az új verziót. A saját "
    "kiegészítései megmaradnak."
)


def load_demo(municipality, stdout=None):
    if LegalNotice.objects.filter(title=TITLE).exists():
        return
    users = get_user_model().objects
    operator = users.filter(username="operator").first()
    officer = users.filter(username="ugyintezo").first()
    if operator is None:
        return
    notice = notices.send_notice(
        actor=Actor(user=operator, channel=Channel.ADMIN),
        title=TITLE,
        body=BODY,
        audience=Audience.ALL,
        templates=FormTemplate.objects.filter(code__in=["ADO-002", "ADO-003"]),
        now=timezone.now() - datetime.timedelta(days=2),
    )
    if officer is not None:
        notices.open_notice(officer, notice.pk, now=timezone.now() - datetime.timedelta(days=1))
    if stdout is not None:
        _read, sent = notices.read_share(notice)
        stdout.write(f"Fleet: a legal-change notice to {sent} municipalities.")
