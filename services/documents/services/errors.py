"""The registry's one error: what an officer or a caller asked for cannot be done."""


class DocumentsError(Exception):
    """What the officer asked for cannot be done; the message says why, in Hungarian."""
