"""``{% page_feedback %}``: the "Was this page useful?" form under a page of a
municipality's website (the themes' base.html puts it after the content)."""

from django import template
from wagtail.models import Page

from .. import tokens
from ..models import COMMENT_MAX_LENGTH

register = template.Library()


@register.inclusion_tag("feedback/widget.html", takes_context=True)
def page_feedback(context):
    page = context.get("page")
    municipality = context.get("current_municipality")
    shown = isinstance(page, Page) and page.pk is not None and municipality is not None
    return {
        "shown": shown,
        "feedback_page": page if shown else None,
        "token": tokens.issue(page.pk) if shown else "",
        "honeypot": tokens.HONEYPOT_FIELD,
        "max_length": COMMENT_MAX_LENGTH,
        "comment": "",
        "errors": [],
    }
