from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """What the provider's operators run the platform with: the periodic jobs' scheduler,
    health and metrics endpoints, request ids in the logs, backups and the restore drill."""

    name = "portal.operations"
    label = "operations"
    verbose_name = _("Operations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        import prometheus_client
        from django.core.signals import request_finished, request_started
        from django_tasks.signals import task_enqueued, task_finished, task_started

        from .metrics import PLATFORM
        from .requestid import (
            forget_origin,
            remember_origin,
            request_begins,
            request_ends,
            restore_origin,
        )

        request_started.connect(request_begins, dispatch_uid="operations.request_begins")
        request_finished.connect(request_ends, dispatch_uid="operations.request_ends")

        task_enqueued.connect(remember_origin, dispatch_uid="operations.remember_origin")
        task_started.connect(restore_origin, dispatch_uid="operations.restore_origin")
        task_finished.connect(forget_origin, dispatch_uid="operations.forget_origin")

        try:
            prometheus_client.REGISTRY.register(PLATFORM)
        except ValueError:
            pass  # registered already (a second ready() in the same process, in tests)
