"""The application's history: one event per change, with the actor that made it."""

from ..models import ApplicationEvent


def record(application, kind, actor, **detail):
    user = actor.user if actor is not None else None
    ApplicationEvent.objects.create(
        application=application,
        kind=kind,
        state=application.state,
        user=user if user is not None and user.is_authenticated else None,
        channel=actor.channel if actor is not None else "",
        ip_address=(actor.ip_address or None) if actor is not None else None,
        detail=detail,
    )
