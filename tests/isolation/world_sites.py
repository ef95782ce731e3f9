"""The municipal website's and the staff's half of the isolation world (world.py): people
of A and B, B's pages, media, moderation, settings and redirects, and A's own of each."""

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
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

from sites.constants import StaffRole
from sites.models import NewsPage, SiteSettings, StaffMembership, StandardPage
from sites.staff import set_role
from tests.factories.municipalities import UserFactory, png_file


def _staff(municipality, role, username, **fields):
    user = UserFactory(username=username, **fields)
    membership = StaffMembership.objects.for_municipality(municipality).create(
        municipality=municipality, user=user, role=role
    )
    set_role(membership, role)
    return user


def _add_role(user, municipality, role):
    membership = StaffMembership.objects.for_municipality(municipality).create(
        municipality=municipality, user=user, role=role
    )
    set_role(membership, role)


def _child(parent, page):
    parent.add_child(instance=page)
    return page


def add_people(world):
    a, b = world.a, world.b
    users = world.users
    for role in StaffRole:
        users[f"{role}_a"] = _staff(a, role, f"{role}_a")
    users["operator"] = UserFactory(username="operator", is_superuser=True, is_staff=True)
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
        "tax_officer_a+editor_b": (StaffRole.TAX_OFFICER, StaffRole.EDITOR),
        "trade_officer_a+editor_b": (StaffRole.TRADE_OFFICER, StaffRole.EDITOR),
    }
    for name, (role_in_a, role_in_b) in mixed.items():
        user = _staff(a, role_in_a, name.replace("+", "_"))
        _add_role(user, b, role_in_b)
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


def add_pages(world):
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


def add_media(world):
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


def add_moderation(world):
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


def add_settings_and_redirects(world):
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
