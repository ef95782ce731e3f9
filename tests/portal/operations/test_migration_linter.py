"""`make test` lints the migrations: one that would break the running release or lock a
large table fails the suite (portal.operations.migration_lint)."""

import pytest
from django.core.management import call_command

from portal.operations.migration_lint import APPLIED_BEFORE_THE_RULE, LINTED_APPS


def lint(*, ignore=APPLIED_BEFORE_THE_RULE, apps=LINTED_APPS, capsys=None):
    try:
        call_command(
            "lintmigrations",
            "--no-cache",
            "--include-apps",
            *apps,
            "--ignore-name",
            *ignore,
        )
    except SystemExit as exit_:
        return exit_.code
    return 0


@pytest.mark.django_db
def test_every_migration_of_ours_is_safe_for_a_rolling_deploy(capsys):
    code = lint()
    printed = capsys.readouterr().out
    errors = [line for line in printed.splitlines() if line.endswith("... ERR")]
    assert code == 0 and not errors, "\n".join(errors) or printed[-2000:]


@pytest.mark.django_db
def test_the_linter_fails_a_migration_that_drops_a_column(capsys, monkeypatch):
    # Without its place on the list, the journey's move to intake is refused: the linter
    # really runs and really reads our migrations.
    allowed = {
        name: why
        for name, why in APPLIED_BEFORE_THE_RULE.items()
        if name != "0003_applications_moved_to_intake"
    }
    code = lint(ignore=allowed, apps=["journey"])
    printed = capsys.readouterr().out
    assert code == 1
    assert "DROPPING columns" in printed


def test_the_list_names_only_migrations_that_exist():
    from django.db.migrations.loader import MigrationLoader

    names = {name for (_app, name) in MigrationLoader(None).disk_migrations}
    assert set(APPLIED_BEFORE_THE_RULE) <= names
