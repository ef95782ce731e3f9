"""A municipality's API applications in the Wagtail admin: its site admins (and the
provider's operators) create them, see their scopes, issue a token shown once, revoke.

Who reaches a municipality is ``Municipality.objects.administered_by``: a site admin of A
sees only A's applications (anything of B is a 404); an operator reaches every one. The
provider's own applications (for any municipality) are made with ``manage.py api_client``."""

import datetime

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from sites.models import Municipality
from sites.workspace import ChooseMunicipalityView, MunicipalWorkspaceMixin, ObjectView

from .models import ApiCall, ApiClient
from .scopes import Scope
from .tokens import ClientError, create_client, issue_token, revoke_client, revoke_token


def can_manage(user):
    return Municipality.objects.administered_by(user).exists()


class ClientForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=120)
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("Scopes"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple
    )


class TokenForm(forms.Form):
    days = forms.IntegerField(
        label=gettext_lazy("Valid for (days, 0: until revoked)"),
        min_value=0,
        max_value=3650,
        initial=365,
    )


class ApiAdminMixin:
    index_url_name = "api_admin:index"
    workspace_label = gettext_lazy("API applications")

    def municipalities(self):
        return Municipality.objects.administered_by(self.request.user)


class IndexView(ApiAdminMixin, ChooseMunicipalityView):
    page_title = gettext_lazy("API applications")
    home_url_name = "api_admin:clients"


class ClientsView(ApiAdminMixin, MunicipalWorkspaceMixin, TemplateView):
    template_name = "api/admin/clients.html"
    page_title = gettext_lazy("API applications")

    def clients(self):
        return ApiClient.objects.filter(municipality=self.municipality, owner=None)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", ClientForm())
        kwargs["clients"] = self.clients().prefetch_related("grants")
        kwargs["calls"] = ApiCall.objects.filter(municipality=self.municipality)[:20]
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form = ClientForm(request.POST)
        if form.is_valid():
            try:
                client = create_client(
                    form.cleaned_data["name"],
                    municipality=self.municipality,
                    grants={self.municipality: form.cleaned_data["scopes"]},
                    created_by=request.user,
                )
            except ClientError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Application created: %(name)s.") % {"name": client})
                return redirect("api_admin:client", self.municipality.pk, client.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ClientView(ApiAdminMixin, ObjectView):
    template_name = "api/admin/client.html"
    pk_url_kwarg = "api_client_id"
    context_object_name = "client"
    actions = {"issue": "issue", "revoke_token": "revoke_one", "revoke": "revoke_all"}

    def get_page_title(self):
        return str(self.object)

    def get_object_queryset(self):
        return ApiClient.objects.filter(municipality=self.municipality, owner=None)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("token_form", TokenForm())
        kwargs["grants"] = [
            (grant.municipality, [Scope(s).label for s in grant.scopes if s in Scope.values])
            for grant in self.object.grants.select_related("municipality")
        ]
        kwargs["tokens"] = self.object.tokens.all()
        return super().get_context_data(**kwargs)

    def issue(self, client):
        form = TokenForm(self.request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(token_form=form), status=400)
        days = form.cleaned_data["days"]
        expires = timezone.now() + datetime.timedelta(days=days) if days else None
        try:
            _token, secret = issue_token(client, expires_at=expires)
        except ClientError as error:
            messages.error(self.request, str(error))
            return redirect("api_admin:client", self.municipality.pk, client.pk)
        # Shown on this answer only, never stored: no redirect, and no cache may keep it.
        response = self.render_to_response(self.get_context_data(secret=secret))
        response["Cache-Control"] = "no-store"
        return response

    def revoke_one(self, client):
        token = client.tokens.filter(pk=self.request.POST.get("token_id") or 0).first()
        if token is not None:
            revoke_token(token)
            messages.success(
                self.request, _("Token %(prefix)s… revoked.") % {"prefix": token.prefix}
            )
        return redirect("api_admin:client", self.municipality.pk, client.pk)

    def revoke_all(self, client):
        revoke_client(client)
        messages.success(self.request, _("Application revoked with all its tokens."))
        return redirect("api_admin:client", self.municipality.pk, client.pk)
