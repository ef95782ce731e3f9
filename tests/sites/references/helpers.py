"""What the reference tests share: the Hungarian refusal, A's own pages, a rich text link."""

import re

from wagtail.models import Page

KIND_WORDS = {"page": "oldalára", "image": "képére", "document": "dokumentumára"}


def refuses(text, field, kind):
    """Whether the text holds the Hungarian refusal naming the field (a StreamField's
    message goes on down to the block: „törzsszöveg › Képgaléria › Képek”)."""
    pattern = (
        rf"A\(z\) „{re.escape(field)}( › [^”]+)?” mező egy másik önkormányzat "
        rf"{KIND_WORDS[kind]} mutat\. Saját \w+ válasszon\."
    )
    return re.search(pattern, text) is not None


def all_messages(error):
    return [text for texts in error.message_dict.values() for text in texts]


def own_page(municipality, slug):
    return Page.objects.descendant_of(municipality.root_page).get(slug=slug).specific


def rich_text_link(kind, target):
    if kind == "image":
        return f'<embed embedtype="image" id="{target.pk}" format="fullwidth" alt=""/>'
    return f'<p><a linktype="{kind}" id="{target.pk}">hivatkozás</a></p>'
