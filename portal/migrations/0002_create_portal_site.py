"""Replace Wagtail's welcome page by the central portal and make it the default site.

The default site is what an unknown hostname gets, so it must be the portal, never a
municipality."""

from django.conf import settings
from django.db import migrations


def create_portal(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    PortalHomePage = apps.get_model("portal.PortalHomePage")

    page_content_type = ContentType.objects.get(model="page", app_label="wagtailcore")
    Page.objects.filter(content_type=page_content_type, slug="home", depth=2).delete()
    if PortalHomePage.objects.exists():
        return
    content_type, _created = ContentType.objects.get_or_create(
        model="portalhomepage", app_label="portal"
    )
    portal = PortalHomePage.objects.create(
        title="Városháza – önkormányzati e-ügyintézés",
        draft_title="Városháza – önkormányzati e-ügyintézés",
        slug="portal",
        content_type=content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/portal/",
        locale=Locale.objects.order_by("pk").first(),
        intro="<p>Válassza ki önkormányzatát, és intézze ügyeit egy helyen.</p>",
    )
    Site.objects.filter(is_default_site=True).update(is_default_site=False)
    Site.objects.create(
        hostname=settings.BASE_DOMAIN,
        port=settings.SITE_PORT,
        root_page=portal,
        is_default_site=True,
        site_name="Városháza",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(create_portal, migrations.RunPython.noop)]
