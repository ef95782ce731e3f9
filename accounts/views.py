from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sites import invitations, ratelimits

from .models import IdentificationRecord, PhoneNumber
from .phone import display_phone
from .services import profile_for, session_identity


@login_required
def profile(request):
    """ "Profilom": the signed-in person's own identity data and login methods.

    Everything is looked up through ``request.user``; there is no identifier in the URL
    that could point at somebody else's profile."""
    user = request.user
    phone = PhoneNumber.objects.filter(user=user).first()
    context = {
        "profile": profile_for(user),
        "session_identity": session_identity(request),
        "identifications": IdentificationRecord.objects.filter(user=user)[:5],
        "national_agent_accounts": SocialAccount.objects.filter(user=user),
        "email_addresses": EmailAddress.objects.filter(user=user),
        "phone": phone,
        "phone_display": display_phone(phone.number) if phone else "",
        "has_password": user.has_usable_password(),
        "has_totp": Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists(),
    }
    return render(request, "accounts/profile.html", context)


@require_http_methods(["GET", "POST"])
def accept_invitation(request, token):
    """A site admin's invitation to work for a municipality, opened from its e-mail.

    Logged out, the page explains and offers the login and the sign-up with the invited
    address; logged in, it either says why this account cannot accept (a citizen account,
    an address not confirmed, a used or expired link) or asks for a confirmation. Only the
    confirmation (a POST) gives the role: a link that a mail scanner opens changes nothing.
    Limited per client address: nobody tries tokens one after the other."""
    if ratelimits.hit(request, "accept_invitation"):
        return ratelimits.too_many_requests(request)
    invitation = invitations.find(token)
    user = request.user
    if user.is_authenticated:
        refusal = invitations.refusal_for(invitation, user)
    else:
        refusal = invitations.refusal_of_invitation(invitation)
    if refusal is None and request.method == "POST" and user.is_authenticated:
        try:
            membership = invitations.accept(token, user)
        except invitations.InvitationRefused as refused:
            refusal = refused.refusal
        else:
            messages.success(
                request,
                _(
                    "You now work for %(municipality)s as %(role)s. Set up two-step "
                    "verification when the admin asks for it."
                )
                % {
                    "municipality": membership.municipality.name,
                    "role": membership.get_role_display().lower(),
                },
            )
            return redirect("wagtailadmin_home")
    if refusal is None:
        status = 200
    elif refusal == invitations.Refusal.INVALID:
        status = 404
    else:
        status = 403 if refusal.concerns_account else 410
    context = {
        "invitation": invitation,
        "refusal": refusal,
        "refusal_message": refusal.message(invitation) if refusal else "",
        "next": request.get_full_path(),
    }
    return render(request, "accounts/invitation.html", context, status=status)
