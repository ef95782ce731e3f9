"""Hungarian writing in templates: ``{% load hungarian %}`` then ``{{ payment.amount|ft }}``
("10 000 Ft"), ``{{ count|number }}`` ("10 000"), ``{{ user|person }}`` ("Kovács János"),
``{{ number|phone }}`` ("+36 30 123 4567"). See sites.hungarian."""

from django import template

from sites import hungarian

register = template.Library()


@register.filter
def ft(value):
    return hungarian.format_money(value)


@register.filter
def number(value):
    return hungarian.format_number(value)


@register.filter
def person(user):
    return hungarian.user_name(user) if user else ""


@register.filter
def phone(value):
    return hungarian.format_phone(value)
