class IntakeError(Exception):
    """The application cannot go on this way; the message says why, in Hungarian."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message
