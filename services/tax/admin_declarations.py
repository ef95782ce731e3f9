"""Property-tax declarations (ADO-002, -003, -004) in the tax officers' workspace: the
queue of declarations received on the portal, one declaration with what it declares next
to what the register says, where the officer accepts it (the register changes from its
effective date) or refuses it with a reason."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sites.access import has_perm_in
from sites.workspace import ListView, ObjectView

from . import services
from .admin_views import MunicipalMixin
from .models import DeclarationState
from .services.property_declarations import (
    accept_declaration,
    declaration_history,
    declarations_of,
    find_property,
    refuse_declaration,
)

DECIDE_PERMISSION = "tax.change_propertydeclaration"


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason of the refusal"), widget=forms.Textarea(attrs={"rows": 3})
    )


class DeclarationListView(MunicipalMixin, ListView):
    template_name = "tax/admin/declarations.html"
    page_title = gettext_lazy("Property-tax declarations")
    page_size = 50

    def get_filter_form(self):
        return None

    def get_queryset(self):
        return declarations_of(self.municipality, state=self.request.GET.get("state", "received"))

    def shown(self, page):
        rows = list(page.object_list)
        names = services.current_details(self.municipality, [r.taxpayer_id for r in rows])
        for row in rows:
            details = names.get(row.taxpayer_id)
            row.name = details.name if details else ""
        return rows

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            states=DeclarationState.choices,
            state=self.request.GET.get("state", "received"),
            **kwargs,
        )


class DeclarationView(MunicipalMixin, ObjectView):
    template_name = "tax/admin/declaration.html"
    page_title = gettext_lazy("Property-tax declaration")
    pk_url_kwarg = "declaration_id"
    context_object_name = "declaration"
    actions = {"accept": "accept", "refuse": "refuse"}

    def get_object_queryset(self):
        return declarations_of(self.municipality)

    def get_page_subtitle(self):
        return self.object.registry_number

    def get_context_data(self, **kwargs):
        declaration = self.object
        kwargs.setdefault("refuse_form", RefuseForm())
        details = services.current_details(self.municipality, [declaration.taxpayer_id])
        row = details.get(declaration.taxpayer_id)
        declared = []
        for item in declaration.rows:
            prop = find_property(self.municipality, item.get("parcel_number", ""))
            current = services.property_details_on(prop, declaration.effective_on) if prop else None
            declared.append({**item, "property": prop, "current": current})
        return super().get_context_data(
            name=row.name if row else "",
            declared=declared,
            events=list(declaration_history(declaration)),
            can_decide=has_perm_in(self.request.user, DECIDE_PERMISSION, self.municipality)
            and declaration.state == DeclarationState.RECEIVED,
            **kwargs,
        )

    def perform(self, handler):
        if not has_perm_in(self.request.user, DECIDE_PERMISSION, self.municipality):
            raise PermissionDenied
        return handler(self.object)

    def accept(self, declaration):
        try:
            accept_declaration(declaration, actor=self.actor())
        except services.TaxError as error:
            messages.error(self.request, str(error))
        else:
            messages.success(
                self.request, _("The declaration is accepted: the register is updated.")
            )
        return redirect("tax_admin:declaration", self.municipality.pk, declaration.pk)

    def refuse(self, declaration):
        form = RefuseForm(self.request.POST)
        if form.is_valid():
            try:
                refuse_declaration(
                    declaration, reason=form.cleaned_data["reason"], actor=self.actor()
                )
            except services.TaxError as error:
                messages.error(self.request, str(error))
            else:
                messages.success(self.request, _("The declaration is refused."))
            return redirect("tax_admin:declaration", self.municipality.pk, declaration.pk)
        return self.render_to_response(self.get_context_data(refuse_form=form), status=400)
