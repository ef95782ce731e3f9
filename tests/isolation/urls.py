"""Every URL pattern of the project, filled with the ids of another municipality's objects.

The patterns come from the URLconf itself (Wagtail's admin, ours, allauth's, the portal's),
so a view added tomorrow is requested tomorrow. Each argument of a pattern is mapped to the
kind of object it names; an argument this module does not know makes the test fail and say
so, rather than skip a view nobody thought of.
"""

import re
from dataclasses import dataclass

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.contrib.settings.registry import registry as settings_registry

# The argument names that always name one kind of object.
KIND_OF_ARGUMENT = {
    "page_id": "page",
    "parent_page_id": "page",
    "page_to_move_id": "page",
    "destination_id": "page",
    "page_pk": "page",
    "image_id": "image",
    "doc_id": "document",
    "collection_id": "collection",
    "revision_id": "revision",
    "revision_id_a": "revision",
    "revision_id_b": "revision",
    "task_state_id": "task_state",
    "task_id": "task",
    "workflow_pk": "workflow",
    "workflow_state_id": "workflow_state",
    "session_id": "editing_session",
    "redirect_id": "redirect",
    "uploaded_file_id": "uploaded_file",
    "municipality_id": "municipality",
    "membership_id": "membership",
    "invitation_id": "invitation",
    "form_id": "form",
    "submission_id": "submission",
    "notice_id": "notice",
    "case_id": "case",
    "file_id": "registry_file",
    "registry_document_id": "registry_document",
    "payment_id": "payment",
    "payment_uuid": "payment_uuid",
    "template_id": "template",
    "message_id": "message",
    "restriction_id": "document_restriction",
    "page_view_restriction_id": "page_restriction",
    "reference": "reference",
    "taxpayer_id": "taxpayer",
    "decree_id": "decree",
    "entry_id": "tax_charge",
}

# Arguments whose kind depends on the view: (URL name, argument) -> kind.
KIND_IN_VIEW = {
    ("journey:revoke", "pk"): "representation",
    ("wagtailadmin_api:pages:detail", "pk"): "page",
    ("wagtailadmin_api:pages:action", "pk"): "page",
    ("wagtailadmin_api:images:detail", "pk"): "image",
    ("wagtailadmin_api:documents:detail", "pk"): "document",
    ("wagtailadmin_pages:revisions_compare", "pk"): "page",
    ("wagtailadmin_workflows:enable", "pk"): "workflow",
    ("wagtailadmin_workflows:enable_task", "pk"): "task",
    ("wagtailadmin_workflows:edit_task", "pk"): "task",
    ("wagtailsettings:edit", "pk"): "site",
    ("wagtailsettings:preview_on_edit", "pk"): "site",
    ("wagtaildocs_serve", 0): "document",
    ("wagtaildocs_serve", 1): "document_filename",
    ("intake:receipt", "reference"): "receipt_reference",
    ("intake:receipt_pdf", "reference"): "receipt_reference",
    ("intake:pay", "reference"): "awaiting_reference",
    ("journey:old_receipt", "reference"): "receipt_reference",
    ("journey:old_receipt_pdf", "reference"): "receipt_reference",
    ("journey:old_pay", "reference"): "awaiting_reference",
    ("payments:pay", "reference"): "awaiting_reference",
    ("wagtail_serve", 0): "page_path",
    # A tax notice's PDF; every other "notice_id" is a form template's notice (forms_admin).
    ("tax_admin:notice_pdf", "notice_id"): "tax_notice",
}

# The model a generic view works on -> the kind of its "pk" / "object_id".
KIND_OF_MODEL = {
    "page": "page",
    "image": "image",
    "document": "document",
    "collection": "collection",
    "workflow": "workflow",
    "task": "task",
    "groupapprovaltask": "task",
    "redirect": "redirect",
    "municipality": "municipality",
    "site": "site",
    "user": "user",
    "group": "group",
}

# Arguments that name no object of a municipality: one or a few fixed values.
FIXED_VALUES = {
    "action_name": ["approve", "reject", "cancel"],
    "filter_spec": ["original"],
    "step": ["adatok"],
    "key": ["igazolas"],
    "provider_name": ["simulated"],
    "language": ["hu"],
    "uidb64": ["MQ"],
    "uidb36": ["1"],
    "token": ["set-password"],
    "organization_slug": ["kau"],
    "provider_id": ["kau"],
    "url": ["x"],
    "id": ["1"],
    "purpose": ["form_fee"],
}

# Arguments that come in pairs naming a model.
MODEL_PAIRS = {
    "wagtailadmin_pages:add": [("sites", "standardpage"), ("sites", "newspage")],
    "wagtailadmin_pages:preview_on_add": [("sites", "standardpage")],
    "wagtailadmin_pages:type_use": [("sites", "standardpage"), ("sites", "newspage")],
    "wagtailadmin_pages:type_use_results": [("sites", "standardpage"), ("sites", "newspage")],
    "wagtailadmin_pages:choose_parent": [("sites", "standardpage")],
    "wagtailadmin_tag_model_autocomplete": [("taggit", "tag"), ("sites", "newspagetag")],
    "wagtailadmin_workflows:add_task": [("wagtailcore", "groupapprovaltask")],
    "wagtailadmin_editing_sessions:ping": [("wagtailcore", "page")],
}

# Which of B's municipal things the documents workspace's action slug may name.
CASE_ACTIONS = ["assign", "reply", "request", "decide", "close", "relate", "take", "restrict"]


@dataclass(frozen=True)
class Endpoint:
    route: str
    name: str
    view: object
    model_name: str
    arguments: tuple

    @property
    def is_admin(self):
        return self.route.startswith("admin/")

    def accepts_post(self):
        view_class = getattr(self.view, "view_class", None)
        if view_class is None:
            return True  # a function view: nobody can tell without asking it
        return hasattr(view_class, "post") or hasattr(view_class, "dispatch_post")


_ARGUMENT = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_REGEX_GROUP = re.compile(r"\(\?P<(?P<name>[^>]+)>[^)]*\)|\((?!\?)[^)]*\)")


def _arguments(route):
    names = [m.group("name") for m in _ARGUMENT.finditer(route) if "(?P" not in route]
    for position, match in enumerate(_REGEX_GROUP.finditer(route)):
        names.append(match.group("name") or position)
    return tuple(names)


def endpoints():
    """Every URL pattern of the project (the Django admin's are the operators' own)."""
    found = []

    def walk(resolver, prefix, namespace):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                name = ""
                if pattern.name:
                    name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                view = pattern.callback
                model = getattr(view, "view_initkwargs", {}).get("model") or getattr(
                    getattr(view, "view_class", None), "model", None
                )
                if isinstance(model, str):
                    model = apps.get_model(model)
                model_name = getattr(getattr(model, "_meta", None), "model_name", "")
                route = prefix + str(pattern.pattern)
                found.append(Endpoint(route, name, view, model_name, _arguments(route)))

    walk(get_resolver(), "", "")
    return [e for e in found if not e.route.startswith("django-admin/")]


class UnknownArgument(LookupError):
    pass


def kind_of(endpoint, argument):
    if (endpoint.name, argument) in KIND_IN_VIEW:
        return KIND_IN_VIEW[(endpoint.name, argument)]
    if argument == "document_id":
        return "document"
    if argument in ("pk", "object_id") and endpoint.model_name in KIND_OF_MODEL:
        return KIND_OF_MODEL[endpoint.model_name]
    if argument == "object_id" and endpoint.name == "wagtailadmin_editing_sessions:ping":
        return "page"
    if argument in KIND_OF_ARGUMENT:
        return KIND_OF_ARGUMENT[argument]
    if argument == "slug":
        return "municipality_slug"
    if argument == "code":
        return "form_code"
    return None


def _model_combinations(endpoint):
    names = set(endpoint.arguments)
    pairs = [
        ("app_label", "model_name"),
        ("app_name", "model_name"),
        ("content_type_app_name", "content_type_model_name"),
    ]
    for app_argument, model_argument in pairs:
        if {app_argument, model_argument} <= names:
            if endpoint.name == "wagtail_bulk_action":
                return [
                    {app_argument: app, model_argument: model, "action": action}
                    for app, models in bulk_action_registry.actions.items()
                    for model, actions in models.items()
                    for action in actions
                ]
            if endpoint.name.startswith("wagtailsettings:"):
                combos = [(m._meta.app_label, m._meta.model_name) for m in settings_registry]
            else:
                combos = MODEL_PAIRS.get(endpoint.name)
            if not combos:
                raise UnknownArgument(f"{endpoint.name or endpoint.route}: which models?")
            return [{app_argument: app, model_argument: model} for app, model in combos]
    return [{}]


def fillings(endpoint, objects_of_b, objects_of_a, value_of):
    """The argument sets to request: every object argument B's, then (with more than one)
    each in turn B's and the others A's own. ``value_of(kind, objects)`` gives the value in
    the URL. Yields (values, whether some object of B is named)."""
    for combo in _model_combinations(endpoint):
        object_arguments, fixed = [], {}
        for argument in endpoint.arguments:
            if argument in combo:
                continue
            kind = kind_of(endpoint, argument)
            if kind is not None:
                object_arguments.append((argument, kind))
            elif argument == "action" and endpoint.name == "documents_admin:action":
                fixed[argument] = CASE_ACTIONS
            elif argument in FIXED_VALUES:
                fixed[argument] = FIXED_VALUES[argument]
            else:
                raise UnknownArgument(
                    f"{endpoint.name or endpoint.route}: what does '{argument}' name? "
                    "Teach tests/isolation/urls.py."
                )
        variants = [{argument: "b" for argument, _kind in object_arguments}]
        if len(object_arguments) > 1:
            for foreign, _kind in object_arguments:
                variants.append({a: ("b" if a == foreign else "a") for a, _k in object_arguments})
        for variant in variants:
            for fixed_values in _product(fixed):
                values = {**combo, **fixed_values}
                for argument, kind in object_arguments:
                    objects = objects_of_b if variant[argument] == "b" else objects_of_a
                    values[argument] = value_of(kind, objects)
                yield values, bool(object_arguments)


def _product(fixed):
    combos = [{}]
    for argument, values in fixed.items():
        combos = [{**combo, argument: value} for combo in combos for value in values]
    return combos


def url_for(endpoint, values):
    positional = [values[k] for k in endpoint.arguments if isinstance(k, int)]
    named = {k: v for k, v in values.items() if not isinstance(k, int)}
    if endpoint.name:
        try:
            return reverse(endpoint.name, args=positional or None, kwargs=named or None)
        except Exception:  # noqa: BLE001  (a name shared by two routes: fill the route below)
            pass
    route = endpoint.route
    for argument, value in named.items():
        route = re.sub(rf"<(?:[^>:]+:)?{argument}>", str(value), route)
        route = re.sub(rf"\(\?P<{argument}>[^)]*\)", str(value), route)
    for value in positional:
        route = _REGEX_GROUP.sub(str(value), route, count=1)
    route = route.replace("^", "").replace("$", "").replace("\\", "").replace(".*", "x")
    return "/" + route


def value_of(kind, objects):
    """The value that names an object of this kind in a URL."""
    if kind == "municipality_slug":
        return objects["municipality"].slug
    if kind == "form_code":
        return objects["citizen_form"].code
    if kind == "document_filename":
        return objects["document"].filename
    if kind == "payment_uuid":
        return objects["payment"].uuid
    if kind in ("reference", "receipt_reference", "awaiting_reference"):
        return objects[kind]
    return objects[kind].pk


# The tax officers' imports (services/tax/admin_imports.py).
KIND_OF_ARGUMENT["import_job_id"] = "tax_import_job"
# The tax officers' assessment runs and overpayment requests.
KIND_OF_ARGUMENT.update({"run_id": "assessment_run", "request_id": "tax_request"})
# The tax officers' bank statements, their items and the late-interest runs.
KIND_OF_ARGUMENT.update(
    {
        "statement_id": "tax_statement",
        "statement_item_id": "tax_statement_item",
        "interest_run_id": "tax_interest_run",
    }
)
# The citizen's tax payment result in Ügyeim (portal/affairs/tax_views.py): named by the
# card payment order's uuid.
KIND_OF_ARGUMENT["order_uuid"] = "tax_card_order"
_value_of_before_tax_orders = value_of


def value_of(kind, objects):  # noqa: F811
    if kind == "tax_card_order":
        return objects[kind].uuid
    return _value_of_before_tax_orders(kind, objects)


# The trade procedures' licence cases (services/commerce/admin_procedures.py).
KIND_OF_ARGUMENT["procedure_id"] = "commerce_procedure"
# The trade officers' workspace (services/commerce/admin_views.py): a trader's card.
KIND_OF_ARGUMENT["trader_id"] = "commerce_trader"
# The tax officers' tax certificates (services/tax/admin_certificates.py).
KIND_OF_ARGUMENT["certificate_id"] = "tax_certificate"
# The helpdesk (services/helpdesk/admin_urls.py) and the fleet console's legal notices
# (portal/fleet/admin_urls.py); the knowledge base's articles and canned answers are the
# provider's snippets, the same for every municipality.
KIND_OF_ARGUMENT.update(
    {
        "ticket_id": "helpdesk_ticket",
        "screenshot_id": "helpdesk_screenshot",
        "article_id": "helpdesk_article",
        "legal_notice_id": "legal_notice",
    }
)
KIND_OF_MODEL.update({"article": "helpdesk_article", "cannedanswer": "helpdesk_canned"})
# The tax officers' notice runs, a notice's PDF and a print file (services/tax/admin_notices.py).
KIND_OF_ARGUMENT.update(
    {
        "notice_run_id": "tax_notice_run",
        "notice_print_file_id": "tax_notice_print_file",
    }
)
# Appointments (services/appointments): the officers' bookings and blocks, the site admins'
# offices and matters, and the public booking page of a matter.
KIND_OF_ARGUMENT.update(
    {
        "booking_id": "booking",
        "block_id": "booking_block",
        "office_id": "booking_office",
        "matter_id": "booking_matter",
        "service_id": "booking_matter",
    }
)
# The page feedback's moderation (services/feedback/admin_views.py): a visitor's comment.
KIND_OF_ARGUMENT["vote_id"] = "page_vote"
# The tax officers' queue of property-tax declarations (services/tax/admin_declarations.py).
KIND_OF_ARGUMENT["declaration_id"] = "tax_declaration"


# ---------------------------------------------------------------- data export (issue #20/5)
# The data export's download (portal/dataexport/admin_urls.py): a finished export's zip.
KIND_OF_ARGUMENT["export_id"] = "data_export"
# ---- The open API (portal/api): /api/v1/m/<ksh_code>/… names a municipality by its KSH
# code; the API's catch-all 404 (a problem, not the site's page) takes any rest of a path.
KIND_OF_ARGUMENT["ksh_code"] = "municipality_ksh"
FIXED_VALUES["rest"] = ["nincs-ilyen"]
_value_of_before_api = value_of


def value_of(kind, objects):  # noqa: F811
    if kind == "municipality_ksh":
        return objects["municipality"].ksh_code
    return _value_of_before_api(kind, objects)


# ---- Open data and the trade/content API (portal/opendata, portal/api/routers/trade.py and
# content.py): a place of trading of the register; "page_id" is a page (above).
KIND_OF_ARGUMENT["place_id"] = "commerce_place"
# A registry file's signed link (portal/api/files.py): a made-up link is a 404 problem.
FIXED_VALUES["link"] = ["x"]
# The site admins' API applications (portal/api/admin_views.py).
KIND_OF_ARGUMENT["api_client_id"] = "api_client"
# A website page through the content API: B's live page (its draft revision must not show);
# a draft or restricted page is a 404 there (tests/portal/api/test_trade_and_content.py).
KIND_IN_VIEW[("openapi_v1:content_page", "page_id")] = "live_page"
