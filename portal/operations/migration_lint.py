"""The migration linter's rule for `make test` (django-migration-linter).

A rolling deploy runs the new release's migrations while the old release still serves, so
a migration must not break the old code (drop or rename a column it reads, add a NOT NULL
column it does not fill) nor hold a long lock on a large table. Such a change is split
(expand / backfill / switch / contract: README, "Upgrades without downtime"). The
migrations below were applied everywhere before the rule existed; each is named with what
the linter found, and nothing new may join the list without the same justification."""

# Our own apps: Django's and Wagtail's migrations are theirs to keep compatible.
LINTED_APPS = [
    "accounts",
    "affairs",
    "commerce",
    "documents",
    "forms",
    "intake",
    "journey",
    "operations",
    "payments",
    "portal",
    "search",
    "sites",
    "tax",
    "themes",
]

APPLIED_BEFORE_THE_RULE = {
    # NOT NULL columns with defaults added to small tables, CREATE INDEX on new columns.
    "0003_commerce_desk": "commerce: NOT NULL columns, index built in the transaction",
    "0005_auditevent_channel": "documents: NOT NULL column with a default",
    "0007_case_submission_and_fee_paid": "documents: NOT NULL column with a default",
    "0008_deadline_pauses": "documents: NOT NULL column with a default",
    "0002_submission_registry_number": "forms: NOT NULL column with a default",
    "0003_submission_key": "intake: NOT NULL unique column, backfilled in the migration",
    # The journey's records moved to intake in one release (before production existed).
    "0003_applications_moved_to_intake": "journey: tables and columns dropped",
    "0002_merchant_account_changes": "payments: unique constraint on a small table",
    # A warning only (indexes created without CONCURRENTLY on the ledger).
    "0009_ledger_indexes_taxperf": "tax: index changes on the ledger",
}
