"""The accounts an export names, without what lets anyone log in.

A row of the municipality names its staff, its officers and the citizens who submitted,
paid or booked. Their accounts travel with the export so that those rows keep their
people, but never the password hash, the second factor (TOTP devices, recovery codes) or
the national agent's identification records: an export file must not be a way in.

On import every account gets an unusable password and loses the operator flag
(``is_superuser``: the new installation's operators are its own). Staff log in again
after a password reset (``manage.py changepassword`` or the "forgotten password" link)
and set up their second factor anew; citizens log in through the national agent as
before, which finds their account by its identity."""

from django.contrib.auth.hashers import make_password

FIELDS = [
    "username",
    "first_name",
    "last_name",
    "email",
    "is_active",
    "is_staff",
    "is_superuser",
    "date_joined",
    "last_login",
]


def export_users(users, natural):
    for user in users.order_by("pk").iterator(chunk_size=2000):
        yield {
            "model": "auth.user",
            "pk": user.pk,
            "fields": {name: getattr(user, name) for name in FIELDS},
        }


def restored_user_fields(fields):
    """The fields of an imported account: no password to use, no operator."""
    return {**fields, "password": make_password(None), "is_superuser": False}
