"""Avatars drawn from a person's initials, as a data: URI.

Wagtail's default fetches every user's picture from Gravatar, which tells an outside
service who uses the admin and when. An uploaded picture (the account settings) still wins."""

from urllib.parse import quote

from django.utils.html import escape

from .hungarian import initials

# Dark backgrounds under white letters, each above 4.5:1 contrast (WCAG AA).
PALETTE = ("#1f4e79", "#2e6b30", "#7a2e2e", "#5b3a87", "#8a4b08", "#225f63")


def uploaded_avatar(user):
    profile = getattr(user, "wagtail_userprofile", None)
    return bool(profile and profile.avatar)


def initials_avatar_url(user, size=50):
    """A data: URI of an SVG with the user's initials (family name first), or None when
    the user uploaded a picture of their own."""
    if user is None or not getattr(user, "pk", None) or uploaded_avatar(user):
        return None
    colour = PALETTE[user.pk % len(PALETTE)]
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" '
        f'width="{int(size)}" height="{int(size)}">'
        f'<rect width="100" height="100" fill="{colour}"/>'
        f'<text x="50" y="50" dy="0.35em" text-anchor="middle" fill="#ffffff" '
        f'font-family="sans-serif" font-size="40" font-weight="bold">'
        f"{escape(initials(user))}</text></svg>"
    )
    return "data:image/svg+xml," + quote(svg)
