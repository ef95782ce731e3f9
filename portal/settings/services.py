"""Settings of the services' banners: the document registry, payments, Ügyeim and the
citizen journey (base.py imports this)."""

from pathlib import Path

from .environment import BASE_DIR, env

# ---------------------------------------------------------------------------- document registry

# Largest file an officer may register (MB), MAX_UPLOAD_MB unless set; the type is checked
# by content (sites.filetypes).
DOCUMENTS_MAX_UPLOAD_MB = int(env("DOCUMENTS_MAX_UPLOAD_MB", env("MAX_UPLOAD_MB", "20")))
# Ákr. 51. §: what a late authority owes the client when the procedure had no fee (Ft).
DOCUMENTS_LATE_DECISION_FIXED_SUM = int(env("DOCUMENTS_LATE_DECISION_FIXED_SUM", "10000"))
# The working-day calendars (hu-<year>.json) and the provider's retention schedule.
DOCUMENTS_CALENDAR_DIR = Path(env("DOCUMENTS_CALENDAR_DIR", BASE_DIR / "data" / "calendar"))
# Which pauses stop the administrative deadline (Ákr. 50. § (5), 103. § (3)), with sources.
DOCUMENTS_DEADLINE_PAUSES = Path(
    env("DOCUMENTS_DEADLINE_PAUSES", BASE_DIR / "data" / "deadline_pauses.json")
)
DOCUMENTS_RETENTION_SCHEDULE = Path(
    env("DOCUMENTS_RETENTION_SCHEDULE", BASE_DIR / "data" / "retention_schedule.json")
)

# ---------------------------------------------------------------------------- payments

# Which payment provider takes the cards: "simulated" (the demo VPOS, refused in production)
# or "stripe" (Checkout on each municipality's connected account).
PAYMENT_PROVIDER = env("PAYMENT_PROVIDER", "simulated")
# Who signs the registry's decisions (services.documents.signing): "demo" stamps "not a
# signature" and is refused in production; empty issues them unsigned, saying so.
DOCUMENT_SIGNATURE_SERVICE = env("DOCUMENT_SIGNATURE_SERVICE", "demo")
# Signs the simulated bank's callbacks (HMAC-SHA256); any random string outside production.
PAYMENT_SIMULATOR_SECRET = env("PAYMENT_SIMULATOR_SECRET", "simulated-vpos-development-secret")
# A payment page is valid this long; Stripe accepts 30 minutes to 24 hours.
PAYMENT_SESSION_MINUTES = int(env("PAYMENT_SESSION_MINUTES", "60"))
# Seconds to wait for the provider's answer before the payment is left pending to retry.
PAYMENT_PROVIDER_TIMEOUT = float(env("PAYMENT_PROVIDER_TIMEOUT", "10"))
# Oldest signed notification accepted (seconds), against replays.
PAYMENT_SIGNATURE_TOLERANCE = int(env("PAYMENT_SIGNATURE_TOLERANCE", "300"))
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", "")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", "")
# Only for tests against a local double of the Stripe API; empty: Stripe itself.
STRIPE_API_BASE = env("STRIPE_API_BASE", "")

# ---------------------------------------------------------------------------- Ügyeim

# The central portal's public address, for links in the citizens' e-mail notices and from
# the municipalities' sites to the portal; empty: WAGTAILADMIN_BASE_URL (the same host).
PORTAL_URL = env("PORTAL_URL", "")

# ---------------------------------------------------------------------------- citizen journey

# A draft on the portal is deleted this many days after it was last saved (the citizen is
# told the date on the draft and in the list).
JOURNEY_DRAFT_DAYS = int(env("JOURNEY_DRAFT_DAYS", "30"))

# ---------------------------------------------------------------------------- page feedback

# "Was this page useful?" (services.feedback.tokens): a form sent sooner than this many
# seconds after it was drawn is shown again (scripts post at once), and one older than
# FEEDBACK_TOKEN_MAX_AGE seconds is too. The page cache keeps a page at most
# PAGE_CACHE_SECONDS, so the maximum age must be well above that.
FEEDBACK_MIN_SECONDS = int(env("FEEDBACK_MIN_SECONDS", "2"))
FEEDBACK_TOKEN_MAX_AGE = int(env("FEEDBACK_TOKEN_MAX_AGE", str(2 * 24 * 3600)))

# ---------------------------------------------------------------------------- publication list

# The statutory structure of the general publication list (Infotv. 1. melléklet) with its
# sources, and how often each kind of item is to be reviewed (services.publication).
PUBLICATION_LIST_DATA = Path(
    env("PUBLICATION_LIST_DATA", str(BASE_DIR / "data" / "publication" / "general_list.json"))
)

# ---------------------------------------------------------------------------- tax certificates

# The public check page's address printed on a tax certificate and encoded in its QR code;
# empty: PORTAL_URL (or WAGTAILADMIN_BASE_URL) + /e-ugyintezes/adoigazolas-ellenorzes/.
TAX_CERTIFICATE_CHECK_URL = env("TAX_CERTIFICATE_CHECK_URL", "")
# The certificate's legal data with their sources (deadline, validity, automatic issue);
# empty: data/tax/certificate.json.
TAX_CERTIFICATE_RULES_FILE = env("TAX_CERTIFICATE_RULES_FILE", "")
# The operators' fleet console (portal/fleet): how long its figures are kept before they are
# computed again (seconds), and the search index check, which reads every indexed object.
FLEET_CONSOLE_CACHE_SECONDS = int(env("FLEET_CONSOLE_CACHE_SECONDS", "60"))
FLEET_SEARCH_CHECK_SECONDS = int(env("FLEET_SEARCH_CHECK_SECONDS", "600"))
# The helpdesk's service levels per priority (data/helpdesk/sla.json unless set).
HELPDESK_SLA_FILE = env("HELPDESK_SLA_FILE", "")
# ---------------------------------------------------------------------------- local tax notices

# The notices' dates, thresholds and reminder/enforcement rules, with sources.
TAX_NOTICES_FILE = env("TAX_NOTICES_FILE", str(BASE_DIR / "data" / "tax" / "notices.json"))
# Notices per print PDF: the printer takes one file per part; a part this size renders
# in a few minutes on the worker and stays a file a print shop accepts (tens of MB).
TAX_NOTICE_PRINT_FILE_SIZE = int(env("TAX_NOTICE_PRINT_FILE_SIZE", "2000"))
# ---------------------------------------------------------------------------- appointments

# An anonymous booker's slot is held this long (minutes) for the e-mailed confirmation link;
# unconfirmed, it is released to others (services/appointments).
APPOINTMENTS_HOLD_MINUTES = int(env("APPOINTMENTS_HOLD_MINUTES", "30"))
# How soon a slot may start after it is booked (minutes): the desk needs to know.
APPOINTMENTS_MIN_NOTICE_MINUTES = int(env("APPOINTMENTS_MIN_NOTICE_MINUTES", "60"))
# Days after the appointment that the booker's name, e-mail and phone are kept (the daily
# job empties them); the office's own policy, not a statutory period: set it per deployment.
APPOINTMENTS_RETENTION_DAYS = int(env("APPOINTMENTS_RETENTION_DAYS", "90"))
