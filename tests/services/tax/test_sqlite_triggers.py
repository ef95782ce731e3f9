"""``make run`` uses SQLite: the tax tables refuse rewriting there too (migration 0002's
SQLite triggers, run here on an in-memory database of their own)."""

import importlib
import sqlite3

import pytest

triggers = importlib.import_module("services.tax.migrations.0002_append_only_ledger_and_history")


@pytest.fixture
def db():
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE ledger (id INTEGER PRIMARY KEY, amount INTEGER)")
    connection.execute(
        "CREATE TABLE details (id INTEGER PRIMARY KEY, name TEXT, valid_from TEXT, valid_to TEXT)"
    )
    for statement in triggers.sqlite_statements(
        ["ledger"], [("details", ["id", "name", "valid_from"])]
    ):
        connection.execute(statement)
    connection.execute("INSERT INTO ledger (amount) VALUES (100)")
    connection.execute("INSERT INTO details (name, valid_from) VALUES ('Kiss', '2020-01-01')")
    yield connection
    connection.close()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE ledger SET amount = 1",
        "DELETE FROM ledger",
        "UPDATE details SET name = 'Nagy'",
        "UPDATE details SET name = 'Nagy', valid_to = '2021-01-01'",
        "DELETE FROM details",
    ],
)
def test_sqlite_refuses_rewriting(db, statement):
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute(statement)


def test_sqlite_lets_a_dated_row_be_closed_once(db):
    db.execute("UPDATE details SET valid_to = '2021-01-01'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE details SET valid_to = '2022-01-01'")
    assert db.execute("SELECT valid_to FROM details").fetchone() == ("2021-01-01",)
