"""The operators' fleet console and legal-change notices, and the notices' inbox of a
municipality's officers and site admins."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from sites.actor import Actor, Channel

from . import charts, figures, notices
from .forms import NoticeForm
from .models import LegalNotice


def is_operator(user):
    return bool(getattr(user, "is_superuser", False) and user.is_active)


class CrumbMixin(WagtailAdminTemplateMixin):
    crumb = ("fleet_admin:console", gettext_lazy("Fleet console"))

    def get_breadcrumbs_items(self):
        url_name, label = self.crumb
        items = [{"url": reverse(url_name), "label": label}]
        title = self.get_page_title()
        if str(title) != str(label):
            items.append({"url": "", "label": title})
        return items


INBOX = ("fleet_admin:inbox", gettext_lazy("Notices from the provider"))
NOTICES = ("fleet_admin:notices", gettext_lazy("Legal-change notices"))


class OperatorMixin(CrumbMixin):
    def dispatch(self, request, *args, **kwargs):
        if not is_operator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _weeks(rows, index=1):
    """[(label, value)] of per_week rows: the week's Monday as "12.01." and one figure."""
    return [(formats.date_format(row[0], "m.d."), row[index]) for row in rows]


class ConsoleView(OperatorMixin, TemplateView):
    template_name = "fleet/admin/console.html"
    page_title = gettext_lazy("Fleet console")

    def get_context_data(self, **kwargs):
        refresh = self.request.GET.get("frissit") == "1"
        data = figures.console_figures(refresh=refresh)
        weekly = {
            "submissions": _weeks(data["submissions"]),
            "payments": _weeks(data["payments"]),
            "payments_ft": _weeks(data["payments"], 2),
            "tax": _weeks(data["tax"]["per_week"], 2),
            "registry": _weeks(data["registry"]["per_week"]),
            "helpdesk": [
                (formats.date_format(week, "m.d."), count)
                for week, count in data["helpdesk"]["per_week"]
            ],
        }
        return super().get_context_data(
            data=data,
            weekly=weekly,
            charts={
                "county": charts.bars(data["joined"]["by_county"]),
                "status": charts.bars(data["joined"]["by_legal_status"]),
                "templates": charts.bars(
                    [(f"{c} {t}", n) for c, t, n in data["forms"]["top_templates"]]
                ),
                "submissions": charts.columns(weekly["submissions"]),
                "payments": charts.columns(weekly["payments"]),
                "tax": charts.columns(weekly["tax"]),
                "registry": charts.columns(weekly["registry"]),
                "helpdesk": charts.columns(weekly["helpdesk"]),
                "priority": charts.bars(data["helpdesk"]["by_priority"]),
            },
            templates_rows=[(f"{c} {t}", n) for c, t, n in data["forms"]["top_templates"]],
            worst_pages=figures.worst_pages(),
            health=figures.live_health(),
            search=figures.search_lag(refresh=refresh),
            recent_notices=LegalNotice.objects.all()[:5],
            **kwargs,
        )


class NoticeListView(OperatorMixin, TemplateView):
    template_name = "fleet/admin/notices.html"
    crumb = NOTICES
    page_title = gettext_lazy("Legal-change notices")

    def get_context_data(self, **kwargs):
        rows = [(notice, *notices.read_share(notice)) for notice in LegalNotice.objects.all()[:100]]
        return super().get_context_data(rows=rows, **kwargs)


class NewNoticeView(OperatorMixin, FormView):
    template_name = "fleet/admin/notice_form.html"
    crumb = NOTICES
    page_title = gettext_lazy("New legal-change notice")
    form_class = NoticeForm

    def form_valid(self, form):
        data = form.cleaned_data
        notice = notices.send_notice(
            actor=Actor.from_request(self.request, channel=Channel.ADMIN),
            title=data["title"],
            body=data["body"],
            law=data["law"],
            effective_on=data["effective_on"],
            templates=data["templates"],
            audience=data["audience"],
            counties=data["counties"],
            legal_statuses=data["legal_statuses"],
            municipalities=data["municipalities"],
        )
        read, sent = notices.read_share(notice)
        messages.success(
            self.request,
            _("The notice was sent to %(count)s municipalities.") % {"count": sent},
        )
        return redirect("fleet_admin:notice", notice.pk)


class NoticeView(OperatorMixin, TemplateView):
    """The notice and its read receipts: who of each municipality read it, and when."""

    template_name = "fleet/admin/notice.html"
    crumb = NOTICES

    def dispatch(self, request, *args, **kwargs):
        self.notice = get_object_or_404(LegalNotice, pk=kwargs["legal_notice_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.notice.title

    def get_context_data(self, **kwargs):
        read, sent = notices.read_share(self.notice)
        return super().get_context_data(
            notice=self.notice,
            templates=self.notice.templates.order_by("code"),
            receipts=notices.receipts(self.notice),
            read=read,
            sent=sent,
            **kwargs,
        )


class InboxView(CrumbMixin, TemplateView):
    """The notices the provider sent to the user's municipalities (officers, site admins)."""

    template_name = "fleet/admin/inbox.html"
    crumb = INBOX
    page_title = gettext_lazy("Notices from the provider")

    def dispatch(self, request, *args, **kwargs):
        if not notices.receiving_municipalities(request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(rows=notices.notices_for(self.request.user), **kwargs)


class ReadView(CrumbMixin, TemplateView):
    """One notice; opening it is the reader's read receipt."""

    template_name = "fleet/admin/read.html"
    crumb = INBOX

    def dispatch(self, request, *args, **kwargs):
        self.notice = notices.open_notice(request.user, kwargs["legal_notice_id"])
        if self.notice is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.notice.title

    def get_context_data(self, **kwargs):
        paragraphs = [p.strip() for p in self.notice.body.split("\n\n") if p.strip()]
        return super().get_context_data(
            notice=self.notice,
            paragraphs=paragraphs,
            templates=self.notice.templates.order_by("code"),
            **kwargs,
        )
