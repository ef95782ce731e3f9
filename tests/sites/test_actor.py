import dataclasses

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from sites.actor import Actor, Channel
from sites.tenancy import remember_municipality


def request_from(ip, user):
    request = RequestFactory().get("/", REMOTE_ADDR=ip)
    request.user = user
    return request


@pytest.mark.django_db
def test_a_view_actor_carries_the_user_the_channel_and_the_address(django_user_model):
    user = django_user_model.objects.create(username="kiss.anna")

    actor = Actor.from_request(request_from("10.1.2.3", user), channel=Channel.PORTAL)

    assert (actor.user, actor.channel, actor.ip_address) == (user, "portal", "10.1.2.3")
    assert actor.municipality is None and actor.on_behalf_of is None


def test_an_anonymous_visitor_acts_as_nobody():
    actor = Actor.from_request(request_from("10.9.9.9", AnonymousUser()), channel=Channel.SITE_FORM)

    assert actor.user is None and actor.ip_address == "10.9.9.9"


def test_the_municipality_is_the_given_one_or_the_one_the_request_resolved():
    request = request_from("10.1.2.3", AnonymousUser())
    remember_municipality(request, "resolved")

    assert Actor.from_request(request, channel=Channel.PORTAL).municipality == "resolved"
    assert (
        Actor.from_request(request, channel=Channel.ADMIN, municipality="chosen").municipality
        == "chosen"
    )


def test_the_system_actor_has_no_user_and_no_address():
    actor = Actor.system()

    assert (actor.user, actor.channel, actor.ip_address) == (None, Channel.BATCH, "")


def test_an_actor_cannot_be_changed_once_built():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Actor.system().user = "someone"
