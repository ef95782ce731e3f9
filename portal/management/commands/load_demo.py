import csv
import time
from collections import Counter

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from wagtail.models import Site

from accounts.demo import load_demo_accounts
from portal.affairs.demo import load_demo as load_affairs_demo
from portal.affairs.tax_demo import load_tax_online_demo
from portal.affairs.tax_returns_demo import load_tax_returns_demo
from portal.affairs.taxcert_demo import load_certificate_demo
from portal.fleet.demo import load_demo as load_fleet_demo
from portal.journey.demo import load_demo as load_journey_demo
from portal.journey.demo import load_legal_change_draft
from search.records import refresh_all as refresh_search_records
from services.appointments.demo import load_demo as load_appointments_demo
from services.commerce.demo import DEMO_KSH_CODES as COMMERCE_DEMO_KSH_CODES
from services.commerce.demo import load_demo as load_commerce_demo
from services.commerce.demo_notifications import load_demo as load_notifications_demo
from services.commerce.demo_procedures import load_demo as load_procedures_demo
from services.documents.demo import load_demo as load_registry_demo
from services.feedback.demo import load_demo as load_feedback_demo
from services.forms.demo import load_demo as load_forms_demo
from services.forms.demo import load_legal_change_demo, load_parking_permit_demo
from services.helpdesk.demo import load_demo as load_helpdesk_demo
from services.payments.demo import load_demo as load_payments_demo
from services.publication.demo import load_demo as load_publication_demo
from services.tax.demo import DEMO_KSH_CODES as TAX_DEMO_KSH_CODES
from services.tax.demo import load_demo as load_tax_demo
from services.tax.demo import load_notice_demo
from sites.constants import StaffRole
from sites.demo import load_demo_site
from sites.demo.parking import load_parking_pages
from sites.models import Municipality
from sites.staff import add_member

DEMO_MUNICIPALITY_SLUG = "eger"
# Demo passwords are printed at the end of every load; the loader never runs in production.
DEMO_USERS = [
    ("operator", "operator@varoshaza.localhost", "Demo", "Operátor", None, "demo-operator-1"),
    (
        "szerkeszto",
        "szerkeszto@eger.localhost",
        "Erika",
        "Szerkesztő",
        StaffRole.EDITOR,
        "demo-szerkeszto-1",
    ),
    (
        "moderator",
        "moderator@eger.localhost",
        "Márton",
        "Moderátor",
        StaffRole.MODERATOR,
        "demo-moderator-1",
    ),
    (
        "ugyintezo",
        "ugyintezo@eger.localhost",
        "Ödön",
        "Ügyintéző",
        StaffRole.OFFICER,
        "demo-ugyintezo-1",
    ),
    # The tax office's officer (services.tax: the local tax workspace).
    (
        "adougyintezo",
        "adougyintezo@eger.localhost",
        "Ágnes",
        "Adóügyintéző",
        StaffRole.TAX_OFFICER,
        "demo-adougyintezo-1",
    ),
    # The trade and industry officer (services.commerce: the trade register's desk).
    (
        "kerugyintezo",
        "kerugyintezo@eger.localhost",
        "Katalin",
        "Kerekes",
        StaffRole.TRADE_OFFICER,
        "demo-kerugyintezo-1",
    ),
    (
        "webadmin",
        "webadmin@eger.localhost",
        "Anna",
        "Webadmin",
        StaffRole.SITE_ADMIN,
        "demo-webadmin-1",
    ),
]


class Command(BaseCommand):
    help = "Load the demo: the municipalities of data/municipalities.csv and demo logins."

    def handle(self, **options):
        if settings.ENVIRONMENT == "production":
            raise CommandError(_("The demo loader does not run under the production settings."))
        call_command(
            "provision_municipalities",
            str(settings.BASE_DIR / "data" / "municipalities.csv"),
            "--now",  # what follows needs the municipalities; and a progress bar to watch
            stdout=self.stdout,
            stderr=self.stderr,
        )
        self._bind_sites_to_port()
        # The central form template library (idempotent: a re-run adds nothing).
        call_command("load_form_templates", stdout=self.stdout, stderr=self.stderr)
        # Every demo municipality's website as after a year in use, and its online forms.
        self._load_websites()
        municipality = Municipality.objects.get(slug=DEMO_MUNICIPALITY_SLUG)
        for username, email, first_name, last_name, role, password in DEMO_USERS:
            self._ensure_user(municipality, username, email, first_name, last_name, role, password)
        self._ensure_invitation(municipality)
        # Demo complaints submitted through the forms service: the officer's inbox.
        load_registry_demo(municipality, self.stdout)
        self._print_logins(municipality)
        # The admin asks staff for a TOTP code: the demo staff get a device (accounts.demo).
        load_demo_accounts([username for username, *_rest in DEMO_USERS], stdout=self.stdout)
        # A form for identified citizens and a representation (portal.journey).
        load_journey_demo(municipality, self.stdout)
        # The demo citizen's cases with the officer's messages in Ügyeim (portal.affairs).
        load_affairs_demo(municipality, self.stdout)
        # A form with a fee, paid through the simulated VPOS (services.payments).
        load_payments_demo(municipality, self.stdout)
        # The tax office of Eger and two villages: registers, decrees, accounts, interest.
        for taxed in Municipality.objects.filter(ksh_code__in=TAX_DEMO_KSH_CODES).order_by("name"):
            load_tax_demo(taxed, self.stdout)
        # The demo citizen's and his company's tax accounts in Ügyeim (portal.affairs).
        load_tax_online_demo(municipality, self.stdout)
        # His tax certificate with a documented code for the public check page.
        load_certificate_demo(municipality, self.stdout)
        # Eger's September balance notices (his in the mailbox), reminders, enforcement list.
        load_notice_demo(municipality, self.stdout)
        # Tax forms on the portal: a tourist-tax return booked, a declaration queued.
        load_tax_returns_demo(municipality, self.stdout)
        # Eger's trade and industry register, and its public page on Eger's website.
        for trading in Municipality.objects.filter(ksh_code__in=COMMERCE_DEMO_KSH_CODES):
            load_commerce_demo(trading, self.stdout)
            load_procedures_demo(trading, self.stdout)
            load_notifications_demo(trading, self.stdout)
        # The register's public entries in the site search (its page is made last).
        refresh_search_records(Municipality.objects.filter(ksh_code__in=COMMERCE_DEMO_KSH_CODES))
        # Eger's customer service takes appointments: offices, matters, the day's list.
        load_appointments_demo(municipality, self.stdout)
        # The portal search's journey: parking permit forms and Eger's parking page (search).
        load_parking_permit_demo(self.stdout)
        # A legal change staged for tomorrow: Eger's officer resolves it in advance, and the
        # demo citizen has a draft on the old version that is carried over (issue #22).
        load_legal_change_demo(municipality, self.stdout)
        load_legal_change_draft(municipality)
        load_parking_pages(municipality)
        # Eger's publication list (one item overdue) and the data request form; then the
        # visitors' answers to "Was this page useful?" over the past weeks.
        load_publication_demo(municipality, self.stdout)
        load_feedback_demo(municipality, self.stdout)
        # The provider's helpdesk (Eger's tickets, the knowledge base) and a legal notice.
        load_helpdesk_demo(municipality, self.stdout)
        load_fleet_demo(municipality, self.stdout)

    def _load_websites(self):
        started = time.monotonic()
        with open(settings.BASE_DIR / "data" / "municipalities.csv", encoding="utf-8") as handle:
            codes = [row["ksh_code"] for row in csv.DictReader(handle)]
        made, forms, filled = Counter(), 0, 0
        for municipality in Municipality.objects.filter(ksh_code__in=codes).order_by("name"):
            forms += load_forms_demo(municipality)
            site = load_demo_site(municipality)
            if site is not None:
                made += site
                filled += 1
        if not filled and not forms:
            self.stdout.write(_("Demo websites: nothing to add, every one has its content."))
            return
        self.stdout.write(
            _(
                "Demo websites: %(sites)d filled (%(news)d news items, %(events)d events, "
                "%(meetings)d council meetings, %(decrees)d decrees, %(documents)d documents, "
                "%(images)d pictures), %(forms)d forms published, in %(seconds).1f s."
            )
            % {
                "sites": filled,
                "news": made["news"],
                "events": made["events"],
                "meetings": made["meetings"],
                "decrees": made["decrees"],
                "documents": made["documents"],
                "images": made["images"],
                "forms": forms,
                "seconds": time.monotonic() - started,
            }
        )

    def _bind_sites_to_port(self):
        """``make run PORT=8100``: the portal and every municipality's site answer on that
        port and link to one another there, also when the demo was loaded on another port
        before (provisioning sets the port of a new site only)."""
        moved = 0
        for site in Site.objects.exclude(port=settings.SITE_PORT):
            site.port = settings.SITE_PORT
            site.save(update_fields=["port"])
            moved += 1
        if moved:
            self.stdout.write(
                _("%(count)d sites moved to port %(port)d.")
                % {"count": moved, "port": settings.SITE_PORT}
            )

    def _ensure_user(self, municipality, username, email, first_name, last_name, role, password):
        User = get_user_model()
        user, _created = User.objects.get_or_create(
            username=username,
            defaults={"email": email, "first_name": first_name, "last_name": last_name},
        )
        user.set_password(password)
        user.is_superuser = user.is_staff = role is None
        user.is_active = True
        user.save()
        if role is not None:
            add_member(municipality, user, role)

    def _ensure_invitation(self, municipality):
        """A colleague invited but not yet arrived: the site admin's staff page shows the
        open invitation (send again, withdraw). Once only: a re-run invites nobody."""
        from sites import invitations
        from sites.constants import StaffRole

        if invitations.open_invitations(municipality).exists():
            return
        invitations.invite(
            municipality,
            email="kiss.judit@eger.localhost",
            first_name="Judit",
            last_name="Kiss",
            role=StaffRole.EDITOR,
            invited_by=get_user_model().objects.get(username="webadmin"),
        )

    def _print_logins(self, municipality):
        admin_url = f"{settings.WAGTAILADMIN_BASE_URL}/admin/"
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(_("Demo ready.")))
        self.stdout.write(_("Portal: %(url)s") % {"url": settings.WAGTAILADMIN_BASE_URL + "/"})
        self.stdout.write(
            _("Website of %(name)s: %(url)s/")
            % {"name": municipality.name, "url": municipality.url}
        )
        self.stdout.write(
            _("Admin: %(url)s — demo logins (user name / password):") % {"url": admin_url}
        )
        for username, _email, _first, _last, role, password in DEMO_USERS:
            label = StaffRole(role).label if role else _("provider operator (superuser)")
            self.stdout.write(f"  {username} / {password}  ({label})")
