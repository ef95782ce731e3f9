"""The site's "Was this page useful?" form is a plain POST, so it works without
JavaScript. Every outcome answers with a page of the site: thanks, or the form again with
what the visitor typed and what to change — a refused comment is never lost."""

import hashlib

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from sites import ratelimits
from sites.actor import client_ip
from sites.tenancy import municipality_for_request

from . import services, tokens
from .models import COMMENT_MAX_LENGTH

ANSWERS = {"igen": True, "nem": False}

MESSAGES = {
    "email": _(
        "Please do not write an e-mail address in the comment: we do not answer here and "
        "we store no personal data. Remove it and send the comment again."
    ),
    "phone": _(
        "Please do not write a phone number or another identifying number in the comment: "
        "we store no personal data. Remove it and send the comment again."
    ),
    "answer": _("Please choose “Yes” or “No”."),
    "too_fast": _("Please send your answer again."),
    "stale": _("The form was out of date. Please send your answer again."),
}


def _form_again(request, page, comment, errors, status):
    context = {
        "feedback_page": page,
        "comment": comment,
        "errors": errors,
        "token": tokens.issue(page.pk),
        "honeypot": tokens.HONEYPOT_FIELD,
        "max_length": COMMENT_MAX_LENGTH,
    }
    return render(request, "feedback/form_again.html", context, status=status)


def _visitor_on_page(request, page):
    # One address on one page, hashed: the counter's key never holds the address itself
    # (and the counters live in the cache only, for the length of their period).
    raw = f"{settings.SECRET_KEY}|{client_ip(request)}|{page.pk}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def _thanks(request, page, helpful):
    return render(request, "feedback/thanks.html", {"feedback_page": page, "helpful": helpful})


# No CSRF cookie: the form sits on pages served to everyone from the page cache, which a
# per-visitor token would keep out of it. Its signed form token (services.feedback.tokens)
# takes that place; a vote carries nobody's authority, so there is no session to forge.
@csrf_exempt
@require_POST
def vote(request, page_id):
    municipality = municipality_for_request(request)
    page = services.municipality_page(municipality, page_id)
    if page is None:
        raise Http404
    page = page.specific
    comment = request.POST.get("megjegyzes", "")[:COMMENT_MAX_LENGTH]
    if ratelimits.hit(request, "page_feedback", key=_visitor_on_page(request, page)):
        return _form_again(
            request, page, comment, [ratelimits.LIMIT_MESSAGE], ratelimits.TOO_MANY_REQUESTS
        )
    helpful = ANSWERS.get(request.POST.get("hasznos", ""))
    if request.POST.get(tokens.HONEYPOT_FIELD):
        # Filled by a script: thanked like anybody, and nothing is stored.
        return _thanks(request, page, helpful)
    verdict = tokens.check(request.POST.get("token"), page.pk)
    if verdict != "ok":
        key = "too_fast" if verdict == "too_fast" else "stale"
        return _form_again(request, page, comment, [MESSAGES[key]], 400)
    if helpful is None:
        return _form_again(request, page, comment, [MESSAGES["answer"]], 400)
    try:
        services.record_vote(municipality, page, helpful=helpful, comment=comment)
    except services.FeedbackRefused as refused:
        errors = [MESSAGES[kind] for kind in ("email", "phone") if kind in refused.kinds]
        return _form_again(request, page, comment, errors, 400)
    return _thanks(request, page, helpful)
