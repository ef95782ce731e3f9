"""Personal data in a comment: the feedback form asks for none, so a comment that carries an
e-mail address or a phone number is refused and shown again for the visitor to edit, never
stored. The patterns look for the shapes people type; they are a guard, not a guarantee (a
name in a sentence is not detected: the form says not to write one)."""

import re

EMAIL = re.compile(r"[\w.+-]+\s*(?:@|\(at\)|\[at\])\s*[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
# A Hungarian number (+36 / 0036 / 06, area code, subscriber number) with the separators
# people use, or any run of eight or more digits (a foreign number, an identifier such as the
# adóazonosító jel). Dots are not separators: "2026. 11. 30." is a date, not a number.
HUNGARIAN_PHONE = re.compile(
    r"(?:\+|00)\s*36[\s\-/()]*\d(?:[\s\-/()]*\d){7,8}|\b06[\s\-/()]*\d(?:[\s\-/()]*\d){7,8}"
)
LONG_NUMBER = re.compile(r"\d(?:[\s\-/()]?\d){7,}")


def personal_data_in(text):
    """The kinds of personal data found in ``text``: a subset of {"email", "phone"}."""
    found = set()
    if not text:
        return found
    if EMAIL.search(text):
        found.add("email")
    if HUNGARIAN_PHONE.search(text) or LONG_NUMBER.search(text):
        found.add("phone")
    return found
