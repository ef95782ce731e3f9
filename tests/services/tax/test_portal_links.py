"""The link between a taxpayer and a portal account (an officer confirms it from the
account's verified identity; proposals by name and the date of birth the adóazonosító jel
carries) and the delivery of assessment decisions to the linked account's mailbox, with
the print batch as the fallback and isolation between municipalities."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import CitizenProfile
from portal.affairs import services as affairs
from portal.affairs.models import MailboxMessage
from services.documents.constants import AuditAction
from services.documents.models import AuditEvent, Document
from services.tax import services as tax
from services.tax.constants import DeliveryChannel, PropertyKind
from services.tax.models import (
    AssessmentDecision,
    DecisionDelivery,
    DecisionRouting,
    DeliveryOutcome,
    LinkBasis,
    PortalLink,
)
from sites.actor import Actor
from sites.constants import StaffRole
from tests.factories.tax import organisation, person, tax_id_born
from tests.services.tax.test_assessment import _decree, _own, _run

pytestmark = pytest.mark.django_db

D = datetime.date
BORN = D(1970, 5, 17)


def citizen(django_user_model, username, family="Albert", given="Anna", born=BORN, verified=True):
    user = django_user_model.objects.create_user(username, password="x")
    CitizenProfile.objects.create(
        user=user,
        family_name=family,
        given_name=given,
        date_of_birth=born,
        identification_method="ugyfelkapu_plus",
        assurance_level="substantial",
        last_identified_at=timezone.now() if verified else None,
    )
    return user


def anna_in(municipality, serial=1, **fields):
    return person(municipality, "Albert", "Anna", identifier=tax_id_born(BORN, serial), **fields)


@pytest.fixture
def anna_user(django_user_model):
    return citizen(django_user_model, "albert.anna")


@pytest.fixture
def officer(officer_a, municipality_a):
    return Actor(user=officer_a, municipality=municipality_a, channel="admin")


def test_an_officer_links_a_taxpayer_whose_verified_identity_matches(
    municipality_a, anna_user, officer, officer_a
):
    anna = anna_in(municipality_a)

    link = tax.link_taxpayer(anna, anna_user, actor=officer)

    assert (link.taxpayer, link.user, link.linked_by) == (anna, anna_user, officer_a)
    assert link.basis == LinkBasis.IDENTITY and link.linked_at is not None
    assert link.matched["register"]["date_of_birth"] == "1970-05-17"
    assert link.matched["identity"]["method"] == "ugyfelkapu_plus"
    assert tax.linked_user(anna) == anna_user
    assert list(tax.links_of(anna_user)) == [link]


@pytest.mark.parametrize(
    "identity, message",
    [
        ({"family": "Albert", "given": "Anna", "born": D(1970, 5, 18)}, "születési"),
        ({"family": "Alberth", "given": "Anna", "born": BORN}, "családi név"),
        ({"family": "Albert", "given": "Anna", "born": BORN, "verified": False}, "KAÜ"),
    ],
)
def test_a_link_is_refused_in_hungarian_when_the_identity_does_not_match(
    municipality_a, django_user_model, officer, identity, message
):
    anna = anna_in(municipality_a)
    user = citizen(django_user_model, "valaki", **identity)

    with pytest.raises(tax.TaxError, match=message):
        tax.link_taxpayer(anna, user, actor=officer)
    assert not PortalLink.objects.for_municipality(municipality_a).exists()


def test_names_match_regardless_of_case_and_spacing(municipality_a, django_user_model, officer):
    anna = anna_in(municipality_a)
    user = citizen(django_user_model, "kisbetus", family="ALBERT", given=" anna ")

    assert tax.link_taxpayer(anna, user, actor=officer).user == user


def test_one_account_per_taxpayer_and_an_organisation_is_never_linked(
    municipality_a, anna_user, django_user_model, officer, officer_a
):
    anna = anna_in(municipality_a)
    other_anna = anna_in(municipality_a, serial=7)
    twin = citizen(django_user_model, "albert.anna2")
    kft = organisation(municipality_a)
    link = tax.link_taxpayer(anna, anna_user, actor=officer)

    with pytest.raises(tax.TaxError, match="már össze van kapcsolva"):
        tax.link_taxpayer(anna, twin, actor=officer)
    with pytest.raises(tax.TaxError, match="másik adózójával"):
        tax.link_taxpayer(other_anna, anna_user, actor=officer)
    with pytest.raises(tax.TaxError, match="magánszemély"):
        tax.link_taxpayer(kft, anna_user, actor=officer)

    with pytest.raises(tax.TaxError, match="okát"):
        tax.end_link(link, reason=" ", actor=officer)
    tax.end_link(link, reason="Téves összekapcsolás", actor=officer)
    assert tax.linked_user(anna) is None
    ended = PortalLink.objects.for_municipality(municipality_a).get(pk=link.pk)
    assert (ended.ended_by, ended.end_reason) == (officer_a, "Téves összekapcsolás")
    # The account may now be linked again (to the right record).
    assert tax.link_taxpayer(anna, twin, actor=officer).user == twin


def test_accounts_matching_name_and_birth_date_are_proposed_for_the_officer_to_confirm(
    municipality_a, anna_user, django_user_model, officer
):
    anna = anna_in(municipality_a)
    citizen(django_user_model, "mas.nap", born=D(1970, 5, 18))
    citizen(django_user_model, "mas.nev", given="Anikó")
    citizen(django_user_model, "nem.azonositott", verified=False)

    (proposal,) = tax.proposals_for(anna)

    assert proposal.identity.user == anna_user and proposal.comparison.matches
    # Nothing is linked until the officer confirms it.
    assert tax.linked_user(anna) is None
    link = tax.link_taxpayer(anna, proposal.identity.user, basis=LinkBasis.PROPOSAL, actor=officer)
    assert link.basis == LinkBasis.PROPOSAL
    assert tax.proposals_for(anna) == []


# -- delivery of the decisions


def _people(municipality):
    _decree(municipality)
    anna = anna_in(municipality)
    bela = person(municipality, "Balogh", "Béla")
    post = person(municipality, "Csató", "Cecília", delivery_channel=DeliveryChannel.POST)
    _own(municipality, anna, "101/1", "100")
    _own(municipality, bela, "101/2", "60")
    _own(municipality, post, "101/3", "1001", kind=PropertyKind.PLOT)
    return anna, bela, post


def test_a_booked_run_delivers_its_decisions_by_itself(municipality_a, anna_user, officer):
    anna, bela, _post = _people(municipality_a)
    tax.link_taxpayer(anna, anna_user, actor=officer)

    run = _run(municipality_a)

    (message,) = affairs.messages_of(anna_user)
    decision = AssessmentDecision.objects.get(municipality=municipality_a, taxpayer=anna)
    assert message.document_id == decision.document_id
    assert decision.delivery == DecisionDelivery.PORTAL_MAILBOX
    bela_decision = AssessmentDecision.objects.get(municipality=municipality_a, taxpayer=bela)
    assert bela_decision.delivery == DecisionDelivery.PRINT_BATCH
    # nothing is left waiting for the command
    assert tax.deliver_decisions(municipality_a, run=run) == {"mailbox": 0, "print": 0}


@pytest.fixture
def assessed(municipality_a, anna_user, officer, monkeypatch):
    """Anna (linked) and Béla (portal mailbox, not linked) assessed in a registered run
    whose delivery has not happened yet (the worker stopped after the booking): the
    decisions wait for ``deliver_decisions`` (and the command that retries them)."""
    from services.tax.services import assessment

    monkeypatch.setattr(assessment, "deliver_decisions", lambda *args, **kwargs: None)
    _decree(municipality_a)
    anna = anna_in(municipality_a)
    bela = person(municipality_a, "Balogh", "Béla")
    post = person(municipality_a, "Csató", "Cecília", delivery_channel=DeliveryChannel.POST)
    _own(municipality_a, anna, "101/1", "100")
    _own(municipality_a, bela, "101/2", "60")
    _own(municipality_a, post, "101/3", "1001", kind=PropertyKind.PLOT)
    tax.link_taxpayer(anna, anna_user, actor=officer)
    run = _run(municipality_a)
    decisions = {
        d.taxpayer_id: d
        for d in AssessmentDecision.objects.filter(municipality=municipality_a, run=run)
    }
    return run, decisions[anna.pk], decisions[bela.pk], decisions[post.pk]


def test_a_linked_taxpayers_decision_lands_in_the_mailbox_with_a_read_receipt(
    municipality_a, anna_user, assessed, officer
):
    run, anna_decision, bela_decision, post_decision = assessed
    assert anna_decision.delivery == DecisionDelivery.AWAITING_PORTAL

    counts = tax.deliver_decisions(municipality_a, run=run, actor=officer)

    assert counts == {"mailbox": 1, "print": 1}
    (message,) = affairs.messages_of(anna_user)
    assert message.document_id == anna_decision.document_id
    anna_decision.refresh_from_db()
    assert anna_decision.delivery == DecisionDelivery.PORTAL_MAILBOX
    routing = tax.routing_of(anna_decision)
    assert routing.outcome == DeliveryOutcome.MAILBOX and routing.link.user == anna_user

    def receipts():
        return AuditEvent.objects.filter(
            municipality=municipality_a,
            document_id=message.document_id,
            action=AuditAction.DELIVER,
            detail__contains="olvasási visszaigazolás",
        ).count()

    assert receipts() == 0
    assert affairs.open_message(message) is True
    assert affairs.open_message(message) is False
    assert receipts() == 1


def test_an_unlinked_taxpayers_decision_falls_back_to_the_print_batch_with_the_reason(
    municipality_a, anna_user, assessed, officer, officer_a
):
    run, anna_decision, bela_decision, post_decision = assessed

    tax.deliver_decisions(municipality_a, run=run, actor=officer)

    bela_decision.refresh_from_db()
    assert bela_decision.delivery == DecisionDelivery.PRINT_BATCH
    assert bela_decision.print_batch is not None
    assert bela_decision.print_batch.run_id == run.pk
    routing = tax.routing_of(bela_decision)
    assert routing.outcome == DeliveryOutcome.PRINT and routing.routed_by == officer_a
    assert "nincs portálfiók kapcsolva" in routing.reason
    # The decision addressed to the post was in the batch already and is not routed.
    assert tax.routing_of(post_decision) is None
    # Delivering again sends nothing twice.
    assert tax.deliver_decisions(municipality_a, run=run, actor=officer) == {
        "mailbox": 0,
        "print": 0,
    }
    assert MailboxMessage.objects.for_recipient(anna_user).count() == 1
    assert DecisionRouting.objects.for_municipality(municipality_a).count() == 2


def test_the_message_page_shows_the_decision_without_opening_the_mass_case(
    client, municipality_a, anna_user, assessed, officer
):
    run, anna_decision, *_rest = assessed
    tax.deliver_decisions(municipality_a, run=run, actor=officer)
    message = MailboxMessage.objects.for_recipient(anna_user).get()

    client.force_login(anna_user)
    page = client.get(reverse("affairs:message", args=[message.pk]))

    assert page.status_code == 200
    html = page.content.decode()
    assert anna_decision.registry_number in html
    # The run's case holds every taxpayer's decision: it is named, never linked.
    assert reverse("affairs:case", args=[message.case_id]) not in html
    assert client.get(reverse("affairs:case", args=[message.case_id])).status_code == 404


def test_a_user_linked_in_one_municipality_gets_nothing_of_another(
    municipality_a, municipality_b, anna_user, assessed, officer, officer_b
):
    run_a, anna_decision, *_rest = assessed
    # The same person is a taxpayer in B too, with the portal mailbox, but not linked there.
    _decree(municipality_b)
    anna_b = anna_in(municipality_b)
    _own(municipality_b, anna_b, "7/1", "50")
    run_b = _run(municipality_b)
    b_actor = Actor(user=officer_b, municipality=municipality_b, channel="admin")

    tax.deliver_decisions(municipality_a, run=run_a, actor=officer)
    counts_b = tax.deliver_decisions(municipality_b, run=run_b, actor=b_actor)

    assert counts_b == {"mailbox": 0, "print": 1}
    assert [m.municipality_id for m in affairs.messages_of(anna_user)] == [municipality_a.pk]
    assert [link.municipality_id for link in tax.links_of(anna_user)] == [municipality_a.pk]
    decision_b = AssessmentDecision.objects.get(municipality=municipality_b, taxpayer=anna_b)
    document_b = Document.objects.for_municipality(municipality_b).get(pk=decision_b.document_id)
    from services.documents.services import addressee

    assert addressee(document_b, document_b.case) is None
    assert tax.linked_user(anna_b) is None


# -- the officer's page


@pytest.fixture
def tax_officer_a(make_staff, municipality_a):
    return make_staff(municipality_a, StaffRole.TAX_OFFICER, username="adougyintezo_a")


@pytest.fixture
def tax_officer_b(make_staff, municipality_b):
    return make_staff(municipality_b, StaffRole.TAX_OFFICER, username="adougyintezo_b")


def test_the_officer_confirms_a_proposed_account_on_the_taxpayers_page(
    client, municipality_a, anna_user, tax_officer_a, django_user_model
):
    anna = anna_in(municipality_a)
    stranger = citizen(django_user_model, "nem.javasolt", born=D(1980, 1, 1))
    url = reverse("tax_admin:portal_link", args=[municipality_a.pk, anna.pk])
    client.force_login(tax_officer_a)

    page = client.get(url).content.decode()
    assert "Összekapcsolás megerősítése" in page and "Albert Anna" in page

    # An account the page did not propose is refused, nothing linked.
    client.post(url, {"action": "link", "user": stranger.pk})
    client.post(url, {"action": "link", "user": "x"})
    assert tax.linked_user(anna) is None

    response = client.post(url, {"action": "link", "user": anna_user.pk})
    assert response.status_code == 302
    link = tax.link_of(anna)
    assert (link.user, link.linked_by, link.basis) == (
        anna_user,
        tax_officer_a,
        LinkBasis.PROPOSAL,
    )
    assert "óta összekapcsolva" in client.get(url).content.decode()

    client.post(url, {"action": "end", "link": link.pk, "reason": ""})
    assert tax.link_of(anna) == link
    client.post(url, {"action": "end", "link": link.pk, "reason": "Téves"})
    assert tax.link_of(anna) is None


def test_another_municipalitys_officer_gets_a_404(
    client, municipality_a, municipality_b, tax_officer_b
):
    anna = anna_in(municipality_a)
    client.force_login(tax_officer_b)

    response = client.get(reverse("tax_admin:portal_link", args=[municipality_a.pk, anna.pk]))

    assert response.status_code == 404


def test_the_command_delivers_what_waits_and_refuses_another_municipalitys_run(
    municipality_a, municipality_b, assessed
):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    run, anna_decision, *_rest = assessed
    with pytest.raises(CommandError, match="kivetési futás"):
        call_command("tax_deliver_decisions", municipality_b.slug, run_id=run.pk)

    out = io.StringIO()
    call_command("tax_deliver_decisions", municipality_a.slug, stdout=out)

    assert "postafiókjába kézbesített határozatok: 1; nyomtatásra: 1" in out.getvalue()
    anna_decision.refresh_from_db()
    assert anna_decision.delivery == DecisionDelivery.PORTAL_MAILBOX
