"""The helpdesk's demo: knowledge-base articles and canned answers in Hungarian, and a few
of Eger's tickets (one answered and resolved, one waiting for Eger, one new with a
screenshot). Made once: articles are kept by slug, tickets only where Eger has none."""

import datetime
import io

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sites.actor import Actor, Channel

from . import services as helpdesk
from .constants import Category, Priority, Status
from .models import Article, CannedAnswer, Ticket

ARTICLES = [
    (
        "oldal-kozzetetele",
        "Hogyan tegyek közzé egy oldalt a honlapon?",
        Category.WEBSITE,
        "Új oldal létrehozása, előnézet és közzététel lépésről lépésre.",
        "Az adminisztrációs felület bal oldali menüjében válassza az Oldalak menüpontot, "
        "majd keresse meg azt a szülőoldalt, amely alá az új oldal kerül (például Hírek).\n\n"
        "Kattintson a Gyermekoldal hozzáadása gombra, és válassza ki az oldal típusát. "
        "Töltse ki a címet és a tartalmat; a képeket a Képek gyűjteményből választhatja ki.\n\n"
        "Az Előnézet gombbal megnézheti, hogyan jelenik meg az oldal a látogatóknak. Ha "
        "önkormányzatánál a közzétételt moderátor hagyja jóvá, a Beküldés moderálásra "
        "gombot használja; egyébként a Közzététel gombbal az oldal azonnal megjelenik.\n\n"
        "A közzétett oldal a keresőben néhány percen belül megtalálható. Ha ez nem történik "
        "meg, jelezze a Súgó menü Hiba bejelentése pontján.",
    ),
    (
        "urlapsablon-atvetele",
        "Hogyan vegyek át egy központi űrlapsablont?",
        Category.FORMS,
        "Központi sablon saját űrlapként: testreszabás, közzététel, új verziók.",
        "Az Űrlapok menüben válassza a Sablonkönyvtár pontot. Keresse meg a sablont kódja "
        "(például ADO-001) vagy neve alapján, és kattintson az Átvétel gombra.\n\n"
        "Az átvett űrlapon kiegészítheti a tájékoztató szövegeket, megadhatja az illetéket "
        "és a felelős ügyintézőt. A jogszabály által előírt kérdéseket nem lehet törölni.\n\n"
        "A Közzététel után az űrlap megjelenik az önkormányzat honlapjának Ügyintézés "
        "oldalán és a központi portálon.\n\n"
        "Ha a szolgáltató jogszabályváltozás miatt új sablonverziót ad ki, az "
        "adminisztrációs felület kezdőlapján értesítést kap. Az új verziót az űrlap "
        "oldalán veheti át; a saját kiegészítései megmaradnak.",
    ),
    (
        "ugyintezesi-hatarido",
        "Hogyan kezeljem egy ügy ügyintézési határidejét?",
        Category.REGISTRY,
        "A határidő számítása, felfüggesztése és a hiánypótlás ideje.",
        "Az ügyirat oldalán a határidő az iktatás napjától, az ügytípushoz beállított "
        "szabály szerint számítódik. Ha a határidő munkaszüneti napra esik, a következő "
        "munkanapon jár le.\n\n"
        "Hiánypótlási felhívás küldésekor a Hiánypótlás kérése műveletet használja: az "
        "ügyfél válaszáig eltelt idő nem számít bele az ügyintézési határidőbe, a rendszer "
        "a határidőt ennyivel későbbre teszi.\n\n"
        "Az eljárás felfüggesztését a Felfüggesztés művelettel rögzítse, a folytatást a "
        "Folytatás művelettel. Az ügylistán a lejárt és hamarosan lejáró ügyeket szűrővel "
        "gyűjtheti ki.\n\n"
        "Ha a határidő mégis hibásan jelenik meg, küldjön hibajegyet az ügyirat "
        "iktatószámával; a képernyőképet csatolhatja.",
    ),
    (
        "munkatars-meghivasa",
        "Hogyan hívjak meg egy új munkatársat?",
        Category.ACCOUNTS,
        "Meghívó küldése, szerepkörök, a meghívó érvényessége.",
        "Meghívót a honlap adminisztrátora küldhet a Munkatársak menüpontban: adja meg a "
        "munkatárs e-mail-címét, családi és utónevét, majd válassza ki a szerepkört "
        "(szerkesztő, moderátor, honlap-adminisztrátor, ügyintéző).\n\n"
        "A meghívó hét napig érvényes. Ha a munkatárs nem kapta meg, nézze meg a "
        "levélszemét mappát, vagy küldje el újra a meghívót.\n\n"
        "Belépéskor a munkatársnak hitelesítő alkalmazást kell beállítania: a jelszó után "
        "az alkalmazás hatjegyű kódját kéri a rendszer.",
    ),
    (
        "befizetes-nem-jelenik-meg",
        "Mit tegyek, ha egy befizetés nem jelenik meg?",
        Category.PAYMENTS,
        "Kártyás fizetés, visszaigazolás, egyeztetés.",
        "A kártyás fizetés a bank visszaigazolása után jelenik meg a Befizetések menüben. "
        "A visszaigazolás általában néhány másodperc, ritkán néhány perc.\n\n"
        "Ha a befizető szerint a terhelés megtörtént, de a befizetés függőben maradt, "
        "keresse meg a befizetést a hivatkozási szám alapján, és nézze meg az állapotát.\n\n"
        "Ha a befizetés egy nap után is függő, küldjön hibajegyet a hivatkozási számmal. "
        "A befizető személyes adatait ne írja a hibajegybe.",
    ),
    (
        "bankszamlakivonat-importalasa",
        "Helyi adó: hogyan importáljam a bankszámlakivonatot?",
        Category.TAX,
        "MT940 és camt.053 kivonat, párosítás, a párosítatlan tételek sora.",
        "A Helyi adó menüben válassza a Bankszámlakivonatok pontot, és töltse fel a bank "
        "MT940 vagy camt.053 formátumú kivonatát.\n\n"
        "A rendszer a közlemény alapján (adóazonosító jel, adószám, név) párosítja az "
        "átutalásokat az adózókkal. Amit nem tud párosítani, a párosítatlan tételek "
        "sorába kerül: ott kézzel rendelheti az adózóhoz.\n\n"
        "Ugyanazt a kivonatot kétszer nem lehet importálni.",
    ),
]

CANNED = [
    (
        "Köszönjük, vizsgáljuk",
        "",
        "Köszönjük a bejelentést. A hibát reprodukáltuk, a javításon dolgozunk; amint "
        "elkészül, ebben a hibajegyben jelezzük.",
    ),
    (
        "Képernyőképet kérünk",
        "",
        "Köszönjük a bejelentést. Kérjük, csatoljon képernyőképet arról, amit lát, és írja "
        "meg, pontosan melyik gombra kattintott előtte. Addig a hibajegyet várakozó "
        "állapotba tesszük.",
    ),
    (
        "Megoldva: böngésző gyorsítótára",
        Category.WEBSITE,
        "A hiba oka a böngésző által tárolt régi oldal volt. Kérjük, frissítse az oldalt "
        "(Ctrl+F5). Ha a hiba ismét előfordul, válaszoljon erre a hibajegyre.",
    ),
]


def _png():
    """A small picture of an error message, painted by Pillow."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 360), "#f4f4f4")
    draw = ImageDraw.Draw(image)
    draw.rectangle([20, 20, 620, 80], fill="#005a9c")
    draw.text((40, 42), "Varoshaza adminisztracio - Munkatarsak", fill="white")
    draw.rectangle([40, 130, 600, 220], outline="#b30000", width=3, fill="#fff3f3")
    draw.text((60, 165), "A meghivo kuldese nem sikerult. Probalja ujra kesobb.", fill="#b30000")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return SimpleUploadedFile("meghivo-hiba.png", buffer.getvalue(), content_type="image/png")


def load_knowledge_base():
    for slug, title, category, summary, body in ARTICLES:
        article = Article.objects.filter(slug=slug).first() or Article(slug=slug)
        article.title, article.category, article.summary, article.body = (
            title,
            category,
            summary,
            body,
        )
        article.save()
    for title, category, body in CANNED:
        CannedAnswer.objects.update_or_create(
            title=title, defaults={"category": category, "body": body}
        )


def _user(username):
    return get_user_model().objects.filter(username=username).first()


def load_demo(municipality, stdout=None):
    load_knowledge_base()
    if Ticket.objects.for_municipality(municipality).exists():
        return
    editor, officer, admin, operator = (
        _user(name) for name in ("szerkeszto", "ugyintezo", "webadmin", "operator")
    )
    if not all((editor, officer, admin, operator)):
        return
    now = timezone.now()
    days = datetime.timedelta

    def staff(user):
        return Actor(user=user, municipality=municipality, channel=Channel.ADMIN)

    provider = Actor(user=operator, municipality=municipality, channel=Channel.ADMIN)

    # Answered and resolved.
    first = helpdesk.open_ticket(
        municipality,
        actor=staff(editor),
        subject="A hír kiemelt képe nem jelenik meg a címlapon",
        category=Category.WEBSITE,
        description="Tegnap közzétettem a „Megújul a Dobó tér” hírt kiemelt képpel. A hír "
        "oldalán látszik a kép, a címlapon viszont csak szürke doboz jelenik meg.",
        page_url="/admin/pages/",
        now=now - days(days=8),
    )
    helpdesk.take(first, actor=provider, now=now - days(days=8, hours=-2))
    helpdesk.answer(
        first,
        actor=provider,
        body=CANNED[2][2],
        status=Status.RESOLVED,
        now=now - days(days=7),
    )
    # Waiting for Eger's answer: the clock is paused.
    second = helpdesk.open_ticket(
        municipality,
        actor=staff(officer),
        subject="Az ADO-001 űrlap új verzióját nem tudom átvenni",
        category=Category.FORMS,
        description="Az értesítés szerint új verzió jelent meg, de az Átvétel gomb "
        "megnyomása után ugyanaz a régi verzió látszik.",
        page_url="/admin/urlapok/",
        now=now - days(days=3),
    )
    helpdesk.set_priority(second, actor=provider, priority=Priority.HIGH, now=now - days(days=3))
    helpdesk.answer(
        second,
        actor=provider,
        body=CANNED[1][2],
        status=Status.WAITING,
        now=now - days(days=2),
    )
    # New, with a screenshot.
    helpdesk.open_ticket(
        municipality,
        actor=staff(admin),
        subject="Nem sikerül meghívót küldeni az új kolléganőnek",
        category=Category.ACCOUNTS,
        description="A Munkatársak oldalon a meghívó küldésekor hibaüzenet jelenik meg.",
        page_url="/admin/munkatarsak/",
        screenshots=[_png()],
        now=now - days(hours=3),
    )
    if stdout is not None:
        stdout.write(f"Helpdesk: 3 demo tickets of {municipality.name}, {len(ARTICLES)} articles.")
