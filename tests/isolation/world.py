"""Two municipalities, A and B, and in B one object of every kind a person can reach.

Everything of B that only B's own staff (or one of B's citizens) may see carries a marker,
a word that starts with ``zqxb`` and names the object (``zqxbdraftpage``). A response that
contains such a word has shown somebody something of B: the enumerating test looks for
them in every answer, message and header, and compares B's records before and after every
request to find the ones that changed something.
"""

import re
from dataclasses import dataclass, field

from django.test import Client
from wagtail.models import CollectionViewRestriction, PageViewRestriction

from portal.journey.models import Representation
from services.documents import services as registry
from services.documents.casetypes import case_types
from services.documents.constants import Direction
from services.forms import services as forms
from services.forms.models import FormNotification, Submission
from services.intake.models import Application
from services.payments.models import MerchantAccount, Payment
from sites.provisioning import provision_municipality
from tests.factories.intake import submit_form
from tests.factories.municipalities import MunicipalityDataFactory
from tests.isolation.world_sites import (  # the website's and the staff's half
    add_media,
    add_moderation,
    add_pages,
    add_people,
    add_settings_and_redirects,
)
from tests.portal.journey.conftest import (
    SECOND_STEP,
    pdf,
    publish_local,
    start,
    step_url,
    submit,
    wizard_definition,
)

# A whole word, in lower case after its first letter: a random token of a response (an
# editing session's id) that happens to contain the letters is not a marker.
MARKER = re.compile(rb"(?<![A-Za-z0-9])[Zz]qxb[a-z0-9]*(?![A-Za-z0-9])")
HOST_A = "alsovar.localhost"
HOST_B = "felsovar.localhost"


def markers_in(content):
    return {match.lower() for match in MARKER.findall(content)}


@dataclass
class World:
    a: object
    b: object
    users: dict = field(default_factory=dict)
    # kind -> B's object (or its id) of that kind; what the URL patterns are filled with
    b_objects: dict = field(default_factory=dict)
    # kind -> A's own object of that kind, for the other arguments of a pattern
    a_objects: dict = field(default_factory=dict)


def build_world():
    a = provision_municipality(
        MunicipalityDataFactory(name="Alsóvár", slug="alsovar", ksh_code="60001")
    ).municipality
    b = provision_municipality(
        MunicipalityDataFactory(name="Felsővár", slug="felsovar", ksh_code="60002")
    ).municipality
    world = World(a=a, b=b)
    add_people(world)
    add_pages(world)
    add_media(world)
    add_moderation(world)
    add_settings_and_redirects(world)
    _forms_and_cases(world)
    _citizen_affairs(world)
    _taxes(world)
    return world


def _taxes(world):
    """A taxpayer of each with a property, a charge on the account and a payment, and a
    draft rate decree: the tax officers' workspace names them."""
    import datetime

    from services.tax import services as tax
    from services.tax.constants import (
        ChargeOrigin,
        RateUnit,
        TaxObjectKind,
        TaxType,
        UseCategory,
    )
    from tests.factories.tax import building, person

    for municipality, objects, name, word in (
        (world.a, world.a_objects, "Adó", "Alsóvári"),
        (world.b, world.b_objects, "Zqxbadozo", "Zqxbrendelet"),
    ):
        taxpayer = person(municipality, name, "Aladár", address_line=f"{name} utca 1.")
        house = building(municipality, parcel="77/1", address=f"{word} utca 2.")
        tax.record_ownership(house, taxpayer, share=(1, 1), valid_from=datetime.date(2020, 1, 1))
        tax.register_tax_object(
            municipality,
            tax_type=TaxType.BUILDING,
            kind=TaxObjectKind.PROPERTY,
            property=house,
            valid_from=datetime.date(2020, 1, 1),
        )
        charge = tax.book_charge(
            taxpayer,
            TaxType.BUILDING,
            40_000,
            origin=ChargeOrigin.ASSESSMENT,
            due_on=datetime.date(2026, 3, 16),
            booked_on=datetime.date(2026, 2, 1),
            reference=f"{word}-hatarozat",
        )
        tax.book_payment(taxpayer, TaxType.BUILDING, 10_000, paid_on=datetime.date(2026, 1, 5))
        decree = tax.create_decree(municipality, tax_year=2027, title=f"{word} adórendelet")
        tax.add_line(
            decree,
            tax_type=TaxType.BUILDING,
            category=UseCategory.DWELLING,
            unit=RateUnit.FT_PER_M2,
            amount=500,
        )
        objects.update(taxpayer=taxpayer, decree=decree, tax_charge=charge)


def _forms_and_cases(world):
    from tests.services.forms.conftest import load

    b, users = world.b, world.users
    template = load("PANASZ-001")
    adopted = forms.adopt(b, template)
    forms.publish(adopted)
    local = forms.copy_as_local(b, title="Titkos zqxbform")
    FormNotification.objects.for_municipality(b).create(
        municipality=b,
        customisation=adopted,
        template_version=adopted.base_version,
        outcome="conflict",
        conflicts=["zqxbnotice"],
    )
    submission = submit_form(
        adopted,
        {
            "bejelento_neve": "Zqxbbejelento",
            "bejelento_email": "zqxbbejelento@example.hu",
            "bejelentes_tipusa": "panasz",
            "targy": "zqxbsubmission",
            "leiras": "zqxbsubmission",
            "nyilatkozat": "on",
            "kelt_helye": "Felsővár",
        },
    )
    case = registry.open_case(
        b,
        case_type=case_types(b).get(code="B-220"),
        subject="Titkos zqxbcase",
        client_name="Zqxbugyfel",
        client_email="zqxbugyfel@example.hu",
        client_user=users["citizen_b"],
    )
    document = registry.register_document(
        case,
        direction=Direction.INCOMING,
        subject="zqxbregistrydocument",
        correspondent="Zqxbugyfel",
        files=[pdf("zqxbfile.pdf", b"zqxbfile")],
    )
    world.b_objects.update(
        template=template,
        form=local,
        adopted_form=adopted,
        submission=Submission.objects.for_municipality(b).get(pk=_pk(submission)),
        case=case,
        registry_document=document,
        registry_file=_file_of(document),
        notice=FormNotification.objects.for_municipality(b).first(),
    )
    MerchantAccount.objects.for_municipality(b).create(
        municipality=b, stripe_account_id="acct_zqxbstripe1", display_name="Zqxbbank"
    )
    a = world.a
    a_form = forms.copy_as_local(a, title="Alsóvári űrlap")
    a_case = registry.open_case(
        a,
        case_type=case_types(a).get(code="B-220"),
        subject="Alsóvári ügy",
        client_name="Kiss Anna",
    )
    a_document = registry.register_document(
        a_case, direction=Direction.INCOMING, subject="Kérelem", files=[pdf()]
    )
    world.a_objects.update(
        template=template,
        form=a_form,
        adopted_form=a_form,
        case=a_case,
        registry_document=a_document,
        registry_file=_file_of(a_document),
    )


def _file_of(document):
    from services.documents.models import DocumentFile

    return DocumentFile.objects.for_municipality(document.municipality_id).get(document=document)


def _pk(value):
    return getattr(value, "pk", value)


def _citizen_affairs(world):
    """Citizen B's own records on the portal, made through the portal as B would."""
    from portal.affairs.services import deliver_to_mailbox

    b, users = world.b, world.users
    citizen = users["citizen_b"]
    definition = {**wizard_definition(), "title": "Felsővári kérelem"}
    form = publish_local(b, definition)
    client = Client(HTTP_HOST="localhost")
    client.force_login(citizen)
    first_step = {
        "kerelmezo_neve": "Zqxbkerelmezo",
        "email": "zqxbcitizen@example.hu",
        "tipus": "egyszeru",
    }

    def filled_draft():
        reference = start(client, form).split("/piszkozat/")[1].split("/")[0]
        client.post(step_url(form, reference, "adatok"), {**first_step, "action": "next"})
        client.post(step_url(form, reference, "tetelek_lepes"), {**SECOND_STEP, "action": "next"})
        client.post(
            step_url(form, reference, "mellekletek"),
            {"igazolas": pdf("zqxbattachment.pdf", b"zqxbattachment"), "action": "next"},
        )
        return reference

    submitted = filled_draft()
    submit(client, form, submitted)
    awaiting = filled_draft()
    submit(client, form, awaiting, pay=False)
    open_draft = filled_draft()
    draft = Application.objects.for_municipality(b).get(reference=open_draft)
    payment = Payment.objects.for_municipality(b).order_by("-pk").first()
    case = world.b_objects["case"]
    outgoing = registry.register_document(
        case,
        direction=Direction.OUTGOING,
        subject="zqxbdecision",
        files=[pdf("zqxbdecision.pdf", b"zqxbdecision")],
    )
    message, _new = deliver_to_mailbox(outgoing, case)
    representation = Representation.objects.create(
        representative=citizen,
        kind="company",
        name="Zqxbkft",
        identifier_kind="tax_number",
        identifier="12345676-2-41",
    )
    world.b_objects.update(
        citizen_form=form,
        draft=draft,
        reference=open_draft,
        receipt_reference=submitted,
        awaiting_reference=awaiting,
        page_restriction=PageViewRestriction.objects.get(page=world.b_objects["private_page"]),
        document_restriction=CollectionViewRestriction.objects.get(
            collection=world.b_objects["collection"]
        ),
        payment=payment,
        message=message,
        representation=representation,
        file_key="igazolas",
    )


def _tax_imports(world):
    """An import of each (the tax officers' "Import" screens): B's names its file and its
    wrong line with zqxb… words."""
    from services.tax import services as tax
    from services.tax.models import ImportJob, RunState

    for municipality, objects, word in (
        (world.a, world.a_objects, "alsovar"),
        (world.b, world.b_objects, "zqxbimport"),
    ):
        job = tax.create_import_job(
            municipality, "taxpayers", b"adoazonosito;nev\n", file_name=f"{word}.csv"
        )
        ImportJob.objects.for_municipality(municipality).filter(pk=job.pk).update(
            state=RunState.DONE,
            rows=1,
            line_errors=[[2, f"{word}line: no taxpayer"]],
            content=b"",
        )
        objects["tax_import_job"] = job


# Appended so that parallel additions do not touch build_world: its call of _taxes also
# makes the imports.
_taxes_without_imports = _taxes


def _taxes(world):  # noqa: F811
    _taxes_without_imports(world)
    _tax_imports(world)


def _tax_desk(world):
    """An adopted decree for 2026 and a booked assessment run of it (a decision to the
    portal, one in a print batch), an overpayment request and a card opened, in A and B:
    the officer's assessment, request and audit screens name them."""
    import datetime

    from services.tax import services as tax
    from services.tax.constants import DeliveryChannel, RateUnit, TaxObjectKind, TaxType
    from services.tax.constants import UseCategory as Use
    from sites.actor import Actor
    from tests.factories.tax import building, giro, person

    for municipality, objects, word in (
        (world.a, world.a_objects, "Alsovari"),
        (world.b, world.b_objects, "Zqxbposta"),
    ):
        by_post = person(
            municipality,
            f"{word}i",
            "Béla",
            address_line=f"{word} köz 3.",
            delivery_channel=DeliveryChannel.POST,
        )
        house = building(municipality, parcel="78/1", address=f"{word} út 4.")
        tax.record_ownership(house, by_post, share=(1, 1), valid_from=datetime.date(2020, 1, 1))
        tax.register_tax_object(
            municipality,
            tax_type=TaxType.BUILDING,
            kind=TaxObjectKind.PROPERTY,
            property=house,
            valid_from=datetime.date(2020, 1, 1),
        )
        decree = tax.create_decree(municipality, tax_year=2026, title=f"{word} rendelet 2026")
        tax.add_line(
            decree,
            tax_type=TaxType.BUILDING,
            category=Use.DWELLING,
            unit=RateUnit.FT_PER_M2,
            amount=400,
        )
        tax.adopt(decree, number=9, adopted_on=datetime.date(2025, 11, 20))
        actor = Actor.system(municipality=municipality)
        run = tax.run_assessment(tax.create_assessment_run(municipality, 2026, actor=actor))
        request = tax.record_request(
            objects["taxpayer"],
            kind="transfer",
            from_tax_type=TaxType.BUILDING,
            amount=1000,
            received_on=datetime.date(2026, 2, 2),
            authority=f"{word} hatóság",
            bank_account=giro(),
            account_holder=f"{word} számlatulajdonos",
            actor=actor,
        )
        tax.record_card_access(objects["taxpayer"], actor)
        objects.update(assessment_run=run, tax_request=request)


_build_world_before_tax_desk = build_world


def build_world():  # noqa: F811  (the world above, and the tax desk's records)
    world = _build_world_before_tax_desk()
    _tax_desk(world)
    return world


def _statements_and_interest(world):
    """B's bank statement import (its items named in the file, the remark and the payer)
    and B's late-interest run (started by a marked user): the workspace's statement,
    queue and interest screens name them."""
    import datetime

    from services.tax import services as tax
    from services.tax.constants import TaxType
    from services.tax.models import InterestRun
    from tests.factories.municipalities import UserFactory
    from tests.factories.tax import giro, iban

    for municipality, objects, word, serial in (
        (world.a, world.a_objects, "alsovari", 71),
        (world.b, world.b_objects, "zqxbkivonat", 72),
    ):
        account = giro(serial=serial)
        tax.set_collection_account(municipality, TaxType.COMMUNAL, giro=account, iban=iban(account))
        content = "\n".join(
            [
                ":20:ISO1",
                f":25:{iban(account).replace(' ', '')}",
                ":28C:1/1",
                ":60F:C260316HUF0,00",
                ":61:2603170317C12000,00NTRFNONREF//1",
                f":86:{word}befizetes",
                f"ATUTALAS JOVAIRAS/{word.upper()}FIZETO",
                ":62F:C260317HUF12000,00",
                "-",
            ]
        ).encode()
        record = tax.import_statement(municipality, content, file_name=f"{word}.sta")
        starter = UserFactory(username=f"{word}potlek", last_name=f"{word.capitalize()}potlek")
        run = InterestRun.objects.create(
            municipality=municipality, until=datetime.date(2026, 4, 1), started_by=starter
        )
        tax.run_interest(run)
        objects.update(
            tax_statement=record,
            tax_statement_item=tax.statement_items(record).get(),
            tax_interest_run=run,
        )


_build_world_before_statements = build_world


def build_world():  # noqa: F811  (B's statements and interest run on top of the rest)
    world = _build_world_before_statements()
    _statements_and_interest(world)
    return world


def _tax_online(world):
    """Ügyeim's local taxes: each municipality's taxpayer linked to its citizen's portal
    account, a company (marked in B) that taxpayer represents with a debt, and a card
    payment order for it: the citizen's balance, statements and payment result name them."""
    import datetime

    from services.tax import services as tax
    from services.tax.constants import ChargeOrigin, TaxType
    from services.tax.models import LinkBasis, PortalLink
    from tests.factories.tax import organisation

    for municipality, objects, citizen, word in (
        (world.a, world.a_objects, world.users["citizen_a"], "Alsóvári Cég"),
        (world.b, world.b_objects, world.users["citizen_b"], "Zqxbcegadozo"),
    ):
        PortalLink.objects.create(
            municipality=municipality,
            taxpayer=objects["taxpayer"],
            user=citizen,
            basis=LinkBasis.IDENTITY,
        )
        company = organisation(municipality, f"{word} Kft.")
        tax.book_charge(
            company,
            TaxType.BUSINESS,
            95_000,
            origin=ChargeOrigin.RETURN,
            due_on=datetime.date(2026, 3, 16),
            booked_on=datetime.date(2026, 2, 1),
            period_year=2026,
            instalment=1,
        )
        tax.add_representation(company, objects["taxpayer"], valid_from=datetime.date(2025, 1, 1))
        order = tax.create_card_payment(company, tax_type=TaxType.BUSINESS, payer=citizen)
        objects.update(tax_company=company, tax_card_order=order)


_build_world_before_tax_online = build_world


def build_world():  # noqa: F811  (Ügyeim's local taxes on top of the rest)
    world = _build_world_before_tax_online()
    _tax_online(world)
    return world


def _trade_procedures(world):
    """A licence case in A and in B (IPAR-005 submitted, a specialist authority asked, an
    inspection scheduled) and each one's zoning matrix with a zone of its own: the trade
    procedure screens name them. B's applicant and zone carry zqxbkerelmezo, a marker B's
    officers may see (OFFICE)."""
    from services.commerce import services as commerce
    from services.commerce.models import Procedure
    from sites.actor import Actor
    from tests.factories.commerce_procedures import apply_for_licence

    for municipality, objects, word in (
        (world.a, world.a_objects, "Alsovari"),
        (world.b, world.b_objects, "Zqxbkerelmezo"),
    ):
        submission = apply_for_licence(
            municipality, inspection=True, kerelmezo_neve=f"{word} Festék Kft."
        )
        procedure = Procedure.objects.for_municipality(municipality).get(
            case__submission_id=submission.pk
        )
        actor = Actor.system(municipality=municipality)
        commerce.add_request(
            procedure, actor=actor, authority=f"{word} hatóság", sent_on="2026-12-01"
        )
        commerce.schedule_inspection(procedure, actor=actor, scheduled_on="2026-12-10")
        commerce.zoning.add_zone(municipality, code="X1", name=f"{word} övezet", industrial=True)
        objects["commerce_procedure"] = procedure


_build_world_before_trade_procedures = build_world


def build_world():  # noqa: F811  (B's licence case and zoning on top of the rest)
    world = _build_world_before_trade_procedures()
    _trade_procedures(world)
    return world


def _commerce_desk(world):
    """B's trade register (a company with a shop and an accommodation, a sole trader whose
    private data are marked, a notification checked with a note and one waiting), and A's
    own: the trade officers' search, card, queue and statistics name them."""
    import datetime

    from services.commerce import services as commerce
    from services.commerce.models import Notification
    from sites.actor import Actor
    from tests.factories.commerce import company, shop_place, sole_trader

    day = datetime.date(2026, 3, 2)
    from tests.factories.tax import tax_number

    for municipality, objects, word in (
        (world.a, world.a_objects, "Alsovari"),
        (world.b, world.b_objects, "Zqxbkereskedo"),
    ):
        actor = Actor.system(municipality=municipality)
        trade = commerce.notify_trading(
            municipality,
            actor=actor,
            received_on=day,
            trader=company(f"{word} Kft.", tax_number=tax_number()),
            places=[shop_place(street=f"{word} utca 1.", name=f"{word} bolt")],
        )
        commerce.register_accommodation(
            municipality,
            actor=actor,
            operator=trade.trader,
            received_on=day,
            kind="panzio",
            name=f"{word} panzió",
            rooms=2,
            beds=4,
            postal_code="3300",
            settlement="Eger",
            street=f"{word} köz 2.",
        )
        commerce.notify_trading(
            municipality,
            actor=actor,
            received_on=day,
            trader=sole_trader(
                f"{word} Ilona e.v.",
                home_address=f"{word}otthon utca 9.",
                mother_name=f"{word}anyja Mária",
            ),
            places=[shop_place(street=f"{word} tér 5.", name=f"{word} virág")],
        )
        first = Notification.objects.for_municipality(municipality).order_by("pk").first()
        commerce.desk.check_notification(first, actor=actor, note=f"{word}ellenorzes")
        commerce.tax_links.link(trade.trader, "business", actor=actor)
        objects["commerce_trader"] = trade.trader


_build_world_before_commerce_desk = build_world


def build_world():  # noqa: F811  (B's trade register on top of the rest)
    world = _build_world_before_commerce_desk()
    _commerce_desk(world)
    return world


def _search_queries(world):
    """B's visitors' searches (the query log): B's admin report lists them; nobody of A
    may see them on A's report or anywhere else."""
    from search import querylog

    for municipality, word in ((world.a, "alsovarikereses"), (world.b, "zqxbkereses")):
        querylog.record(municipality.site, word, 3)
        querylog.record(municipality.site, f"{word}nincs", 0)


_build_world_before_search_queries = build_world


def build_world():  # noqa: F811  (B's logged site searches on top of the rest)
    world = _build_world_before_search_queries()
    _search_queries(world)
    return world


def _feedback_and_publication(world):
    """B's visitors' comments on "Was this page useful?" (B's report shows them to B's
    editors) and B's unpublished publication list with a private draft text: nobody of A
    may see either, on A's report, A's overdue screen or A's dashboard."""
    import datetime

    from django.utils import timezone

    from services.feedback.models import PageVote
    from services.publication.models import PublicationEntry, PublicationListPage

    for municipality, word in ((world.a, "alsovarivelemeny"), (world.b, "zqxbvisszajelzes")):
        page = municipality.root_page
        for helpful in (False, False, False, True, False):
            PageVote.objects.create(
                municipality=municipality, page=page, helpful=helpful, comment=f"{word} szöveg"
            )
        listing = PublicationListPage(
            title="Közzétételi lista", slug="kozzeteteli-lista", live=municipality == world.a
        )
        listing.entries.add(
            PublicationEntry(
                item_code="III.2",
                kind="text",
                text=f"{'zqxbkozzetetel' if municipality == world.b else 'alsovarilista'} adat",
                last_updated=timezone.localdate() - datetime.timedelta(days=400),
            )
        )
        municipality.root_page.specific.add_child(instance=listing)
        listing.save_revision()


_build_world_before_feedback = build_world


def build_world():  # noqa: F811  (B's page feedback and publication list on top of the rest)
    world = _build_world_before_feedback()
    _feedback_and_publication(world)
    return world


def _legal_changes(world):
    """B's history of a legal change and a notice with plain-language statements and a
    keep-or-take decision (issue #22): B's officers see them; nobody of A may."""
    from services.forms.models import FormEvent

    b = world.b
    adopted = world.b_objects["adopted_form"]
    FormEvent.objects.for_municipality(b).create(
        municipality=b,
        customisation=adopted,
        template_version=adopted.base_version,
        kind="resolved",
        detail=["zqxbevent"],
    )
    FormNotification.objects.for_municipality(b).create(
        municipality=b,
        customisation=adopted,
        template_version=adopted.base_version,
        outcome="moved",
        statements=["zqxbstatement"],
        decisions=[{"kind": "field", "key": "targy", "label": "Tárgy", "yours": "zqxbdecide"}],
    )


_build_world_before_legal_changes = build_world


def build_world():  # noqa: F811  (B's legal-change history and notices on top of the rest)
    world = _build_world_before_legal_changes()
    _legal_changes(world)
    return world


def _tax_certificates(world):
    """A tax certificate request waiting in each municipality's queue (B's purpose and
    requested name marked): the officer's queue and certificate screens name them. Only
    B's tax officers may see them; the public check page shows nothing without a code."""
    from services.tax import services as tax

    for municipality, objects, word in (
        (world.a, world.a_objects, "Alsóvári"),
        (world.b, world.b_objects, "Zqxbadoigazolas"),
    ):
        certificate = tax.request_certificate(
            municipality,
            taxpayer=objects["taxpayer"],
            requested_name=f"{word} kérelmező",
            purpose=f"{word} hitel",
            waiting_reason="Papíron kérte a kézbesítést.",
        )
        objects["tax_certificate"] = certificate


_build_world_before_tax_certificates = build_world


def build_world():  # noqa: F811  (the tax certificates' queue on top of the rest)
    world = _build_world_before_tax_certificates()
    _tax_certificates(world)
    return world


def _helpdesk_and_notices(world):
    """B's helpdesk ticket (its text, the provider's answer, a screenshot), A's own, the
    knowledge base and canned answers (the provider's, the same for everybody, no marker),
    and a legal-change notice sent to B only, read by B's officer: only B's staff see B's
    ticket, only B's officers and site admins the notice."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from portal.fleet import notices
    from portal.fleet.models import Audience
    from services.helpdesk import services as helpdesk
    from services.helpdesk.constants import Status
    from services.helpdesk.demo import load_knowledge_base
    from services.helpdesk.models import Article, CannedAnswer
    from sites.actor import Actor

    def picture(name):
        buffer = io.BytesIO()
        Image.new("RGB", (8, 8), "blue").save(buffer, "PNG")
        return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")

    load_knowledge_base()
    operator = Actor(user=world.users["operator"])
    for municipality, objects, word, who in (
        (world.a, world.a_objects, "alsovari", "editor_a"),
        (world.b, world.b_objects, "zqxb", "editor_b"),
    ):
        ticket = helpdesk.open_ticket(
            municipality,
            actor=Actor(user=world.users[who], municipality=municipality),
            subject=f"{word}hibajegy",
            category="website",
            description=f"{word}hibaleiras",
            page_url="/admin/pages/",
            screenshots=[picture(f"{word}kep.png")],
        )
        helpdesk.answer(ticket, actor=operator, body=f"{word}valasz", status=Status.WAITING)
        objects["helpdesk_ticket"] = ticket
        objects["helpdesk_screenshot"] = helpdesk.screenshots_of(ticket).get()
        objects["helpdesk_article"] = Article.objects.order_by("pk").first()
        objects["helpdesk_canned"] = CannedAnswer.objects.order_by("pk").first()
        notice = notices.send_notice(
            actor=operator,
            title=f"{word}jogszabaly",
            body=f"{word}jogszabaly",
            audience=Audience.LIST,
            municipalities=[municipality],
        )
        objects["legal_notice"] = notice
    notices.open_notice(world.users["officer_b"], world.b_objects["legal_notice"].pk)


_build_world_before_helpdesk = build_world


def build_world():  # noqa: F811  (B's helpdesk ticket and legal notice on top of the rest)
    world = _build_world_before_helpdesk()
    _helpdesk_and_notices(world)
    return world


def _tax_notices(world):
    """The notices: each municipality's September balance notice run (B's taxpayer's
    notice in the mailbox of its linked account, a print file), a reminder run and an
    enforcement list; URLs name the runs, a notice and a print file."""
    import datetime

    from services.tax import services as tax
    from services.tax.models import Notice, NoticeKind, NoticePrintFile

    for municipality, objects in ((world.a, world.a_objects), (world.b, world.b_objects)):
        run = tax.run_notices(
            tax.create_notice_run(
                municipality, NoticeKind.SEPTEMBER, as_of=datetime.date(2026, 9, 10)
            )
        )
        tax.run_notices(
            tax.create_notice_run(
                municipality, NoticeKind.REMINDER, as_of=datetime.date(2026, 4, 20)
            )
        )
        tax.run_notices(
            tax.create_notice_run(
                municipality, NoticeKind.ENFORCEMENT, as_of=datetime.date(2026, 6, 1)
            )
        )
        tax.make_print_files(run)
        objects.update(
            tax_notice_run=run,
            tax_notice=Notice.objects.for_municipality(municipality).filter(run=run).first(),
            tax_notice_print_file=NoticePrintFile.objects.for_municipality(municipality)
            .filter(run=run)
            .first(),
        )


_build_world_before_tax_notices = build_world


def build_world():  # noqa: F811  (B's notice runs on top of the rest)
    world = _build_world_before_tax_notices()
    _tax_notices(world)
    return world


def _appointments(world):
    """B's customer service: an office and a matter (public: no marker), a booking by B's
    citizen whose name and address are marked, and a blocked hour with a marked reason;
    A's own of each. The officers' day list, a booking's page, the block's removal and
    the site admins' set-up name them."""
    import datetime

    from services.appointments import services as appointments
    from sites.actor import Actor
    from tests.factories.appointments import at, matter, office

    day = datetime.date(2026, 12, 15)
    now = at(datetime.date(2026, 12, 14), 9)
    for municipality, objects, word, citizen in (
        (world.a, world.a_objects, "Alsovari", world.users["citizen_a"]),
        (world.b, world.b_objects, "Zqxbidopont", world.users["citizen_b"]),
    ):
        actor = Actor.system(municipality=municipality)
        place = office(municipality, name="Ügyfélszolgálat")
        service = matter(place, questions=[("Van Ügyfélkapuja?", "Intézze online.")])
        booking = appointments.book(
            actor,
            service,
            at(day, 9),
            name=f"{word} Ügyfél",
            email=f"{word.lower()}@example.hu",
            user=citizen,
            now=now,
            notify=False,
        )
        reason = "zqxbzarolas" if municipality == world.b else "alsovari zarolas"
        block = appointments.block(
            actor, place.desks.get(), at(day, 11), at(day, 12), reason=reason
        )
        objects.update(
            booking=booking, booking_block=block, booking_office=place, booking_matter=service
        )


_build_world_before_appointments = build_world


def build_world():  # noqa: F811  (B's customer-service bookings on top of the rest)
    world = _build_world_before_appointments()
    _appointments(world)
    return world


def _feedback_moderation(world):
    """B's visitor's comment (one of the votes above) that A's staff must not hide: the
    moderation URL takes its id."""
    from services.feedback.models import PageVote

    for municipality, objects in ((world.a, world.a_objects), (world.b, world.b_objects)):
        objects["page_vote"] = (
            PageVote.objects.for_municipality(municipality).exclude(comment="").first()
        )


_build_world_before_feedback_moderation = build_world


def build_world():  # noqa: F811  (B's comment id for the moderation URL on top of the rest)
    world = _build_world_before_feedback_moderation()
    _feedback_moderation(world)
    return world


def _tax_declarations(world):
    """Returns and declarations filed on the portal (issue 16, items 3–4): a property-tax
    declaration waiting for the officer (its address marked in B), a tourist-tax return of
    an accommodation (its name marked in B) booked on the operator's account, and a HIPA
    annual return forwarded by NAV: B's tax officers see them, nobody of A does."""
    import datetime

    from services.tax import services as tax
    from services.tax.services import returns
    from services.tax.services.property_declarations import receive_declaration
    from tests.factories.tax import building, organisation

    for municipality, objects, word in (
        (world.a, world.a_objects, "Alsóvári"),
        (world.b, world.b_objects, "Zqxbbevallas"),
    ):
        house = building(municipality, parcel="4711/9", address=f"{word} utca 7.")
        declaration = receive_declaration(
            objects["taxpayer"],
            template_code="ADO-002",
            tax_type="building",
            change="uj",
            effective_on=datetime.date(2026, 5, 1),
            rows=[
                {
                    "parcel_number": house.parcel_number,
                    "address": f"{word} utca 7.",
                    "area_m2": 90,
                    "share": [1, 2],
                }
            ],
            registry_number=f"{word[:3]}-1/2026",
            received_on=datetime.date(2026, 5, 3),
        )
        host = organisation(municipality, f"{word} Szállás Kft.")
        link = tax.register_tourist_tax_collector(
            municipality,
            tax_number=host.tax_number,
            name=f"{word} Szállás Kft.",
            postal_code="3300",
            settlement="Eger",
            address_line=f"{word} köz 3.",
            key=f"ipar:szallas:{word}",
            description=f"{word}szallas panzió",
            valid_from=datetime.date(2025, 1, 1),
            actor=None,
        )
        returns.book_tourist_return(
            host,
            link.tax_object,
            year=2026,
            month=10,
            amount=42_000,
            booked_on=datetime.date(2026, 11, 10),
            reference=f"{word[:3]}-2/2026",
        )
        returns.book_business_return(
            host,
            year=2025,
            annual_tax=310_000,
            next_advances=(150_000, 150_000),
            booked_on=datetime.date(2026, 5, 28),
            reference=f"NAV {word}-HIPA",
        )
        objects["tax_declaration"] = declaration


_build_world_before_tax_declarations = build_world


def build_world():  # noqa: F811  (B's tax returns and declarations on top of the rest)
    world = _build_world_before_tax_declarations()
    _tax_declarations(world)
    return world


# ---------------------------------------------------------------- data export (issue #20/5)


def _data_exports(world):
    """A finished export of each municipality (portal/dataexport): B's file says its marked
    word, so a download of it by anyone of A shows in the response."""
    from django.core.files.base import ContentFile

    from portal.dataexport.models import ExportJob, ExportState

    for municipality, objects, word in (
        (world.a, world.a_objects, "alsovarexport"),
        (world.b, world.b_objects, "zqxbexport"),
    ):
        job = ExportJob(municipality=municipality, state=ExportState.DONE, rows=1)
        job.file.save(f"{word}.zip", ContentFile(word.encode()), save=False)
        job.save()
        objects["data_export"] = job


_build_world_before_data_exports = build_world


def build_world():  # noqa: F811  (each municipality's finished data export on top of the rest)
    world = _build_world_before_data_exports()
    _data_exports(world)
    return world


# ---- Open data and the trade/content API (portal/opendata, portal/api/routers/trade.py,
# content.py): a place of trading of A and of B for ``place_id``, and the phrases of B that
# are public by law. The open data's URLs (/api/v1/open/…) answer B's public register and
# adopted decree to anyone; the test strips exactly these phrases from those answers before
# it looks for markers, so a private word of B (the sole trader's home, mother's name, the
# officer's check note, the accommodation, the draft decree, a taxpayer) still fails it.
PUBLIC_PHRASES_OF_B = (
    "Zqxbkereskedo Kft.",
    "Zqxbkereskedo bolt",
    "Zqxbkereskedo utca 1.",
    "Zqxbkereskedo Ilona e.v.",
    "Zqxbkereskedo virág",
    "Zqxbkereskedo tér 5.",
    "Zqxbposta rendelet 2026",
)
OPEN_DATA_PREFIX = "/api/v1/open/"


def without_public_data(url, content):
    """An open data answer without B's public phrases (see above); others as they are."""
    if not url.startswith(OPEN_DATA_PREFIX):
        return content
    for phrase in PUBLIC_PHRASES_OF_B:
        content = content.replace(phrase.encode(), b"")
    return content


def _trade_places(world):
    from services.commerce.models import Place

    for municipality, objects in ((world.a, world.a_objects), (world.b, world.b_objects)):
        objects["commerce_place"] = (
            Place.objects.for_municipality(municipality).order_by("pk").first()
        )


_build_world_before_trade_places = build_world


def build_world():  # noqa: F811  (the places of trading named by the trade API)
    world = _build_world_before_trade_places()
    _trade_places(world)
    return world


# ---- The open API (portal/api): B's site admins' application with a grant in B, and A's own.
_build_world_before_api = build_world


def build_world():  # noqa: F811  (B's API application on top of the rest)
    from portal.api import tokens

    world = _build_world_before_api()
    for municipality, objects, name in (
        (world.b, world.b_objects, "Zqxbapi könyvelés"),
        (world.a, world.a_objects, "Alsóvári könyvelés"),
    ):
        client = tokens.create_client(
            name, municipality=municipality, grants={municipality: ["tax.read"]}
        )
        tokens.issue_token(client)
        objects["api_client"] = client
    return world
