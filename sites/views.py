"""Admin views for a municipality's site admin: the municipality's own staff.

Every view first finds the municipality among those the user administers, so a site admin
of A asking for B's staff gets a 404, exactly as if B did not exist."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import invitations, staff
from .forms import StaffInviteForm, StaffRoleForm
from .hungarian import HungarianOrder
from .models import Municipality, StaffMembership


class MunicipalityStaffMixin(WagtailAdminTemplateMixin):
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        self.municipality = get_object_or_404(
            Municipality.objects.administered_by(request.user), pk=kwargs["municipality_id"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.municipality.name

    def index_url(self):
        return reverse("municipal_staff:index", args=[self.municipality.pk])

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("municipal_staff:choose"), "label": _("Staff")},
            {"url": self.index_url(), "label": self.municipality.name},
        ]

    def memberships(self):
        return StaffMembership.objects.for_municipality(self.municipality)


class ChooseMunicipalityView(WagtailAdminTemplateMixin, TemplateView):
    """Where the "Staff" menu item leads: straight to the one municipality a site admin runs."""

    template_name = "sites/staff/choose.html"
    page_title = gettext_lazy("Staff")
    header_icon = "group"

    def get(self, request, *args, **kwargs):
        municipalities = Municipality.objects.administered_by(request.user)
        current = getattr(request, "municipality", None)
        if current is not None and municipalities.filter(pk=current.pk).exists():
            return redirect("municipal_staff:index", current.pk)
        if not request.user.is_superuser:
            only = list(municipalities[:2])
            if not only:
                raise PermissionDenied
            if len(only) == 1:
                return redirect("municipal_staff:index", only[0].pk)
        query = request.GET.get("q", "").strip()[:100]
        if query:
            municipalities = municipalities.search(query)
        self.extra_context = {"municipalities": municipalities[:50], "query": query}
        return super().get(request, *args, **kwargs)


class StaffIndexView(MunicipalityStaffMixin, TemplateView):
    """This municipality's members and open invitations, and nobody else's data: an
    invitation shows what the site admin typed, never the account behind an address."""

    template_name = "sites/staff/index.html"
    page_title = gettext_lazy("Staff")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            municipality=self.municipality,
            memberships=self.memberships()
            .select_related("user")
            .order_by(
                "-is_active", HungarianOrder("user__last_name"), HungarianOrder("user__first_name")
            ),
            invitations=invitations.open_invitations(self.municipality)[:200],
            now=timezone.now(),
            role_form=StaffRoleForm(),
            **kwargs,
        )


class StaffInviteView(MunicipalityStaffMixin, FormView):
    template_name = "sites/staff/invite.html"
    form_class = StaffInviteForm
    page_title = gettext_lazy("Invite a colleague")

    def get_context_data(self, **kwargs):
        return super().get_context_data(invitation_days=settings.STAFF_INVITATION_DAYS, **kwargs)

    def form_valid(self, form):
        invitation = invitations.invite(
            self.municipality,
            email=form.cleaned_data["email"],
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            role=form.cleaned_data["role"],
            invited_by=self.request.user,
        )
        messages.success(self.request, _sent_message(invitation))
        return redirect(self.index_url())


def _sent_message(invitation):
    # The same words whether or not an account exists for the address: the site admin must
    # not learn who has an account on the platform.
    return _(
        "We sent an invitation to %(email)s. The role of %(role)s is given when the owner "
        "of this address accepts it with a confirmed account."
    ) % {"email": invitation.email, "role": invitation.get_role_display()}


class StaffMembershipActionView(MunicipalityStaffMixin, TemplateView):
    """POST-only actions on one membership: change the role, deactivate, invite again."""

    http_method_names = ["post"]

    def post(self, request, municipality_id, membership_id, action):
        membership = get_object_or_404(self.memberships().select_related("user"), pk=membership_id)
        form = StaffRoleForm(request.POST)
        if membership.user_id == request.user.pk:
            messages.error(request, _("You cannot change your own role or deactivate yourself."))
        elif action == "deactivate":
            staff.deactivate(membership)
            messages.success(
                request, _("%(user)s was deactivated.") % {"user": membership.user.email}
            )
        elif not form.is_valid():
            messages.error(request, _("Choose one of the roles offered."))
        elif action == "role" and membership.is_active:
            staff.set_role(membership, form.cleaned_data["role"])
            messages.success(
                request, _("The role of %(user)s was changed.") % {"user": membership.user.email}
            )
        elif action == "reinvite" and not membership.is_active and membership.user.email:
            # A former member is invited like anyone else: the account may have become a
            # citizen's since, and only its owner can say yes.
            invitation = invitations.invite(
                self.municipality,
                email=membership.user.email,
                first_name=membership.user.first_name,
                last_name=membership.user.last_name,
                role=form.cleaned_data["role"],
                invited_by=request.user,
            )
            messages.success(request, _sent_message(invitation))
        else:
            messages.error(
                request,
                _(
                    "A former colleague gets a role again only by accepting an invitation: "
                    "invite their e-mail address."
                ),
            )
        return redirect(self.index_url())


class StaffInvitationActionView(MunicipalityStaffMixin, TemplateView):
    """POST-only actions on one open invitation of this municipality: send again, revoke."""

    http_method_names = ["post"]

    def post(self, request, municipality_id, invitation_id, action):
        invitation = get_object_or_404(
            invitations.open_invitations(self.municipality), pk=invitation_id
        )
        if action == "resend":
            invitations.resend(invitation)
            messages.success(request, _sent_message(invitation))
        elif action == "revoke":
            invitations.revoke(invitation, by=request.user)
            messages.success(
                request,
                _("The invitation of %(email)s was withdrawn; its link no longer works.")
                % {"email": invitation.email},
            )
        return redirect(self.index_url())
