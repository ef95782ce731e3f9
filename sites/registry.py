"""One registry class for every extension point of the platform.

Field types, payment providers and purposes, login methods, SMS backends, themes, site
context parts, staff roles and the receivers of submissions and case events are each one
:class:`Registry`. A plugin declares itself under a name::

    providers = Registry("payment providers", setting="PAYMENT_PROVIDER")

    @providers.register("stripe")
    class Stripe(PaymentProvider): ...

    submission_intake.register("documents", register_submission)   # or as a call

and the app's ``ready()`` imports the module that holds it. A second plugin under a taken
name is refused at import time, so a clash shows at start-up rather than as whichever
plugin happened to be imported last. Tests build a fresh ``Registry()`` or use
:meth:`Registry.replaced`.

A plugin that only pretends (the simulated bank, the console SMS backend, the development
identity agent) says so with ``is_demo = True``. Every registry is listed in
:func:`all_registries`, and the ``sites.checks`` system check refuses the production
settings while any demo plugin is enabled, whatever its name."""

import weakref
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Weak, so that the fresh registries tests build vanish with the test instead of haunting
# the system check of every later one.
_registries = weakref.WeakSet()


class DuplicateRegistration(ImproperlyConfigured):
    """Two plugins claimed the same name in one registry."""


class UnknownPlugin(KeyError):
    """No plugin is registered under the name asked for."""

    def __str__(self):
        # KeyError would show the repr of its whole message, quotes and all.
        return str(self.args[0]) if self.args else ""


def is_demo(plugin):
    return bool(getattr(plugin, "is_demo", False))


def demo(plugin):
    """Mark a plugin that cannot carry an ``is_demo`` class attribute (a function)."""
    plugin.is_demo = True
    return plugin


class Registry:
    """Named plugins of one extension point, in the order they were registered.

    ``setting`` names the Django setting that chooses which plugins are in use (one name,
    or a list or dict of names); without it every registered plugin is in use. ``hint``
    tells an operator how to switch a demo plugin off where the setting is not what they
    set by hand."""

    def __init__(self, name="plugins", *, setting=None, hint=""):
        self.name = name
        self.setting = setting
        self.hint = hint
        self._items = {}
        _registries.add(self)

    def __repr__(self):
        return f"<Registry {self.name}: {', '.join(self._items) or 'empty'}>"

    # -- registering

    def register(self, name, plugin=None, *, replace=False):
        """Register ``plugin`` under ``name``; without a plugin, return a decorator."""

        def decorator(plugin):
            if name in self._items and not replace:
                raise DuplicateRegistration(
                    f"{self.name}: a plugin named {name!r} is already registered "
                    f"({self._items[name]!r}); choose another name for {plugin!r}."
                )
            self._items[name] = plugin
            # A class learns the name it was registered under (FieldType.name, the SMS
            # backend's name) unless its own body chose one; an inherited name would be its
            # parent's (TextareaField is a TextField, registered apart as "textarea").
            if isinstance(plugin, type) and not vars(plugin).get("name"):
                plugin.name = name
            return plugin

        return decorator if plugin is None else decorator(plugin)

    def unregister(self, name):
        self._items.pop(name, None)

    @contextmanager
    def replaced(self, name, plugin):
        """Put ``plugin`` under ``name`` for the block only (tests), then restore."""
        missing = object()
        previous = self._items.get(name, missing)
        self._items[name] = plugin
        try:
            yield plugin
        finally:
            if previous is missing:
                self._items.pop(name, None)
            else:
                self._items[name] = previous

    # -- looking up

    def __getitem__(self, name):
        try:
            return self._items[name]
        except (KeyError, TypeError):
            known = ", ".join(map(str, self._items)) or "none"
            raise UnknownPlugin(
                f"{self.name}: no plugin is registered as {name!r} (registered: {known})."
            ) from None

    def get(self, name, default=None):
        try:
            return self._items.get(name, default)
        except TypeError:  # an unhashable name, e.g. from a form definition's JSON
            return default

    def __contains__(self, name):
        try:
            return name in self._items
        except TypeError:
            return False

    def __iter__(self):
        return iter(self._items)

    def __len__(self):
        return len(self._items)

    def names(self):
        return list(self._items)

    def values(self):
        return self._items.values()

    def items(self):
        return self._items.items()

    # -- demos

    def demo_plugins(self):
        """The names of the plugins that only pretend (``is_demo``)."""
        return [name for name, plugin in self._items.items() if is_demo(plugin)]

    def enabled_names(self):
        """The names the settings put in use; every registered one without a setting."""
        if self.setting is None:
            return self.names()
        chosen = getattr(settings, self.setting, None)
        if not chosen:
            return []
        return [chosen] if isinstance(chosen, str) else list(chosen)

    def enabled_demo_plugins(self):
        return [name for name in self.enabled_names() if is_demo(self.get(name))]


def all_registries():
    """Every registry alive in this process, by name."""
    return sorted(_registries, key=lambda registry: registry.name)
