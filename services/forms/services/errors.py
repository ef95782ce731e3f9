"""The forms' one error: what the user asked for cannot be done, and why."""


class FormsError(Exception):
    """An operation the user asked for cannot be done; ``problems`` says why, in Hungarian."""

    def __init__(self, problems):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))
