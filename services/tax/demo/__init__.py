"""The local tax office of the demo (``make run``): Eger and two small villages get this
year's rate decree and next year's draft, collection accounts, a few hundred invented
taxpayers with their properties, shares and tax objects, opening balances from the
"previous system", this year's charges, payments on time and late, and the late interest
booked to today — so a new user sees a tax office at work.

Everything is drawn from a random generator seeded by the municipality's KSH code: the
same municipality gets the same taxpayers (their dates are counted from today's year). It
runs once per municipality: one that has any taxpayer is left alone, so a re-run adds
nothing and never touches what an officer recorded.

The registers are written in bulk (a handful of INSERTs a table), their identifiers
checked by the same validators the register services use; decrees, collection accounts,
payments and the interest run go through the façade, as an officer's work would. This
year's charges are booked as the annual assessment books them (origin "assessment", two
halves due on the half-year dates of the working-day calendar, the assessment's
idempotency key), in bulk, because no money is on the accounts yet when they are booked.

``demo_statement`` writes a bank statement (MT940) of payments into Eger's collection
accounts whose remarks name demo taxpayers: ``data/tax/samples/demo-eger-statement.sta``
is its output, for importing in the officer's workspace.

The package, by concern: ``data`` (the fixed words, rates and habits), ``people`` (the
plan of taxpayers and properties and its bulk writing), ``decree`` (the decrees and the
collection accounts), ``money`` (charges, opening balances, payments), ``loader``
(``load_demo``), ``statement`` (``demo_statement``) and ``notices`` (the notice runs,
after the demo citizen's account: ``load_notice_demo``)."""

from .data import DEMO_KSH_CODES
from .decree import demo_accounts
from .loader import load_demo
from .notices import load_notice_demo
from .people import _Plan, demo_giro
from .statement import demo_statement

__all__ = [
    "DEMO_KSH_CODES",
    "_Plan",
    "demo_accounts",
    "demo_giro",
    "demo_statement",
    "load_demo",
    "load_notice_demo",
]
