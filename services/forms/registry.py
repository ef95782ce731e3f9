"""One registry per extension point: field types, and receivers of submissions.

Plugins declare themselves with ``@registry.register("name")``; a second plugin under a
taken name is refused at import time, so a clash is found at start-up, not in production.
Tests build a fresh ``Registry()``."""


class DuplicateRegistration(RuntimeError):
    """Two plugins claimed the same name in one registry."""


class Registry:
    def __init__(self, kind="plugin"):
        self.kind = kind
        self._items = {}

    def register(self, name, item=None):
        """Register ``item`` under ``name``; used bare, it is a decorator."""

        def decorator(item):
            if name in self._items:
                raise DuplicateRegistration(f"A {self.kind} named {name!r} is already registered.")
            self._items[name] = item
            # Classes learn the name they were registered under (FieldType.name).
            if isinstance(item, type) and not getattr(item, "name", None):
                item.name = name
            return item

        return decorator(item) if item is not None else decorator

    def unregister(self, name):
        self._items.pop(name, None)

    def __getitem__(self, name):
        return self._items[name]

    def __contains__(self, name):
        return name in self._items

    def __iter__(self):
        return iter(self._items)

    def get(self, name, default=None):
        return self._items.get(name, default)

    def items(self):
        return self._items.items()

    def names(self):
        return list(self._items)
