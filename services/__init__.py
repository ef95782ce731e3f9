"""One Django app per public service (forms, documents, tax, commerce, payments)."""
