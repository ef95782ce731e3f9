"""The generator behind search_queries.py: news items and pages of municipal sites, in
realistic Hungarian, bulk-inserted with COPY beside what provisioning made, and indexed
the way Wagtail's PostgreSQL search backend indexes a page (one ``wagtailsearch_indexentry``
row: title with weight B in the ``hungarian`` configuration, the rest as body, the title
for autocomplete in ``simple``), including the folded copy of the text (sites' pages index
one). Going through the ORM and the backend would take an hour for 260,000 pages; this
takes minutes, and the rows it writes are the rows the ORM would write."""

import datetime
import json
import random
import time
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from sites.hungarian import slugify
from sites.models.pages.folded import FOLDED_MARK
from sites.normalise import fold_for_index

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4

STREETS = [
    "Kossuth Lajos utca",
    "Petőfi Sándor utca",
    "Rákóczi út",
    "Dózsa György út",
    "Széchenyi tér",
    "Ady Endre utca",
    "József Attila utca",
    "Arany János utca",
    "Jókai Mór utca",
    "Bajcsy-Zsilinszky utca",
    "Deák Ferenc tér",
    "Szent István tér",
    "Fő utca",
    "Béke utca",
    "Táncsics Mihály utca",
    "Vörösmarty utca",
    "Hunyadi utca",
]
MONTHS = [
    "január",
    "február",
    "március",
    "április",
    "május",
    "június",
    "július",
    "augusztus",
    "szeptember",
    "október",
    "november",
    "december",
]
# (title templates, sentences): each generated page takes one topic's title and a few of
# its sentences, so the words the 200 queries look for occur as often as in real sites.
TOPICS = [
    (
        [
            "Helyi adók: közeleg a befizetési határidő",
            "Adóbevallás {month} végéig",
            "Változnak a helyi adók mértékei",
        ],
        [
            "Az építményadó és a telekadó első félévi részletét március 16-ig kell befizetni.",
            "A helyi iparűzési adó bevallását a vállalkozások elektronikusan nyújthatják be.",
            "Az adóigazolást az adócsoport ügyfélfogadási időben adja ki.",
            "A magánszemélyek kommunális adójáról a képviselő-testület rendeletben döntött.",
            "Az idegenforgalmi adót a szálláshely-szolgáltató szedi be és fizeti meg.",
        ],
    ),
    (
        [
            "Új parkolási rend a belvárosban",
            "Parkolási engedélyek megújítása",
            "Lakossági parkolási engedély: változik az igénylés",
        ],
        [
            "A fizető parkolási övezetben lakók kedvezményes parkolási engedélyt kérhetnek.",
            "A parkolóház {month} közepétől hosszabb nyitvatartással üzemel.",
            "A várakozási díjat automatánál vagy mobiltelefonon lehet megfizetni.",
            "A parkolási rendeletet a képviselő-testület legutóbbi ülésén módosította.",
        ],
    ),
    (
        [
            "Lomtalanítás {month}ban",
            "Változik a hulladékszállítás rendje",
            "Zöldhulladék-gyűjtés ősszel",
        ],
        [
            "A lomtalanítás idején a lakók a nagy méretű hulladékot az ingatlan elé tehetik ki.",
            "A szelektív hulladék gyűjtése kéthetente történik.",
            "A hulladékudvar hétköznap reggeltől délutánig díjmentesen átveszi a hulladékot.",
            "A komposztálást az önkormányzat ingyenes komposztládákkal támogatja.",
        ],
    ),
    (
        [
            "Útfelújítás a {street} szakaszán",
            "Kátyúzás a város útjain",
            "Járdafelújítás és forgalomkorlátozás",
        ],
        [
            "A munkálatok idején a {street} félpályás útlezárással lesz járható.",
            "A kátyúkat a városüzemeltetés a bejelentések sorrendjében javítja.",
            "A kerékpárút új szakasza az ősz folyamán készül el.",
            "A közvilágítás hibáit a hibabejelentő felületen jelezheti.",
        ],
    ),
    (
        [
            "Óvodai beiratkozás {month}ban",
            "Iskolakezdési támogatás igénylése",
            "Bölcsődei férőhelyek bővülnek",
        ],
        [
            "Az óvodai beiratkozáshoz a gyermek lakcímkártyáját is vigye magával.",
            "Az iskolakezdési támogatást a települési támogatás keretében lehet kérni.",
            "A bölcsőde új csoportszobával bővül a nyár folyamán.",
        ],
    ),
    (
        [
            "Települési támogatás igénylése",
            "Rendkívüli települési támogatás",
            "Szociális étkeztetés és házi segítségnyújtás",
        ],
        [
            "Lakhatási támogatást az kérhet, akinek a háztartásában az egy főre jutó jövedelem "
            "nem éri el a rendeletben meghatározott összeget.",
            "A temetési támogatás iránti kérelmet a haláleset után kell benyújtani.",
            "A szociális étkeztetést az idősek és a rászorulók igényelhetik.",
        ],
    ),
    (
        [
            "Anyakönyvi ügyek ügyfélfogadása",
            "Házasságkötések a díszteremben",
            "Hatósági bizonyítvány és címigazolás",
        ],
        [
            "Az anyakönyvi kivonatot bármely anyakönyvvezetőnél kikérheti.",
            "A házasságkötési szándékot a házasságkötés előtt legalább harminc nappal be kell "
            "jelenteni.",
            "A címigazolást és a házszám-igazolást a jegyző adja ki.",
        ],
    ),
    (
        [
            "Kereskedelmi tevékenység bejelentése",
            "Üzletek működési engedélye",
            "Piaci árusítás és vásár {month}ban",
        ],
        [
            "A kereskedelmi tevékenység bejelentését a jegyzőhöz kell megtenni.",
            "A működési engedélyhez kötött termékek listáját kormányrendelet tartalmazza.",
            "A piaci árusításhoz helyhasználati megállapodás szükséges.",
        ],
    ),
    (
        [
            "Képviselő-testületi ülés {month}ban",
            "Közmeghallgatás a városházán",
            "Elfogadták a költségvetést",
        ],
        [
            "A képviselő-testület ülése nyilvános, a napirendet a honlapon közzétesszük.",
            "A közmeghallgatáson a lakók közérdekű kérdéseket tehetnek fel.",
            "A költségvetés és a zárszámadás a közérdekű adatok között olvasható.",
            "A polgármester fogadóórája minden hónap első hétfőjén van.",
        ],
    ),
    (
        [
            "Falunap és városnap programjai",
            "Kiállítás nyílik a művelődési házban",
            "Könyvtári programok {month}ban",
        ],
        [
            "A falunap programjában koncert, főzőverseny és gyermekprogramok szerepelnek.",
            "A könyvtár nyitvatartása a nyári szünetben változik.",
            "A múzeum időszaki kiállítása {month} végéig látogatható.",
            "A sportcsarnok és az uszoda felújítása befejeződött.",
        ],
    ),
    (
        ["Ebösszeírás {month}ban", "Parlagfű-mentesítés", "Avarégetési tilalom"],
        [
            "Az ebösszeírás során minden kutyatartónak adatlapot kell kitöltenie.",
            "A parlagfüvet június 30-ig kell kiirtani, a bejelentést a jegyző vizsgálja.",
            "A tűzgyújtási tilalom idején az avarégetés is tilos.",
            "A kóbor kutyákat a gyepmesteri szolgálat fogja be.",
        ],
    ),
    (
        [
            "Egészségügyi ellátás: háziorvosi rendelés",
            "Véradás az egészségházban",
            "Védőnői tanácsadás",
        ],
        [
            "A háziorvosi rendelés ideje {month} elsejétől változik.",
            "A véradás a művelődési házban lesz, személyi igazolványát hozza magával.",
            "A védőnői szolgálat tanácsadást tart a kismamáknak.",
            "Az ügyeleti ellátás hétvégén a központi ügyeleten érhető el.",
        ],
    ),
    (
        [
            "Pályázat civil szervezeteknek",
            "Bursa Hungarica ösztöndíj",
            "Álláspályázat a polgármesteri hivatalban",
        ],
        [
            "A civil szervezetek támogatására kiírt pályázat határideje {month} 15.",
            "A Bursa Hungarica ösztöndíjra a felsőoktatásban tanulók pályázhatnak.",
            "Az álláspályázatra önéletrajzzal és motivációs levéllel lehet jelentkezni.",
        ],
    ),
    (
        [
            "Fakivágás és közterület-használat",
            "Teraszok engedélyezése",
            "Rendezvény bejelentése közterületen",
        ],
        [
            "A fakivágási engedély iránti kérelmet a jegyzőnél kell benyújtani.",
            "A közterület-használati engedélyhez helyszínrajzot kell csatolni.",
            "A reklámtábla elhelyezése településképi bejelentéshez kötött.",
        ],
    ),
    (
        ["Hóeltakarítás és síkosságmentesítés", "Viharkár után", "Belvízvédelmi készültség"],
        [
            "A hóeltakarítás sorrendjét a téli útüzemeltetési terv határozza meg.",
            "A viharkár felmérését a katasztrófavédelem munkatársai végzik.",
            "A belvíz elvezetése érdekében a csatornákat kitisztították.",
        ],
    ),
]
GENERIC = [
    "További információ az ügyfélszolgálaton kérhető.",
    "Kérjük, kísérje figyelemmel a honlapon megjelenő közleményeket.",
    "A részletekről a polgármesteri hivatal ad felvilágosítást.",
    "Köszönjük a lakosság türelmét és együttműködését.",
]
NEWS_CATEGORIES = ["hir", "kozlemeny", "hirdetmeny", "palyazat", "beszamolo"]


def _step(number):
    digits = ""
    while number:
        number, rest = divmod(number, 36)
        digits = ALPHABET[rest] + digits
    return digits.rjust(STEPLEN, "0")


def _text(rng, topic, street, month):
    titles, sentences = topic
    title = rng.choice(titles).format(street=street, month=month)
    chosen = rng.sample(sentences, min(len(sentences), rng.randint(2, 4)))
    chosen += rng.sample(GENERIC, 1)
    body = " ".join(s.format(street=street, month=month) for s in chosen)
    return title, body


def _sites():
    """(home id, path, url_path, numchild, locale) and the news index of every municipal
    site, from the tree provisioning made."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT h.id, h.path, h.url_path, h.numchild, h.locale_id,
                   n.id, n.path, n.url_path, n.numchild
            FROM municipal_municipality m
            JOIN wagtailcore_page h ON h.id = m.root_page_id
            JOIN wagtailcore_page n ON n.path LIKE h.path || '%%' AND n.depth = h.depth + 1
            JOIN municipal_newsindexpage ni ON ni.page_ptr_id = n.id
            ORDER BY h.path
            """
        )
        return cursor.fetchall()


PAGE_COLUMNS = (
    "id, path, depth, numchild, title, slug, live, has_unpublished_changes, url_path, "
    "seo_title, show_in_menus, search_description, expired, content_type_id, locked, "
    "first_published_at, last_published_at, latest_revision_created_at, draft_title, "
    "translation_key, locale_id"
)


def generate(target, *, seed=2026, time_limit=900, out=print):
    """Add news items (3 of 4) and standard pages (1 of 4) evenly over every site until
    the database holds ``target`` pages; stops at ``time_limit`` seconds. Returns a dict
    of what it did."""
    from sites.models import NewsPage, StandardPage

    started = time.monotonic()
    rng = random.Random(seed)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), max(id) FROM wagtailcore_page")
        existing, max_id = cursor.fetchone()
    need = target - existing
    sites = _sites()
    if need <= 0 or not sites:
        return {"added": 0, "existing": existing, "seconds": 0.0, "complete": True}
    per_site = -(-need // len(sites))
    news_per_site = per_site * 3 // 4
    news_type = ContentType.objects.get_for_model(NewsPage).pk
    standard_type = ContentType.objects.get_for_model(StandardPage).pk
    next_id = max_id + 1
    added = 0
    now = timezone.now()
    chunk = 100
    complete = True
    for start in range(0, len(sites), chunk):
        if time.monotonic() - started > time_limit:
            complete = False
            out(f"  time limit reached after {added} pages")
            break
        pages, news, standard, entries, parents = [], [], [], [], []
        for home_id, home_path, home_url, home_children, locale, *news_index in sites[
            start : start + chunk
        ]:
            index_id, index_path, index_url, index_children = news_index
            for number in range(per_site):
                is_news = number < news_per_site
                topic = rng.choice(TOPICS)
                street, month = rng.choice(STREETS), rng.choice(MONTHS)
                title, body = _text(rng, topic, street, month)
                if is_news:
                    index_children += 1
                    path = index_path + _step(index_children)
                    parent_url = index_url
                else:
                    home_children += 1
                    path = home_path + _step(home_children)
                    parent_url = home_url
                slug = f"{slugify(title)[:60]}-{number}"
                published = now - datetime.timedelta(days=rng.randint(0, 1500))
                page_id = next_id
                next_id += 1
                pages.append(
                    (
                        page_id,
                        path,
                        len(path) // STEPLEN,
                        0,
                        title,
                        slug,
                        True,
                        False,
                        f"{parent_url}{slug}/",
                        "",
                        False,
                        "",
                        False,
                        news_type if is_news else standard_type,
                        False,
                        published,
                        published,
                        published,
                        title,
                        str(uuid.uuid4()),
                        locale,
                    )
                )
                intro = body.split(". ")[0]
                stream = json.dumps(
                    [{"type": "paragraph", "value": f"<p>{body}</p>", "id": str(uuid.uuid4())}],
                    ensure_ascii=False,
                )
                if is_news:
                    news.append(
                        (page_id, published.date(), rng.choice(NEWS_CATEGORIES), intro, stream)
                    )
                else:
                    standard.append((page_id, intro, stream))
                text = f"{intro} {body}"
                entries.append(
                    (
                        news_type if is_news else standard_type,
                        str(page_id),
                        title,
                        f"{text} {fold_for_index(title + ' ' + text)}",
                        # As Wagtail keeps it: the fields' plain text, the folded copy last.
                        f"{text} {FOLDED_MARK} {fold_for_index(title + ' ' + text)}",
                    )
                )
            parents.append((index_id, index_children))
            parents.append((home_id, home_children))
        with transaction.atomic():
            _copy(f"wagtailcore_page ({PAGE_COLUMNS})", pages)
            _copy("municipal_newspage (page_ptr_id, date, category, intro, body)", news)
            _copy("municipal_standardpage (page_ptr_id, intro, body)", standard)
            _index(entries)
            with connection.cursor() as cursor:
                cursor.executemany(
                    "UPDATE wagtailcore_page SET numchild = %s WHERE id = %s",
                    [(children, pk) for pk, children in parents],
                )
        added += len(pages)
        if (start // chunk) % 4 == 3:
            out(f"  {added:,} pages added, {time.monotonic() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('wagtailcore_page', 'id'), "
            "(SELECT max(id) FROM wagtailcore_page))"
        )
        cursor.execute("ANALYZE")
    return {
        "added": added,
        "existing": existing,
        "seconds": round(time.monotonic() - started, 1),
        "complete": complete,
    }


def _copy(table, rows):
    if not rows:
        return
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _index(entries):
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS bench_entries (content_type_id int, "
            "object_id text, title text, body text, body_text text) ON COMMIT DELETE ROWS"
        )
    _copy("bench_entries (content_type_id, object_id, title, body, body_text)", entries)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO wagtailsearch_indexentry
                (content_type_id, object_id, title, autocomplete, body, title_norm,
                 title_text, body_text)
            SELECT content_type_id, object_id,
                   setweight(to_tsvector('hungarian', title), 'B'),
                   to_tsvector('simple', title),
                   to_tsvector('hungarian', body), 1.0, title, body_text
            FROM bench_entries
            """
        )


def mark_folded_copies(out=print):
    """Entries written before the folded copy had its mark (``FOLDED_MARK``) and before
    ``body_text`` held it get the mark appended, as a re-index would write them; then
    VACUUM, as the update leaves a dead row per entry. Returns how many were updated."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE wagtailsearch_indexentry SET body_text = body_text || ' ' || %s "
            "WHERE strpos(body_text, %s) = 0",
            [FOLDED_MARK, FOLDED_MARK],
        )
        updated = cursor.rowcount
    if updated:
        out(f"  {updated:,} entries marked; VACUUM ANALYZE...")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE wagtailsearch_indexentry")
    return updated


__all__ = ["generate", "mark_folded_copies"]
