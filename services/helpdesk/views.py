"""The helpdesk in the admin: a municipality's staff open tickets and follow them, the
provider's operators work the queue, and everybody reads the knowledge base.

Who sees a ticket is decided once, by ``services.tickets_of``: the staff of the ticket's
municipality and the operators. Anybody else gets a 404, as if the ticket did not exist."""

from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from sites.actor import Actor, Channel
from sites.downloads import file_download
from sites.filetypes import content_type_of
from sites.workspace import ActionTableMixin

from . import services as helpdesk
from .constants import Status
from .forms import (
    AnswerForm,
    ArticleSearchForm,
    PriorityForm,
    QueueFilterForm,
    ReplyForm,
    TicketForm,
)
from .models import Article, CannedAnswer


def can_use_helpdesk(user):
    return helpdesk.is_operator(user) or helpdesk.staff_municipalities(user).exists()


class HelpdeskMixin(WagtailAdminTemplateMixin):
    # The crumb above the page: the staff's ticket list, or the knowledge base.
    crumb = ("helpdesk_admin:index", gettext_lazy("Helpdesk tickets"))

    def get_breadcrumbs_items(self):
        url_name, label = self.crumb
        items = [{"url": reverse(url_name), "label": label}]
        title = self.get_page_title()
        if str(title) != str(label):
            items.append({"url": "", "label": title})
        return items

    def dispatch(self, request, *args, **kwargs):
        if not can_use_helpdesk(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def actor(self, municipality=None):
        return Actor.from_request(self.request, channel=Channel.ADMIN, municipality=municipality)


class OperatorMixin(HelpdeskMixin):
    def dispatch(self, request, *args, **kwargs):
        if not helpdesk.is_operator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class TicketListView(HelpdeskMixin, TemplateView):
    """A municipality's staff: their municipalities' tickets, newest first."""

    template_name = "helpdesk/admin/tickets.html"
    page_title = gettext_lazy("Helpdesk tickets")

    def get(self, request, *args, **kwargs):
        if helpdesk.is_operator(request.user) and "mind" not in request.GET:
            return redirect("helpdesk_admin:queue")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        tickets = helpdesk.tickets_of(self.request.user).select_related("municipality")
        return super().get_context_data(tickets=tickets[:200], **kwargs)


def _page_of(request):
    """The admin page the person came from (the Referer of the help menu's link), as a
    path of this host only."""
    referer = request.headers.get("Referer", "")
    parts = urlsplit(referer)
    if not parts.path.startswith("/admin/") or parts.netloc not in ("", request.get_host()):
        return ""
    return (parts.path + ("?" + parts.query if parts.query else ""))[:500]


class NewTicketView(HelpdeskMixin, FormView):
    template_name = "helpdesk/admin/new_ticket.html"
    page_title = gettext_lazy("Report a problem")
    form_class = TicketForm

    def dispatch(self, request, *args, **kwargs):
        if not helpdesk.staff_municipalities(request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["municipalities"] = helpdesk.staff_municipalities(self.request.user)
        return kwargs

    def get_initial(self):
        return {"page_url": _page_of(self.request)}

    def form_valid(self, form):
        data = form.cleaned_data
        ticket = helpdesk.open_ticket(
            data["municipality"],
            actor=self.actor(data["municipality"]),
            subject=data["subject"],
            category=data["category"],
            description=data["description"],
            page_url=data["page_url"],
            screenshots=data["screenshots"],
        )
        messages.success(
            self.request, _("Ticket #%(number)s was sent to the provider.") % {"number": ticket.pk}
        )
        return redirect("helpdesk_admin:ticket", ticket.pk)


class TicketView(ActionTableMixin, HelpdeskMixin, TemplateView):
    """One ticket: its messages, screenshots and history; the staff's reply, and for
    operators the answer (with canned answers), priority and taking it."""

    template_name = "helpdesk/admin/ticket.html"
    actions = {"reply": "reply", "answer": "answer", "priority": "priority", "take": "take"}
    operator_actions = {"answer", "priority", "take"}

    def dispatch(self, request, *args, **kwargs):
        if not can_use_helpdesk(request.user):
            raise PermissionDenied
        self.ticket = get_object_or_404(
            helpdesk.tickets_of(request.user).select_related("municipality", "opened_by"),
            pk=kwargs["ticket_id"],
        )
        self.operator = helpdesk.is_operator(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Ticket #%(number)s") % {"number": self.ticket.pk}

    def get_page_subtitle(self):
        return self.ticket.subject

    def post(self, request, *args, **kwargs):
        name = self.action_name()
        if name in self.operator_actions and not self.operator:
            raise PermissionDenied
        if (
            name == "reply"
            and not helpdesk.staff_municipalities(request.user)
            .filter(pk=self.ticket.municipality_id)
            .exists()
        ):
            raise PermissionDenied  # an operator answers; a reply is the municipality's
        try:
            return self.get_handler(name)()
        except helpdesk.HelpdeskError as error:
            messages.error(request, str(error))
            return redirect("helpdesk_admin:ticket", self.ticket.pk)

    def _invalid(self, **forms):
        return self.render_to_response(self.get_context_data(**forms))

    def reply(self):
        form = ReplyForm(self.request.POST, self.request.FILES)
        if not form.is_valid():
            return self._invalid(reply_form=form)
        helpdesk.staff_reply(
            self.ticket,
            actor=self.actor(self.ticket.municipality),
            body=form.cleaned_data["body"],
            screenshots=form.cleaned_data["screenshots"],
        )
        messages.success(self.request, _("Your message was sent to the provider."))
        return redirect("helpdesk_admin:ticket", self.ticket.pk)

    def answer(self):
        form = AnswerForm(self.request.POST)
        if not form.is_valid():
            return self._invalid(answer_form=form)
        helpdesk.answer(
            self.ticket,
            actor=self.actor(self.ticket.municipality),
            body=form.cleaned_data["body"],
            status=form.cleaned_data["status"],
        )
        messages.success(self.request, _("The answer was sent."))
        return redirect("helpdesk_admin:ticket", self.ticket.pk)

    def priority(self):
        form = PriorityForm(self.request.POST)
        if not form.is_valid():
            return self._invalid(priority_form=form)
        helpdesk.set_priority(
            self.ticket,
            actor=self.actor(self.ticket.municipality),
            priority=form.cleaned_data["priority"],
        )
        messages.success(self.request, _("The priority was changed."))
        return redirect("helpdesk_admin:ticket", self.ticket.pk)

    def take(self):
        helpdesk.take(self.ticket, actor=self.actor(self.ticket.municipality))
        messages.success(self.request, _("The ticket is yours."))
        return redirect("helpdesk_admin:ticket", self.ticket.pk)

    def get_context_data(self, **kwargs):
        ticket = self.ticket
        context = {
            "ticket": ticket,
            "messages_of_ticket": helpdesk.messages_of(ticket).select_related("author"),
            "screenshots": helpdesk.screenshots_of(ticket),
            "events": helpdesk.events_of(ticket).select_related("actor"),
            "sla": helpdesk.sla_state(ticket),
            "operator": self.operator,
            # Operators answer; a reply is the municipality's own staff's.
            "can_reply": not self.operator
            and helpdesk.staff_municipalities(self.request.user)
            .filter(pk=ticket.municipality_id)
            .exists(),
        }
        if context["can_reply"]:
            context.setdefault("reply_form", kwargs.pop("reply_form", None) or ReplyForm())
        if self.operator:
            canned = None
            canned_id = self.request.GET.get("valasz", "")
            if canned_id.isascii() and canned_id.isdigit():
                canned = CannedAnswer.objects.filter(pk=int(canned_id), active=True).first()
            context["answer_form"] = kwargs.pop("answer_form", None) or AnswerForm(
                initial={"body": canned.body} if canned else None
            )
            context["priority_form"] = kwargs.pop("priority_form", None) or PriorityForm(
                initial={"priority": ticket.priority}
            )
            context["canned_answers"] = helpdesk.canned_answers(ticket.category)
        context.update(kwargs)
        return super().get_context_data(**context)


class ScreenshotView(HelpdeskMixin, TemplateView):
    """A ticket's screenshot, to the ticket's municipality's staff and the operators only,
    from private storage, as a download (never rendered in our origin)."""

    def get(self, request, ticket_id, screenshot_id):
        screenshot = helpdesk.screenshot_of(request.user, ticket_id, screenshot_id)
        if screenshot is None:
            raise Http404
        return file_download(
            screenshot.file.open("rb"),
            screenshot.original_name,
            content_type_of(screenshot.original_name),
        )


class QueueView(OperatorMixin, TemplateView):
    template_name = "helpdesk/admin/queue.html"
    page_title = gettext_lazy("Helpdesk queue")
    crumb = ("helpdesk_admin:queue", page_title)

    def get_context_data(self, **kwargs):
        form = QueueFilterForm(self.request.GET or None)
        status = priority = None
        if form.is_valid():
            status = form.cleaned_data["status"] or None
            priority = form.cleaned_data["priority"] or None
        now = timezone.now()
        tickets = list(helpdesk.queue(status=status, priority=priority)[:300])
        rows = [(ticket, helpdesk.sla_state(ticket, now)) for ticket in tickets]
        return super().get_context_data(
            form=form, rows=rows, waiting_status=Status.WAITING, **kwargs
        )


class KnowledgeBaseView(HelpdeskMixin, TemplateView):
    template_name = "helpdesk/admin/knowledge_base.html"
    page_title = gettext_lazy("Knowledge base")
    crumb = ("helpdesk_admin:knowledge_base", page_title)

    def get_context_data(self, **kwargs):
        form = ArticleSearchForm(self.request.GET or None)
        query = form.cleaned_data["q"] if form.is_valid() else ""
        return super().get_context_data(
            form=form, query=query, articles=helpdesk.search_articles(query), **kwargs
        )


class ArticleView(HelpdeskMixin, TemplateView):
    template_name = "helpdesk/admin/article.html"
    crumb = ("helpdesk_admin:knowledge_base", gettext_lazy("Knowledge base"))

    def dispatch(self, request, *args, **kwargs):
        self.article = get_object_or_404(Article, pk=kwargs["article_id"], published=True)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.article.title

    def get_context_data(self, **kwargs):
        paragraphs = [p.strip() for p in self.article.body.split("\n\n") if p.strip()]
        return super().get_context_data(article=self.article, paragraphs=paragraphs, **kwargs)
