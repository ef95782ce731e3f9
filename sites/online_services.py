"""What a municipality offers online, for its website's service directory and home page.

The website sits below the services (README, "Layers"), so it never asks the forms app
itself: a service app registers a plugin here that lists, for one municipality, what a
citizen can do online and where::

    online_services.register("forms", published_form_services)

A plugin is a callable ``(municipality) -> iterable of OnlineService``. The service
directory (sites.models.pages.services) links each of its entries to the online service
of the same code, and lists the ones no entry names; the home page's quick links show the
most used ones."""

from dataclasses import dataclass

from .registry import Registry

online_services = Registry("online services")


@dataclass(frozen=True)
class OnlineService:
    code: str
    title: str
    url: str
    # One of the service directory's fields (sites.constants.ServiceField).
    field: str
    description: str = ""
    # How many citizens used it lately: the home page shows the most used first.
    uses: int = 0


def services_of(municipality):
    """Every online service of the municipality, by code (the first plugin's wins)."""
    found = {}
    if municipality is None:
        return found
    for plugin in online_services.values():
        for service in plugin(municipality):
            found.setdefault(service.code, service)
    return found


def most_used(municipality, limit):
    """The most used first; among equals, in the order the plugins gave them."""
    services = services_of(municipality).values()
    return sorted(services, key=lambda service: -service.uses)[:limit]
