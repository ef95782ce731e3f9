"""Addresses of the payment page, the receipt and the files that the journey gave out
before they became the application's own pages (services.intake): permanent redirects."""

from django.http import HttpResponsePermanentRedirect
from django.urls import reverse


def _to(name, *args):
    return HttpResponsePermanentRedirect(reverse(f"intake:{name}", args=[str(a) for a in args]))


def pay(request, slug, reference):
    return _to("pay", slug, reference)


def receipt(request, slug, reference):
    return _to("receipt", slug, reference)


def receipt_pdf(request, slug, reference):
    return _to("receipt_pdf", slug, reference)


def file(request, slug, reference, key):
    return _to("file", slug, reference, key)
