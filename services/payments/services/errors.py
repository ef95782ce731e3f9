"""The payments' errors: what the user asked for cannot be done, and why."""


class PaymentError(Exception):
    """What the user asked for cannot be done; the message says why, in Hungarian."""

    def __init__(self, message, payment=None):
        self.message = str(message)
        self.payment = payment
        super().__init__(self.message)


class IllegalTransition(PaymentError):
    pass
