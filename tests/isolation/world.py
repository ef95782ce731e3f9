"""Two municipalities, A and B, and in B one object of every kind a person can reach.

Everything of B that only B's own staff (or one of B's citizens) may see carries a marker,
a word that starts with ``zqxb`` and names the object (``zqxbdraftpage``). A response that
contains such a word has shown somebody something of B: the enumerating test looks for
them in every answer, message and header, and compares B's records before and after every
request to find the ones that changed something.
"""

import re
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone
from wagtail.admin.models import EditingSession
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    PageViewRestriction,
    TaskState,
    UploadedFile,
    Workflow,
)

from portal.journey.models import Representation, WizardDraft
from services.documents import services as registry
from services.documents.casetypes import case_types
from services.documents.constants import Direction
from services.forms import services as forms
from services.forms.models import FormNotification, Submission
from services.payments.models import Payment
from sites.constants import StaffRole
from sites.models import NewsPage, SiteSettings, StaffMembership, StandardPage
from sites.provisioning import provision_municipality
from sites.staff import add_member
from tests.factories.forms import library_template
from tests.factories.municipalities import MunicipalityDataFactory, UserFactory, png_file
from tests.factories.payments import MerchantAccountFactory
from tests.factories.staff import OperatorFactory, StaffFactory
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


def _staff(municipality, role, username, **fields):
    return StaffFactory(municipality=municipality, role=role, username=username, **fields)


def _child(parent, page):
    parent.add_child(instance=page)
    return page


def build_world():
    a = provision_municipality(
        MunicipalityDataFactory(name="Alsóvár", slug="alsovar", ksh_code="60001")
    ).municipality
    b = provision_municipality(
        MunicipalityDataFactory(name="Felsővár", slug="felsovar", ksh_code="60002")
    ).municipality
    world = World(a=a, b=b)
    _people(world)
    _pages(world)
    _media(world)
    _moderation(world)
    _settings_and_redirects(world)
    _forms_and_cases(world)
    _citizen_affairs(world)
    return world


def _people(world):
    a, b = world.a, world.b
    users = world.users
    for role in StaffRole:
        users[f"{role}_a"] = _staff(a, role, f"{role}_a")
    users["operator"] = OperatorFactory()
    # B's own staff: their names are B's personal data.
    for role in StaffRole:
        users[f"{role}_b"] = _staff(
            b,
            role,
            f"{role}_b",
            first_name="Zqxbstaff",
            last_name=f"Zqxb{role.replace('_', '')}",
            email=f"zqxbstaff{role.replace('_', '')}@example.hu",
        )
    # People with roles in both: each must act in B only with B's role.
    mixed = {
        "officer_a+editor_b": (StaffRole.OFFICER, StaffRole.EDITOR),
        "site_admin_a+officer_b": (StaffRole.SITE_ADMIN, StaffRole.OFFICER),
        "moderator_a+editor_b": (StaffRole.MODERATOR, StaffRole.EDITOR),
        "officer_a+site_admin_b": (StaffRole.OFFICER, StaffRole.SITE_ADMIN),
    }
    for name, (role_in_a, role_in_b) in mixed.items():
        user = _staff(a, role_in_a, name.replace("+", "_"))
        add_member(b, user, role_in_b)
        users[name] = user
    from sites.invitations import invite

    for municipality, objects, name in (
        (a, world.a_objects, "Meghívott"),
        (b, world.b_objects, "Zqxbinvitee"),
    ):
        objects["invitation"] = invite(
            municipality,
            email=f"{name.lower()}@example.hu",
            first_name=name,
            last_name=name,
            role=StaffRole.EDITOR,
            invited_by=users["site_admin_a" if municipality == a else "site_admin_b"],
        )
    users["citizen_a"] = UserFactory(username="polgar_a", first_name="Anna", last_name="Kiss")
    users["citizen_b"] = UserFactory(
        username="polgar_b",
        first_name="Zqxbcitizen",
        last_name="Zqxbpolgar",
        email="zqxbcitizen@example.hu",
    )
    world.a_objects["municipality"] = a
    world.b_objects["municipality"] = b
    world.a_objects["membership"] = StaffMembership.objects.for_municipality(a).get(
        user=users["editor_a"]
    )
    world.b_objects["membership"] = StaffMembership.objects.for_municipality(b).get(
        user=users["editor_b"]
    )
    world.b_objects["user"] = users["editor_b"]
    world.a_objects["user"] = users["editor_a"]
    world.b_objects["group"] = Group.objects.get(pk=users["editor_b"].groups.get().pk)
    # Group names are B's too (the privacy modal's "specific groups" offers them).
    world.b_objects["group"].name = "Felsővár zqxbgroup szerkesztők"
    world.b_objects["group"].save()
    world.a_objects["group"] = Group.objects.get(pk=users["editor_a"].groups.get().pk)


def _pages(world):
    a, b, users = world.a, world.b, world.users
    b_root = b.root_page.specific
    draft = StandardPage(title="Titkos zqxbdraftpage", slug="piszkozat", live=False)
    _child(b_root, draft)
    draft.save_revision(user=users["editor_b"])

    live = _child(b_root, StandardPage(title="Ügyfélfogadás rendje", slug="fogadoora"))
    live.save_revision(user=users["editor_b"]).publish()
    live.title = "Titkos zqxbrevision"
    revision = live.save_revision(user=users["editor_b"])

    private = _child(b_root, StandardPage(title="Titkos zqxbprivatepage", slug="belso-oldal"))
    private.save_revision(user=users["editor_b"]).publish()
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="titok"
    )

    news_index = b_root.get_children().type(*_news_index_types()).first()
    news = NewsPage(
        title="Titkos zqxbnewsdraft",
        slug="titkos-hir",
        live=False,
        date=timezone.localdate(),
    )
    _child(news_index.specific if news_index else b_root, news)
    news.tags.add("zqxbtag")
    news.save_revision(user=users["editor_b"])

    world.b_objects.update(page=draft, live_page=live, revision=revision, private_page=private)
    a_page = _child(a.root_page.specific, StandardPage(title="Alsóvári oldal", slug="oldal"))
    world.a_objects.update(
        page=a_page, live_page=a_page, revision=a_page.save_revision(user=users["editor_a"])
    )
    world.a_objects["private_page"] = a_page


def _news_index_types():
    from sites.models import NewsIndexPage

    return (NewsIndexPage,)


def _media(world):
    a, b, users = world.a, world.b, world.users
    Image = get_image_model()
    Document = get_document_model()
    b_collection = b.collection
    secret = b_collection.add_child(instance=Collection(name="Titkos zqxbcollection"))
    CollectionViewRestriction.objects.create(
        collection=secret, restriction_type=CollectionViewRestriction.PASSWORD, password="titok"
    )
    image = Image.objects.create(
        title="Titkos zqxbimage", file=png_file("zqxbimage.png"), collection=b_collection
    )
    document = Document(title="Titkos zqxbdocument", collection=secret)
    document.file.save("rendelet.pdf", ContentFile(b"%PDF-1.4 zqxbfile"), save=False)
    document.save()
    upload = UploadedFile.objects.create(
        file=ContentFile(b"zqxbupload", name="zqxbupload.txt"),
        uploaded_by_user=users["editor_b"],
    )
    world.b_objects.update(collection=secret, image=image, document=document, uploaded_file=upload)
    a_image = Image.objects.create(title="Alsóvári kép", file=png_file(), collection=a.collection)
    a_document = Document(title="Alsóvári dokumentum", collection=a.collection)
    a_document.file.save("a.pdf", ContentFile(b"%PDF-1.4 a"), save=False)
    a_document.save()
    world.a_objects.update(
        collection=a.collection,
        image=a_image,
        document=a_document,
        uploaded_file=UploadedFile.objects.create(
            file=ContentFile(b"a", name="a.txt"), uploaded_by_user=users["editor_a"]
        ),
    )


def _workflow_of(municipality):
    return Workflow.objects.get(workflow_pages__page_id=municipality.root_page_id)


def _moderation(world):
    b, users = world.b, world.users
    workflow = _workflow_of(b)
    workflow.name = "Felsővár zqxbworkflow"
    workflow.save()
    task = workflow.tasks.first().specific
    task.name = "Felsővár zqxbtask"
    task.save()
    page = world.b_objects["page"]
    workflow_state = workflow.start(page, users["editor_b"])
    task_state = TaskState.objects.get(workflow_state=workflow_state)
    session = EditingSession.objects.create(
        user=users["editor_b"],
        content_object=page,
        last_seen_at=timezone.now(),
    )
    world.b_objects.update(
        workflow=workflow,
        task=task,
        workflow_state=workflow_state,
        task_state=task_state,
        editing_session=session,
    )
    a_workflow = _workflow_of(world.a)
    a_state = a_workflow.start(world.a_objects["page"], users["editor_a"])
    world.a_objects.update(
        workflow=a_workflow,
        task=a_workflow.tasks.first().specific,
        workflow_state=a_state,
        task_state=TaskState.objects.get(workflow_state=a_state),
        editing_session=EditingSession.objects.create(
            user=users["editor_a"],
            content_object=world.a_objects["page"],
            last_seen_at=timezone.now(),
        ),
    )


def _settings_and_redirects(world):
    from wagtail.contrib.redirects.models import Redirect

    for municipality, objects, text in (
        (world.b, world.b_objects, "Felsővári ügyfélfogadás: hétfőn"),
        (world.a, world.a_objects, "Alsóvár"),
    ):
        settings = SiteSettings.for_site(municipality.site)
        settings.footer_text = text
        settings.save()
        objects["site"] = municipality.site
        objects["redirect"] = Redirect.objects.create(
            site=municipality.site,
            old_path=f"/{municipality.slug}-regi-oldal",
            redirect_link=f"https://example.hu/{municipality.slug}",
        )


def _forms_and_cases(world):
    b, users = world.b, world.users
    template = library_template("PANASZ-001")
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
    submission = forms.submit(
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
    MerchantAccountFactory(
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
    draft = WizardDraft.objects.for_municipality(b).get(submission__reference=open_draft)
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
