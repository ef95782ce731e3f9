from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

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
