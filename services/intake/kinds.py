"""The protocol a service implements for each kind of application it takes in.

A form today (``services.forms``); a tax declaration and a trade notification next. The
service registers one plugin in :data:`kinds`; intake drives the life of the application
(draft, fee, submission, registration, receipt) and asks the plugin only what it alone
knows. Intake never imports a service that implements a kind."""

from sites.registry import Registry

kinds = Registry("application kinds")


class ApplicationKind:
    """Override the methods below; a new kind needs nothing else from intake."""

    def start(self, target, owner, initial):
        """Create the kind's own draft record for ``target`` (e.g. a published form) with
        the ``initial`` answers; return ``(subject_id, reference, title, first_step)``."""
        raise NotImplementedError

    def save(self, application, data):
        """Keep unfinished answers."""
        raise NotImplementedError

    def freeze(self, application, data, files, submitter):
        """Check everything and store it as submitted; return the fee owed in whole
        forints. Raise the kind's own errors (with Hungarian messages) to refuse: nothing
        is kept then, the transaction rolls back."""
        raise NotImplementedError

    def incoming_entry(self, application):
        """What the document registry registers: a ``documents.IncomingEntry``."""
        raise NotImplementedError

    def registered(self, application, registry_number):
        """The registry took it: note the number on the kind's own record if it keeps it."""

    def receipt_part(self, application):
        """The kind's part of the receipt (JSON-serialisable): for a form, the form, the
        answers and the attachments with their SHA-256."""
        raise NotImplementedError

    def receipt_sections(self, application):
        """The answers of the receipt as labelled sections for the receipt page."""
        return []

    def attachment(self, application, key):
        """The stored file of field ``key``: ``(field_file, file_name, content_type)``, the
        content type one the kind checked; None when there is none."""
        return None

    def admin_url(self, application):
        """Where an officer reads the application in the admin, or None."""
        return None

    def description(self, application):
        """One line for a payment: what the fee is for."""
        return application.title

    def discard(self, application):
        """Delete the kind's unsent draft record with its files."""
        raise NotImplementedError
