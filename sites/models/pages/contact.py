from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField

from ... import ratelimits
from ...page_forms import MunicipalFormPageForm
from .checked import ReferencesCheckedPageMixin
from .serving import ServingShortcutsMixin


class ContactFormField(AbstractFormField):
    page = ParentalKey(
        "municipal.ContactPage", related_name="form_fields", on_delete=models.CASCADE
    )


class ContactPage(ReferencesCheckedPageMixin, ServingShortcutsMixin, AbstractEmailForm):
    """Contact details, a map position and a contact form whose messages are stored (the
    page's submissions in the admin) and e-mailed to the office."""

    # Wagtail's form-page form (it checks the form fields), with the references check.
    base_form_class = MunicipalFormPageForm

    intro = RichTextField(_("introduction"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("45.7")), MaxValueValidator(Decimal("48.6"))],
        help_text=_("Within Hungary, e.g. 47.497912."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("16.1")), MaxValueValidator(Decimal("22.9"))],
        help_text=_("Within Hungary, e.g. 19.040235."),
    )
    thank_you_text = RichTextField(_("thank-you text"), blank=True)

    content_panels = AbstractEmailForm.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Contact details"),
        ),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("E-mail to the office"),
        ),
    ]
    parent_page_types = ["municipal.MunicipalHomePage", "municipal.StandardPage"]
    subpage_types = []
    # A page with a form carries a per-visitor CSRF token: never served from the page cache.
    cache_for_anonymous = False

    class Meta:
        verbose_name = _("contact page")
        verbose_name_plural = _("contact pages")

    def serve(self, request, *args, **kwargs):
        # Limited per client address and per sender (the e-mail address typed, where the form
        # asks for one). A refused message is shown again with what was typed, not lost.
        if request.method == "POST" and ratelimits.hit(
            request, "contact_form", key=self._sender_address(request)
        ):
            form = self.get_form(request.POST, page=self, user=request.user)
            form.add_error(None, ratelimits.LIMIT_MESSAGE)
            context = self.get_context(request)
            context["form"] = form
            return TemplateResponse(
                request,
                self.get_template(request),
                context,
                status=ratelimits.TOO_MANY_REQUESTS,
            )
        return super().serve(request, *args, **kwargs)

    def _sender_address(self, request):
        for field in self.get_form_fields():
            if field.field_type == "email":
                address = request.POST.get(field.clean_name, "").strip()
                if address:
                    return address
        return None

    @property
    def map_url(self):
        # A link, not an embedded map: the page itself makes no request to another host.
        if self.latitude is None or self.longitude is None:
            return ""
        return (
            f"https://www.openstreetmap.org/?mlat={self.latitude}&mlon={self.longitude}"
            f"#map=17/{self.latitude}/{self.longitude}"
        )
