"""Every management command of ours says what it does and what each option means in
``--help``: operators run them from a shell, with nothing else to read."""

import pytest
from django.core.management import get_commands, load_command_class

OUR_PACKAGES = {"accounts", "portal", "search", "services", "sites", "themes"}


def our_commands():
    return sorted(
        (name, app) for name, app in get_commands().items() if app.split(".")[0] in OUR_PACKAGES
    )


def test_our_commands_are_found():
    names = {name for name, _app in our_commands()}
    assert {"provision_municipality", "provision_municipalities", "load_demo"} <= names


@pytest.mark.parametrize(("name", "app"), our_commands())
def test_every_option_of_our_commands_has_a_help_text(name, app):
    command = load_command_class(app, name)
    parser = command.create_parser("manage.py", name)

    undocumented = [
        action.option_strings[0] if action.option_strings else action.dest
        for action in parser._actions
        if not action.help
    ]

    assert command.help, name
    assert undocumented == [], name
