"""The StreamField vocabulary shared by municipal pages.

Block templates live under templates/blocks/ so a theme can override any of them."""

from urllib.parse import parse_qs, urlparse

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "document-link", "ol", "ul"]


class HeadingBlock(blocks.CharBlock):
    class Meta:
        label = _("Heading")
        icon = "title"
        template = "blocks/heading.html"
        form_classname = "title"


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False)
    images = blocks.ListBlock(ImageBlock(label=_("Image")), label=_("Images"), min_num=1)

    class Meta:
        label = _("Gallery")
        icon = "image"
        template = "blocks/gallery.html"


class DocumentListBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False)
    documents = blocks.ListBlock(
        DocumentChooserBlock(label=_("Document")), label=_("Documents"), min_num=1
    )

    class Meta:
        label = _("Document list")
        icon = "doc-full"
        template = "blocks/document_list.html"


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"))
    answer = blocks.RichTextBlock(label=_("Answer"), features=RICH_TEXT_FEATURES)


class AccordionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False)
    items = blocks.ListBlock(QuestionBlock(), label=_("Questions"), min_num=1)

    class Meta:
        label = _("Accordion / FAQ")
        icon = "list-ul"
        template = "blocks/accordion.html"


class ContactCardBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Name"))
    role = blocks.CharBlock(label=_("Role"), required=False)
    phone = blocks.CharBlock(label=_("Phone"), required=False, max_length=40)
    email = blocks.EmailBlock(label=_("E-mail"), required=False)
    office_hours = blocks.CharBlock(label=_("Office hours"), required=False)

    class Meta:
        label = _("Contact card")
        icon = "user"
        template = "blocks/contact_card.html"


VIDEO_PLAYERS = {
    # host -> (player URL pattern, provider name); only these are embedded.
    "youtube": ("https://www.youtube-nocookie.com/embed/{id}", "YouTube"),
    "vimeo": ("https://player.vimeo.com/video/{id}", "Vimeo"),
}


def video_player(url):
    """(player URL, provider) for a YouTube or Vimeo address, or None."""
    parsed = urlparse(url or "")
    host = parsed.hostname or ""
    video_id = None
    provider = None
    if host.endswith("youtube.com"):
        provider = "youtube"
        video_id = parse_qs(parsed.query).get("v", [None])[0]
    elif host == "youtu.be":
        provider, video_id = "youtube", parsed.path.lstrip("/")
    elif host.endswith("vimeo.com"):
        provider, video_id = "vimeo", parsed.path.strip("/").split("/")[-1]
    if not provider or not video_id or not video_id.replace("-", "").replace("_", "").isalnum():
        return None
    pattern, name = VIDEO_PLAYERS[provider]
    return pattern.format(id=video_id), name


class VideoBlock(blocks.StructBlock):
    """A video whose player is only loaded after the visitor clicks: until then the page
    makes no request to the video provider (consent under the ePrivacy rules)."""

    url = blocks.URLBlock(label=_("YouTube or Vimeo address"))
    title = blocks.CharBlock(label=_("Title of the video"))
    transcript = blocks.RichTextBlock(
        label=_("Transcript or description"), required=False, features=RICH_TEXT_FEATURES
    )

    class Meta:
        label = _("Video")
        icon = "media"
        template = "blocks/video.html"

    def clean(self, value):
        value = super().clean(value)
        if video_player(value["url"]) is None:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "url": ValidationError(_("Give the address of a YouTube or Vimeo video."))
                }
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["player"] = video_player(value["url"])
        return context


class PageOrAddressMixin:
    """For a struct block with an optional ``page`` and ``url``: one of them is required.
    Templates turn either into a link with ``{% link_href value %}``."""

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"url": ValidationError(_("Choose a page or give a web address."))}
            )
        return value


class CallToActionBlock(PageOrAddressMixin, blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"))
    button = blocks.CharBlock(label=_("Button label"), default=_("Start the form"))
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("Form address"), required=False)

    class Meta:
        label = _("Call to action")
        icon = "pick"
        template = "blocks/call_to_action.html"


def starter_texts():
    """The texts of the starter content's sections to fill in (data/starter_pages.json),
    whitespace aside."""
    from .starter_tree import starter_placeholders

    return starter_placeholders()


def _squeeze(html):
    return " ".join(str(html).split())


class StarterSectionBlock(blocks.StructBlock):
    """A section of the starter content that only the municipality can write (who the mayor
    is, when they receive citizens). Its starter text tells the editor what to write;
    visitors see nothing of it until an editor has changed that text."""

    heading = blocks.CharBlock(label=_("Heading"), required=False)
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)

    class Meta:
        label = _("Section to fill in")
        icon = "warning"
        template = "blocks/starter_section.html"
        help_text = _(
            "Starter content: visitors see this section only once you have replaced its "
            "text with your own."
        )

    def is_filled(self, value):
        return _squeeze(value["text"].source) not in starter_texts()

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["filled"] = self.is_filled(value)
        return context


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)
    image = ImageBlock(label=_("Image"), template="blocks/image.html")
    gallery = GalleryBlock()
    documents = DocumentListBlock()
    table = TableBlock(label=_("Table"), template="blocks/table.html")
    accordion = AccordionBlock()
    contact = ContactCardBlock()
    video = VideoBlock()
    call_to_action = CallToActionBlock()
    starter_section = StarterSectionBlock()

    class Meta:
        label = _("Content")


class LinkBlock(PageOrAddressMixin, blocks.StructBlock):
    """A titled link, e.g. a home page's quick link or a footer link."""

    title = blocks.CharBlock(label=_("Title"), max_length=80)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("Web address"), required=False)

    class Meta:
        label = _("Link")
        icon = "link"
