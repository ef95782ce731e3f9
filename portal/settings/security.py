"""Settings of the security banner: the Content Security Policy of every page (sites/
security_policy.py sends it; base.py imports this)."""

from urllib.parse import urlsplit

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

from .environment import env, env_bool, env_list


def _origin(url):
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


# Where images and files of the media storage come from besides our own host: an absolute
# MEDIA_URL, an S3-compatible endpoint, or what CSP_MEDIA_SOURCES names (comma-separated).
_media = [*env_list("CSP_MEDIA_SOURCES")]
for _url in (env("MEDIA_URL"), env("S3_ENDPOINT_URL")):
    if _origin(_url):
        _media.append(_origin(_url))
if env("S3_BUCKET") and not env("S3_ENDPOINT_URL"):
    _media.append("https://*.amazonaws.com")

# No inline script without the request's nonce, no eval, nothing from other hosts but what a
# page needs: the video players of the site's video block (sites.blocks.VIDEO_PLAYERS, in
# an iframe after consent) and the media storage. Styles allow 'unsafe-inline': Wagtail's
# admin (8.0) writes style attributes in its templates (and its issue #1288, CSP
# compatibility, is still open), and so do some of our own templates; a style cannot run
# code, so the risk it leaves is defacement, not script. The payment providers are left by
# redirect, not embedded, and the map is a link to OpenStreetMap: neither needs a source.
# form-action is not set: Chromium applies it to the redirect after a POST, and the payment
# and the national agent (KAÜ) continue on other hosts that way.
CSP_DIRECTIVES = {
    "default-src": [SELF],
    "script-src": [SELF, NONCE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:", *_media],
    "media-src": [SELF, *_media],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "frame-src": [SELF, "https://www.youtube-nocookie.com", "https://player.vimeo.com"],
    "frame-ancestors": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
}
# Where browsers send reports of what the policy refused (optional).
CSP_REPORT_URI = env("CSP_REPORT_URI", "")
if CSP_REPORT_URI:
    CSP_DIRECTIVES["report-uri"] = CSP_REPORT_URI

# CSP_REPORT_ONLY=true sends the policy as Content-Security-Policy-Report-Only: browsers
# report what it would refuse and refuse nothing (for trying a changed policy on live traffic).
CSP_REPORT_ONLY = env_bool("CSP_REPORT_ONLY", False)
if CSP_REPORT_ONLY:
    CONTENT_SECURITY_POLICY = None
    CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": CSP_DIRECTIVES}
else:
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": CSP_DIRECTIVES}
    CONTENT_SECURITY_POLICY_REPORT_ONLY = None
