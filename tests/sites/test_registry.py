"""One registry class for every extension point, and the check that keeps demos out of
production whatever their name."""

import pytest
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from sites.checks import (
    DEMO_PLUGIN_ENABLED,
    UNKNOWN_PLUGIN_CHOSEN,
    check_registries,
    refuse_demo_plugins,
    registry_errors,
)
from sites.registry import DuplicateRegistration, Registry, UnknownPlugin, all_registries, demo


class Real:
    pass


class Pretend:
    is_demo = True


def test_a_plugin_registers_by_decorator_or_by_call_in_registration_order():
    registry = Registry("test plugins")

    @registry.register("second")
    class Second:
        pass

    registry.register("first", Real)

    assert registry["second"] is Second and Second.name == "second"
    assert list(registry) == ["second", "first"]
    assert list(registry.items()) == [("second", Second), ("first", Real)]
    assert "first" in registry and "third" not in registry
    assert registry.get("third") is None and registry.get("third", Real) is Real


def test_a_class_keeps_the_name_its_own_body_chose_but_not_its_parents():
    registry = Registry("test plugins")

    @registry.register("text")
    class Text:
        pass

    @registry.register("textarea")
    class Textarea(Text):
        pass

    @registry.register("alias")
    class Named:
        name = "own-name"

    assert (Text.name, Textarea.name, Named.name) == ("text", "textarea", "own-name")


def test_a_second_plugin_under_a_taken_name_is_refused():
    registry = Registry("payment providers")
    registry.register("stripe", Real)

    with pytest.raises(DuplicateRegistration, match="payment providers.*'stripe'"):

        @registry.register("stripe")
        class Impostor:
            pass

    assert registry["stripe"] is Real


def test_a_test_may_replace_a_plugin_explicitly():
    registry = Registry("test plugins")
    registry.register("bank", Real)

    with registry.replaced("bank", Pretend):
        assert registry["bank"] is Pretend
    assert registry["bank"] is Real

    registry.register("bank", Pretend, replace=True)
    assert registry["bank"] is Pretend


def test_an_unknown_name_says_which_registry_and_what_is_there():
    registry = Registry("SMS backends")
    registry.register("http", Real)

    with pytest.raises(UnknownPlugin) as error:
        registry["htp"]

    assert str(error.value) == "SMS backends: no plugin is registered as 'htp' (registered: http)."
    # Callers that caught KeyError before the one registry class still do.
    assert isinstance(error.value, KeyError)
    assert registry.get(["unhashable"]) is None and ["unhashable"] not in registry


def test_a_registry_lists_its_demo_plugins():
    registry = Registry("login methods")
    registry.register("saml", Real)
    registry.register("bank", Pretend)
    registry.register("agent", demo(lambda data: data))

    assert registry.demo_plugins() == ["bank", "agent"]


def test_every_extension_point_is_one_registry():
    names = {registry.name for registry in all_registries()}

    assert {
        "form field types",
        "payment providers",
        "payment purposes",
        "login methods",
        "SMS backends",
        "themes",
        "site context parts",
        "staff roles",
        "application kinds",
        "case listeners",
        "deadline rules",
        "delivery channels",
    } <= names


def test_the_project_marks_its_demo_plugins():
    # The project's own registries, not "all registries by name": a fresh registry another
    # test built under the same name may still be alive in this process.
    from accounts.identity import identity_sources
    from accounts.sms import sms_backends
    from services.payments.providers import providers

    assert providers.demo_plugins() == ["simulated"]
    assert sms_backends.demo_plugins() == ["console", "memory"]
    assert identity_sources.demo_plugins() == ["development_agent"]


# -- the system check


def test_production_refuses_a_new_demo_plugin_by_its_mark_not_its_name(settings):
    settings.ENVIRONMENT = "production"
    registry = Registry("search backends")
    registry.register("database", Real)
    registry.register("never-heard-of", Pretend)

    errors = registry_errors([registry])

    assert [error.id for error in errors] == [DEMO_PLUGIN_ENABLED]
    assert "'never-heard-of' is a demo plugin of the search backends" in errors[0].msg
    assert errors[0].level == checks.ERROR


def test_a_demo_plugin_the_setting_does_not_choose_is_not_in_use(settings):
    settings.ENVIRONMENT = "production"
    settings.TEST_BANK = "real"
    registry = Registry("payment providers", setting="TEST_BANK")
    registry.register("real", Real)
    registry.register("simulated", Pretend)

    assert registry_errors([registry]) == []

    settings.TEST_BANK = "simulated"
    (error,) = registry_errors([registry])
    assert "TEST_BANK='simulated' is a demo plugin" in error.msg


def test_a_setting_choosing_several_names_each_one_counts(settings):
    settings.ENVIRONMENT = "production"
    settings.TEST_LOGINS = {"saml": {}, "agent": {}}
    registry = Registry("login methods", setting="TEST_LOGINS")
    registry.register("saml", Real)
    registry.register("agent", Pretend)

    (error,) = registry_errors([registry])
    assert "'agent' in TEST_LOGINS" in error.msg


def test_development_keeps_its_demo_plugins(settings):
    settings.ENVIRONMENT = "development"
    registry = Registry("SMS backends")
    registry.register("console", Pretend)

    assert registry_errors([registry]) == []


def test_a_setting_naming_no_plugin_is_an_error_everywhere(settings):
    settings.ENVIRONMENT = "development"
    settings.TEST_SMS = "htp"
    registry = Registry("SMS backends", setting="TEST_SMS")
    registry.register("http", Real)

    (error,) = registry_errors([registry])
    assert error.id == UNKNOWN_PLUGIN_CHOSEN and "TEST_SMS='htp'" in error.msg


def test_the_registered_check_asks_every_registry_of_the_project(settings):
    # The test settings run the demo bank, the memory SMS backend and the development agent.
    assert check_registries() == []

    settings.ENVIRONMENT = "production"
    found = checks.run_checks(tags=[checks.Tags.security])

    refused = " ".join(error.msg for error in found if error.id == DEMO_PLUGIN_ENABLED)
    assert "PAYMENT_PROVIDER='simulated'" in refused
    assert "SMS_BACKEND='memory'" in refused
    assert "'development_agent' in SOCIALACCOUNT_PROVIDERS" in refused
    with pytest.raises(ImproperlyConfigured, match="Production settings refused"):
        refuse_demo_plugins()
