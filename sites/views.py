"""Admin views for a municipality's site admin: the municipality's own staff.

Every view first finds the municipality among those the user administers, so a site admin
of A asking for B's staff gets a 404, exactly as if B did not exist."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import staff
from .forms import StaffInviteForm, StaffRoleForm
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
            municipalities = municipalities.filter(name__icontains=query)
        self.extra_context = {"municipalities": municipalities[:50], "query": query}
        return super().get(request, *args, **kwargs)


class StaffIndexView(MunicipalityStaffMixin, TemplateView):
    template_name = "sites/staff/index.html"
    page_title = gettext_lazy("Staff")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            municipality=self.municipality,
            memberships=self.memberships()
            .select_related("user")
            .order_by("-is_active", "user__last_name", "user__first_name"),
            role_form=StaffRoleForm(),
            **kwargs,
        )


class StaffInviteView(MunicipalityStaffMixin, FormView):
    template_name = "sites/staff/invite.html"
    form_class = StaffInviteForm
    page_title = gettext_lazy("Invite a colleague")

    def form_valid(self, form):
        membership = staff.invite(
            self.municipality,
            email=form.cleaned_data["email"],
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            role=form.cleaned_data["role"],
            invited_by=self.request.user,
            request=self.request,
        )
        messages.success(
            self.request,
            _("%(user)s now works as %(role)s. New users receive an e-mail to set a password.")
            % {"user": membership.user.email, "role": membership.get_role_display()},
        )
        return redirect(self.index_url())


class StaffMembershipActionView(MunicipalityStaffMixin, TemplateView):
    """POST-only actions on one membership: change the role or deactivate."""

    http_method_names = ["post"]

    def post(self, request, municipality_id, membership_id, action):
        membership = get_object_or_404(self.memberships().select_related("user"), pk=membership_id)
        if membership.user_id == request.user.pk:
            messages.error(request, _("You cannot change your own role or deactivate yourself."))
        elif action == "role":
            form = StaffRoleForm(request.POST)
            if form.is_valid():
                staff.set_role(membership, form.cleaned_data["role"])
                messages.success(
                    request,
                    _("The role of %(user)s was changed.") % {"user": membership.user.email},
                )
            else:
                messages.error(request, _("Choose one of the roles offered."))
        elif action == "deactivate":
            staff.deactivate(membership)
            messages.success(
                request, _("%(user)s was deactivated.") % {"user": membership.user.email}
            )
        return redirect(self.index_url())
