"""Services that act on a registered submission of a central template's form.

A trade notification is a form of the central library (``IPAR-...``); once the registry
has taken it, the trade register must record it. The forms service does not know the
trade register, so a service registers a receiver under the template's code::

    @submission_receivers.register("IPAR-001")
    def trading_notified(submission, registry_number):
        ...

The receiver is called inside the registering transaction, after the registry number is
noted on the submission: a receiver that refuses (raises) rolls the registration back, so
the citizen is told and nothing is half-recorded. A form the municipality made without a
template, or whose template has no receiver, is only registered."""

from sites.registry import Registry

submission_receivers = Registry("form submission receivers")


def receive(submission, registry_number):
    """Hand a just-registered submission to the receiver of its template, if any."""
    customisation = submission.revision.customisation
    template = customisation.template if customisation.template_id else None
    if template is None:
        return
    receiver = submission_receivers.get(template.code)
    if receiver is not None:
        receiver(submission, registry_number)
