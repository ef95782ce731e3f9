"""The tax office's one error: what an officer or a caller asked for cannot be done."""


class TaxError(Exception):
    """What was asked cannot be done; the message says why, in Hungarian."""
