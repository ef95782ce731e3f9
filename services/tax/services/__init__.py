"""The local tax office's façade: the operations views, commands and other apps call.
Nobody else writes this app's models, and other apps import from here (or the app's
``models`` and ``constants``), never from the modules behind it.

Behind it, by responsibility: ``registers`` (taxpayers, representations, properties,
ownership shares, tax objects and their history), ``accounts`` (collection bank accounts),
``ledger`` (the taxpayer account: booking, reversal, balances, allocation, transfers and
refunds), ``duedates`` (the half-year and mid-year due dates on the working-day calendar)
and ``interest`` (late-payment interest, its calculation lines and the booking run).

Every function works inside one municipality: it takes the municipality, or a record that
belongs to one, and never reads or books across municipalities."""

from .accounts import collection_account, collection_accounts, set_collection_account
from .duedates import book_annual_charge, half_year_due_dates, mid_year_due_date, split_in_halves
from .errors import TaxError
from .interest import InterestCalculation, InterestLine, book_interest, daily_rate
from .interest import calculate as calculate_interest
from .ledger import (
    account_state,
    available,
    balance,
    balances,
    book_charge,
    book_payment,
    debt,
    refund,
    reverse,
    settle,
    statement,
    transfer,
)
from .registers import (
    RegisterState,
    add_representation,
    change_property,
    change_taxpayer,
    details_on,
    end,
    find_taxpayer,
    may_act_for,
    property_details_on,
    record_ownership,
    register_property,
    register_tax_object,
    register_taxpayer,
    state_on,
    transfer_share,
)
from .statements import (
    StatementError,
    assign_statement_item,
    close_statement_item,
    import_statement,
    parse_statement,
    return_statement_item,
    statement_items,
    unmatched_queue,
)

__all__ = [
    "TaxError",
    # registers and their history
    "RegisterState",
    "add_representation",
    "change_property",
    "change_taxpayer",
    "details_on",
    "end",
    "find_taxpayer",
    "may_act_for",
    "property_details_on",
    "record_ownership",
    "register_property",
    "register_tax_object",
    "register_taxpayer",
    "state_on",
    "transfer_share",
    # collection accounts
    "collection_account",
    "collection_accounts",
    "set_collection_account",
    # the taxpayer account
    "account_state",
    "available",
    "balance",
    "balances",
    "book_charge",
    "book_payment",
    "debt",
    "refund",
    "reverse",
    "settle",
    "statement",
    "transfer",
    # due dates
    "book_annual_charge",
    "half_year_due_dates",
    "mid_year_due_date",
    "split_in_halves",
    # late-payment interest
    "InterestCalculation",
    "InterestLine",
    "book_interest",
    "calculate_interest",
    "daily_rate",
    # bank statements and the unmatched queue
    "StatementError",
    "assign_statement_item",
    "close_statement_item",
    "import_statement",
    "parse_statement",
    "return_statement_item",
    "statement_items",
    "unmatched_queue",
]
from .decrees import (  # noqa: E402
    DecreeRates,
    Maximum,
    ObjectState,
    ObjectTax,
    Simulation,
    TaxLine,
    TaxpayerChange,
    add_line,
    add_rule,
    adopt,
    annual_tax,
    create_decree,
    decree_in_force,
    draft_amendment,
    format_citation,
    maximum,
    object_states,
    parse_citation,
    simulate,
)
from .decrees import check as check_decree  # noqa: E402

__all__ += [
    # rate decrees, the maxima and the simulator
    "DecreeRates",
    "Maximum",
    "ObjectState",
    "ObjectTax",
    "Simulation",
    "TaxLine",
    "TaxpayerChange",
    "add_line",
    "add_rule",
    "adopt",
    "annual_tax",
    "check_decree",
    "create_decree",
    "decree_in_force",
    "draft_amendment",
    "format_citation",
    "maximum",
    "object_states",
    "parse_citation",
    "simulate",
]

# CSV import of the registers and opening balances (the municipality's previous system).
from .imports import COLUMNS as IMPORT_COLUMNS  # noqa: E402
from .imports import KINDS as IMPORT_KINDS  # noqa: E402
from .imports import (  # noqa: E402
    ImportFileError,
    ImportResult,
    book_opening_credit,
    import_registers,
)
from .imports import read_rows as read_import_rows  # noqa: E402

__all__ += [  # noqa: PLE0605
    "IMPORT_COLUMNS",
    "IMPORT_KINDS",
    "ImportFileError",
    "ImportResult",
    "book_opening_credit",
    "import_registers",
    "read_import_rows",
]

# The annual assessment (kivetés), mid-year decisions and the late-interest run.
from .assessment import (  # noqa: E402
    assess_taxpayer,
    create_assessment_run,
    run_assessment,
    run_interest,
    start_assessment,
    start_interest_run,
)
from .ledger import book_entries_in_bulk  # noqa: E402

__all__ += [  # noqa: PLE0605
    "assess_taxpayer",
    "book_entries_in_bulk",
    "create_assessment_run",
    "run_assessment",
    "run_interest",
    "start_assessment",
    "start_interest_run",
]

# The tax officer's workspace: the taxpayer search, the taxpayer card, the receipts report.
from .desk import (  # noqa: E402
    SEARCH_FIELDS,
    TaxpayerCard,
    current_details,
    receipts,
    remove_decree_part,
    search_taxpayers,
    taxpayer_card,
)

__all__ += [  # noqa: PLE0605
    "SEARCH_FIELDS",
    "TaxpayerCard",
    "current_details",
    "receipts",
    "remove_decree_part",
    "search_taxpayers",
    "taxpayer_card",
]

# The statutory maxima: which value each rate line of a decree was checked against, and why.
from .maxima import MaximumUse, check_report, explain, maximum_notes  # noqa: E402

__all__ += [  # noqa: PLE0605
    "MaximumUse",
    "check_report",
    "explain",
    "maximum_notes",
]

# The officers' CSV imports as background jobs with progress (the workspace's "Import").
from .import_jobs import (  # noqa: E402
    create_import_job,
    fail_stuck_import_jobs,
    import_jobs,
    import_progress,
    run_import_job,
    start_import,
)

__all__ += [  # noqa: PLE0605
    "create_import_job",
    "fail_stuck_import_jobs",
    "import_jobs",
    "import_progress",
    "run_import_job",
    "start_import",
]

# The officer's assessment screens (runs, decisions, print batches, the preview's sample),
# the overpayment requests (credit, transfer, refund) and the card's access record.
from .requests import (  # noqa: E402
    Check,
    approve_request,
    card_accesses,
    check_request,
    normalise_bank_account,
    record_card_access,
    record_request,
    refuse_request,
    request_history,
    request_rules,
    requests_of,
)
from .runs import (  # noqa: E402
    assessment_runs,
    preview_sample,
    print_batch_of,
    print_batch_rows,
    run_decisions,
    taxpayer_decisions,
    with_names,
)

__all__ += [  # noqa: PLE0605
    "Check",
    "approve_request",
    "assessment_runs",
    "card_accesses",
    "check_request",
    "normalise_bank_account",
    "preview_sample",
    "print_batch_of",
    "print_batch_rows",
    "record_card_access",
    "record_request",
    "refuse_request",
    "request_history",
    "request_rules",
    "requests_of",
    "run_decisions",
    "taxpayer_decisions",
    "with_names",
]

# Card payments through the payments service (the ``tax_balance`` purpose) and the link
# between a taxpayer and a portal account, with the delivery of decisions to its mailbox.
from .cardpay import (  # noqa: E402
    book_card_payment,
    card_payments_of,
    create_card_payment,
    find_order,
    open_charges,
    receipt_lines,
    record_card_refund,
    start_card_payment,
    still_open,
)
from .decision_delivery import deliver_decisions, routing_of  # noqa: E402
from .portal_links import (  # noqa: E402
    IdentitySource,
    VerifiedIdentity,
    compare_identity,
    end_link,
    identity_sources,
    link_of,
    link_taxpayer,
    linked_user,
    links_history,
    links_of,
    proposals_for,
)

__all__ += [  # noqa: PLE0605
    "book_card_payment",
    "card_payments_of",
    "create_card_payment",
    "find_order",
    "open_charges",
    "receipt_lines",
    "record_card_refund",
    "start_card_payment",
    "still_open",
    "IdentitySource",
    "VerifiedIdentity",
    "compare_identity",
    "deliver_decisions",
    "end_link",
    "identity_sources",
    "link_of",
    "link_taxpayer",
    "linked_user",
    "links_history",
    "links_of",
    "proposals_for",
    "routing_of",
]

# The taxpayer account's bulk path for payments (a bank statement's transfers), allocated as
# book_payment and settle do one by one.
from .ledger import BulkPayment, book_payments_in_bulk  # noqa: E402

__all__ += [  # noqa: PLE0605
    "BulkPayment",
    "book_payments_in_bulk",
]

# The taxpayer account as its citizen (or their representative) sees it on the portal:
# who may see which account, the balance per tax type, the simple and detailed statements.
from .citizen import (  # noqa: E402
    Access,
    TaxRow,
    TaxSummary,
    access_to,
    accessible_taxpayers,
    detailed_statement,
    simple_statement,
    tax_summary,
    transfer_details,
)

__all__ += [  # noqa: PLE0605
    "Access",
    "TaxRow",
    "TaxSummary",
    "access_to",
    "accessible_taxpayers",
    "detailed_statement",
    "simple_statement",
    "tax_summary",
    "transfer_details",
]

# The trade register's links: a shop or site's operator as a business taxpayer, an
# accommodation's operator as the tourist-tax collector (idempotent, by the entry's key).
from .commerce_links import (  # noqa: E402
    LinkResult,
    commerce_link_state,
    register_business_tax,
    register_tourist_tax_collector,
)

__all__ += [  # noqa: PLE0605
    "LinkResult",
    "commerce_link_state",
    "register_business_tax",
    "register_tourist_tax_collector",
]

# Tax certificates (adóigazolás): the request, the issue as of the day, the refusal, the
# public check by the verification code.
from .certificates import (  # noqa: E402
    assign_taxpayer,
    certificate_addressee,
    certificate_history,
    certificate_rules,
    certificates_of,
    check_url,
    deadline,
    debt_lines,
    issue_at_desk,
    masked_identifier,
    normalise_code,
    request_certificate,
    verify,
)
from .certificates import issue as issue_certificate  # noqa: E402
from .certificates import refuse as refuse_certificate  # noqa: E402

__all__ += [  # noqa: PLE0605
    "assign_taxpayer",
    "certificate_addressee",
    "certificate_history",
    "certificate_rules",
    "certificates_of",
    "check_url",
    "deadline",
    "debt_lines",
    "issue_at_desk",
    "issue_certificate",
    "masked_identifier",
    "normalise_code",
    "refuse_certificate",
    "request_certificate",
    "verify",
]
# The provider's fleet console.
from .fleet import tax_collected  # noqa: E402

__all__ += ["tax_collected"]  # noqa: PLE0605
# The notices: balance notices, payment reminders, the enforcement list (notices,
# notice_delivery, notice_pdf, notice_lists).
from .notice_delivery import (  # noqa: E402
    deliver_notices,
    make_print_files,
    notice_addressee,
    start_print_files,
)
from .notice_lists import ENFORCEMENT_TAX_TYPES, enforcement_header, enforcement_rows  # noqa: E402
from .notice_pdf import notice_pdf, notices_pdf  # noqa: E402
from .notices import (  # noqa: E402
    create_notice_run,
    default_day,
    run_notices,
    start_notice_run,
)

__all__ += [
    "ENFORCEMENT_TAX_TYPES",
    "create_notice_run",
    "default_day",
    "deliver_notices",
    "enforcement_header",
    "enforcement_rows",
    "make_print_files",
    "notice_addressee",
    "notice_pdf",
    "notices_pdf",
    "run_notices",
    "start_notice_run",
    "start_print_files",
]
# Self-assessed returns (the tourist-tax monthly return, the HIPA annual return and advance
# declaration) booked on the account, from the portal's forms or NAV's forwarded data.
from .returns import (  # noqa: E402
    ReturnBooking,
    accommodation_name,
    accommodations_of,
    book_business_advance,
    book_business_return,
    book_tourist_return,
    return_rules,
    tourist_return_booked,
)

__all__ += [  # noqa: PLE0605
    "ReturnBooking",
    "accommodation_name",
    "accommodations_of",
    "book_business_advance",
    "book_business_return",
    "book_tourist_return",
    "return_rules",
    "tourist_return_booked",
]

# Building, land and communal tax declarations from the portal, in the officer's queue.
from .property_declarations import (  # noqa: E402
    accept_declaration,
    declaration_history,
    declarations_of,
    receive_declaration,
    refuse_declaration,
)

__all__ += [  # noqa: PLE0605
    "accept_declaration",
    "declaration_history",
    "declarations_of",
    "receive_declaration",
    "refuse_declaration",
]

# What the tax office publishes (adopted rate decrees, the statutory maxima): the open data
# page and API read it from here.
from . import public  # noqa: E402

__all__ += ["public"]  # noqa: PLE0605
