"""All admin wiring of municipalities: staff management, operators' fleet view, and the
page-tree rules that keep one municipality's editors out of another's pages."""

from django.http import Http404
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet

from . import avatars, privacy
from . import urls as staff_urls
from .models import Municipality
from .tenancy import pages_for_user


@hooks.register("register_admin_urls")
def register_staff_urls():
    return [path("munkatarsak/", include(staff_urls, namespace="municipal_staff"))]


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return Municipality.objects.administered_by(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_staff_menu_item():
    return StaffMenuItem(
        _("Staff"), reverse("municipal_staff:choose"), icon_name="group", order=900
    )


@hooks.register("get_avatar_url")
def initials_instead_of_gravatar(user, size):
    return avatars.initials_avatar_url(user, size)


@hooks.register("construct_page_chooser_queryset")
def limit_page_chooser_to_own_municipality(pages, request):
    # Wagtail lets an editor link to any page of the installation; a municipality's editors
    # must not even see that other municipalities' pages exist.
    return pages_for_user(pages, request.user)


@hooks.register("construct_explorer_page_queryset")
def limit_explorer_to_own_municipality(parent_page, pages, request):
    return pages_for_user(pages, request.user)


@hooks.register("before_serve_page")
def refuse_inactive_municipality(page, request, serve_args, serve_kwargs):
    municipality = getattr(request, "municipality", None)
    if municipality is not None and not municipality.active:
        raise Http404(_("This municipality's website is not available."))


@hooks.register("before_serve_page")
def admit_only_own_staff_to_private_pages(page, request, serve_args, serve_kwargs):
    # Visitors who are not logged in are left to Wagtail's check, which sends them to the
    # login page; so anonymous traffic costs no query here.
    if not request.user.is_authenticated:
        return None
    if not privacy.is_staff_only(page.get_view_restrictions()):
        return None
    municipality = privacy.municipality_of_page(page)
    if privacy.is_staff_of(request.user, municipality):
        return None
    return privacy.refusal(request, municipality)


@hooks.register("before_serve_document")
def admit_only_own_staff_to_private_documents(document, request):
    if not request.user.is_authenticated:
        return None
    if not privacy.is_staff_only(document.collection.get_view_restrictions()):
        return None
    municipality = privacy.municipality_of_collection(document.collection)
    if privacy.is_staff_of(request.user, municipality):
        return None
    return privacy.refusal(request, municipality)


@hooks.register("before_serve_page")
def mark_page_cacheable(page, request, serve_args, serve_kwargs):
    # The page cache (sites.page_cache) stores only what a page allows. A page behind a view
    # restriction needs no check here: its visitors are logged in (a session, never cached),
    # the others get a redirect or the password form, whose CSRF cookie keeps it out too.
    request.page_cacheable = getattr(page.specific_class, "cache_for_anonymous", True)


class MunicipalityViewSet(ModelViewSet):
    """The provider operators' view of the fleet (model permissions: superusers only)."""

    model = Municipality
    icon = "site"
    menu_label = _("Municipalities")
    menu_order = 950
    add_to_admin_menu = True
    list_display = ["name", "county", "legal_status", "ksh_code", "active", "joined_on"]
    list_filter = ["county", "legal_status", "active"]
    search_fields = ["name", "ksh_code", "postal_code"]
    form_fields = [
        "name",
        "county",
        "legal_status",
        "population",
        "postal_code",
        "address",
        "email",
        "phone",
        "tax_bank_account",
        "active",
    ]


@hooks.register("register_admin_viewset")
def register_municipality_viewset():
    return MunicipalityViewSet("municipalities")


# After Wagtail's own images and documents apps have registered their endpoints.
@hooks.register("construct_admin_api", order=100)
def scope_admin_api_media(router):
    # The admin API's image and document listings list every file of the installation;
    # these list what the user's collection permissions reach (their own municipality's).
    from .admin_api import ScopedDocumentsAdminAPIViewSet, ScopedImagesAdminAPIViewSet

    router.register_endpoint("images", ScopedImagesAdminAPIViewSet)
    router.register_endpoint("documents", ScopedDocumentsAdminAPIViewSet)
