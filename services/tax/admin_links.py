"""The officer's page of one taxpayer's portal account link (``…/adozo/<id>/portalfiok/``):
the link in force and its history, the accounts whose verified identity matches the
register (to confirm one), ending a link with its reason, and the taxpayer's card
payments. Kept beside ``admin_views`` (whose mixins it uses) so the two grow apart."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sites.hungarian import user_name
from sites.workspace import ObjectView

from . import services
from .admin_views import MunicipalMixin
from .models import LinkBasis, PortalLink


def link_name(link):
    """The linked person as the identity provider named them (family name first)."""
    identity = (link.matched or {}).get("identity", {})
    name = " ".join(p for p in (identity.get("family_name"), identity.get("given_name")) if p)
    return name or user_name(link.user)


class PortalLinkView(MunicipalMixin, ObjectView):
    template_name = "tax/admin/portal_link.html"
    page_title = gettext_lazy("Portal account")
    pk_url_kwarg = "taxpayer_id"
    context_object_name = "taxpayer"
    actions = {"link": "link", "end": "end"}

    def get_object_queryset(self):
        return self.taxpayers()

    def get_page_subtitle(self):
        return self.object.identifier

    def get_context_data(self, **kwargs):
        taxpayer = self.object
        link = services.link_of(taxpayer)
        return super().get_context_data(
            link=link,
            link_name=link_name(link) if link else "",
            history=list(services.links_history(taxpayer)),
            proposals=services.proposals_for(taxpayer),
            orders=list(services.card_payments_of(taxpayer)[:20]),
            details=services.details_on(taxpayer, timezone.localdate()),
            **kwargs,
        )

    def back(self):
        return redirect("tax_admin:portal_link", self.municipality.pk, self.object.pk)

    def link(self, taxpayer):
        # Only an account the page proposed may be confirmed: the id must be among them.
        proposed = {p.identity.user.pk: p for p in services.proposals_for(taxpayer)}
        try:
            user_id = int(self.request.POST.get("user", ""))
        except ValueError:
            user_id = None
        if user_id not in proposed:
            messages.error(
                self.request,
                _("The account is not among the proposed ones; reload the page and try again."),
            )
            return self.back()
        user = get_user_model().objects.get(pk=user_id)
        try:
            services.link_taxpayer(taxpayer, user, basis=LinkBasis.PROPOSAL, actor=self.actor())
        except services.TaxError as error:
            messages.error(self.request, str(error))
        else:
            messages.success(self.request, _("The taxpayer is linked to the portal account."))
        return self.back()

    def end(self, taxpayer):
        link = (
            PortalLink.objects.for_municipality(self.municipality)
            .filter(taxpayer=taxpayer, pk=self.request.POST.get("link") or 0)
            .first()
        )
        if link is None:
            messages.error(self.request, _("This link has already ended."))
            return self.back()
        try:
            services.end_link(link, reason=self.request.POST.get("reason", ""), actor=self.actor())
        except services.TaxError as error:
            messages.error(self.request, str(error))
        else:
            messages.success(self.request, _("The link has ended."))
        return self.back()
