"""System checks over the registries of sites.registry.

The production settings used to refuse the demo plugins they knew by name (the simulated
VPOS, the console SMS backend, the development identity agent); a new demo plugin would
have slipped through. This check asks every registry instead, by each plugin's
``is_demo`` mark. It is an ordinary check, not a ``--deploy`` one, so ``migrate`` and
``check`` refuse too; the WSGI and ASGI entry points call :func:`refuse_demo_plugins`
because an application server runs no checks."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from .registry import all_registries

DEMO_PLUGIN_ENABLED = "municipal.E101"
UNKNOWN_PLUGIN_CHOSEN = "municipal.E102"
TASKS_NOT_QUEUED = "municipal.E103"

# Task backends that only pretend to be a queue: one runs each task inside the request (or
# the shell) that enqueued it, the other keeps it in memory and never runs it.
IN_PROCESS_TASK_BACKENDS = {
    "django_tasks.backends.immediate.ImmediateBackend",
    "django_tasks.backends.dummy.DummyBackend",
}


def registry_errors(registries):
    """An enabled demo plugin (in production) and a setting choosing no registered plugin."""
    errors = []
    production = settings.ENVIRONMENT == "production"
    for registry in registries:
        chosen = getattr(settings, registry.setting, None) if registry.setting else None
        if isinstance(chosen, str) and chosen and chosen not in registry:
            errors.append(
                checks.Error(
                    f"{registry.setting}={chosen!r} names none of the registered {registry.name}.",
                    hint=f"Choose one of: {', '.join(registry.names())}.",
                    obj=registry,
                    id=UNKNOWN_PLUGIN_CHOSEN,
                )
            )
        if not production:
            continue
        for name in registry.enabled_demo_plugins():
            if isinstance(chosen, str):
                what = f"{registry.setting}={name!r}"
                hint = f"Choose a real plugin in {registry.setting}."
            elif registry.setting:
                what = f"{name!r} in {registry.setting}"
                hint = f"Take it out of {registry.setting}."
            else:
                what, hint = f"{name!r}", "Remove the app that registers it from INSTALLED_APPS."
            errors.append(
                checks.Error(
                    f"Production settings refused: {what} is a demo plugin of the "
                    f"{registry.name} (is_demo); it only pretends.",
                    hint=registry.hint or hint,
                    obj=registry,
                    id=DEMO_PLUGIN_ENABLED,
                )
            )
    return errors


@checks.register(checks.Tags.security)
def check_registries(app_configs=None, **kwargs):
    return registry_errors(all_registries())


def task_backend_errors():
    """In production, a task backend that runs nothing in a worker."""
    if settings.ENVIRONMENT != "production":
        return []
    return [
        checks.Error(
            f"Production settings refused: TASKS[{alias!r}] is {options['BACKEND']!r}, which "
            "runs no task in a worker (a long job would hold a web worker, or never run).",
            hint="Use django_tasks_db.DatabaseBackend (the default of the production "
            "settings: unset TASKS_BACKEND) and run `manage.py db_worker`.",
            id=TASKS_NOT_QUEUED,
        )
        for alias, options in settings.TASKS.items()
        if options.get("BACKEND") in IN_PROCESS_TASK_BACKENDS
    ]


@checks.register(checks.Tags.security)
def check_task_backend(app_configs=None, **kwargs):
    return task_backend_errors()


def refuse_demo_plugins():
    """Raise ImproperlyConfigured for what :func:`check_registries` and
    :func:`check_task_backend` report."""
    errors = registry_errors(all_registries()) + task_backend_errors()
    if errors:
        raise ImproperlyConfigured(" ".join(f"{error.msg} {error.hint}" for error in errors))
