"""Admin views for a municipality's site admin: the municipality's own staff.

Built on the officer workspace (sites.workspace): every view first finds the municipality
among those the user administers, so a site admin of A asking for B's staff gets a 404,
exactly as if B did not exist."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from . import invitations, ratelimits, staff, workspace
from .forms import StaffInviteForm, StaffRoleForm
from .hungarian import HungarianOrder
from .models import Municipality, StaffMembership
from .workspace import MunicipalWorkspaceMixin, ObjectView, WorkspaceMixin


class StaffWorkspaceMixin(WorkspaceMixin):
    """The site admins' workspace (sites.workspace): the municipalities whose staff the user
    manages, as site admin or operator."""

    header_icon = "group"
    index_url_name = "municipal_staff:choose"
    workspace_label = gettext_lazy("Staff")

    def municipalities(self):
        return Municipality.objects.administered_by(self.request.user)


class MunicipalityStaffMixin(StaffWorkspaceMixin, MunicipalWorkspaceMixin):
    def index_url(self):
        return reverse("municipal_staff:index", args=[self.municipality.pk])

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": self.index_url(), "label": self.municipality.name},
        ]

    def memberships(self):
        return StaffMembership.objects.for_municipality(self.municipality)


class ChooseMunicipalityView(StaffWorkspaceMixin, workspace.ChooseMunicipalityView):
    """Where the "Staff" menu item leads: straight to the municipality of the site being
    worked on, or to the one a site admin runs."""

    page_title = gettext_lazy("Staff")
    home_url_name = "municipal_staff:index"

    def get(self, request, *args, **kwargs):
        current = getattr(request, "municipality", None)
        if current is not None and self.municipalities().filter(pk=current.pk).exists():
            return redirect(self.home_url_name, current.pk)
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


class StaffMembershipActionView(MunicipalityStaffMixin, ObjectView):
    """POST-only actions on one membership: change the role, deactivate, invite again."""

    http_method_names = ["post"]
    pk_url_kwarg = "membership_id"
    actions = {"role": "change_role", "deactivate": "deactivate", "reinvite": "reinvite"}

    def get_object_queryset(self):
        return self.memberships().select_related("user")

    def perform(self, handler):
        if self.object.user_id == self.request.user.pk:
            messages.error(
                self.request, _("You cannot change your own role or deactivate yourself.")
            )
        else:
            handler(self.object)
        return redirect(self.index_url())

    def chosen_role(self):
        form = StaffRoleForm(self.request.POST)
        if not form.is_valid():
            messages.error(self.request, _("Choose one of the roles offered."))
            return None
        return form.cleaned_data["role"]

    def only_by_invitation(self):
        messages.error(
            self.request,
            _(
                "A former colleague gets a role again only by accepting an invitation: "
                "invite their e-mail address."
            ),
        )

    def deactivate(self, membership):
        staff.deactivate(membership)
        messages.success(
            self.request, _("%(user)s was deactivated.") % {"user": membership.user.email}
        )

    def change_role(self, membership):
        role = self.chosen_role()
        if role is None:
            return
        if not membership.is_active:
            self.only_by_invitation()
            return
        staff.set_role(membership, role)
        messages.success(
            self.request, _("The role of %(user)s was changed.") % {"user": membership.user.email}
        )

    def reinvite(self, membership):
        role = self.chosen_role()
        if role is None:
            return
        if membership.is_active or not membership.user.email:
            self.only_by_invitation()
            return
        # A former member is invited like anyone else: the account may have become a
        # citizen's since, and only its owner can say yes.
        invitation = invitations.invite(
            self.municipality,
            email=membership.user.email,
            first_name=membership.user.first_name,
            last_name=membership.user.last_name,
            role=role,
            invited_by=self.request.user,
        )
        messages.success(self.request, _sent_message(invitation))


class StaffInvitationActionView(MunicipalityStaffMixin, ObjectView):
    """POST-only actions on one open invitation of this municipality: send again, revoke."""

    http_method_names = ["post"]
    pk_url_kwarg = "invitation_id"
    actions = {"resend": "resend", "revoke": "revoke"}

    def get_object_queryset(self):
        return invitations.open_invitations(self.municipality)

    def perform(self, handler):
        handler(self.object)
        return redirect(self.index_url())

    def resend(self, invitation):
        # Each sending is an e-mail to somebody outside: limited per invitation and officer.
        if ratelimits.hit(self.request, "resend_invitation", key=f"invitation-{invitation.pk}"):
            messages.error(self.request, ratelimits.LIMIT_MESSAGE)
            return
        invitations.resend(invitation)
        messages.success(self.request, _sent_message(invitation))

    def revoke(self, invitation):
        invitations.revoke(invitation, by=self.request.user)
        messages.success(
            self.request,
            _("The invitation of %(email)s was withdrawn; its link no longer works.")
            % {"email": invitation.email},
        )
