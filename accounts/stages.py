from allauth.account.stages import EmailVerificationStage

from .services import requires_mfa


class EmailVerificationUnlessOtherwiseProvenStage(EmailVerificationStage):
    """allauth's mandatory e-mail verification, except where it proves nothing new.

    - A phone-only account has no e-mail address to verify: its number was verified by
      the code it logged in with.
    - Staff and operators prove themselves with a TOTP second factor on every login; an
      invited colleague confirmed their address before accepting (sites.invitations
      requires it), and operators' accounts are made by operators."""

    def handle(self):
        user = self.login.user
        if user is not None and (not user.email or requires_mfa(user)):
            return None, True
        return super().handle()
