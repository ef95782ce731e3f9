"""The bytes of a dataset in JSON or CSV, and the HTTP answer that carries them.

Both formats have the trade register's shape (docs/commerce-register-export.md): JSON is
``{"schema", "columns", "entries"}``; CSV is UTF-8 with a byte order mark, comma separated,
its first row the column names, lists joined with "; ". The BOM is deliberate: the people
who open a municipality's CSV mostly open it in Excel, which reads a file without one in
the Windows code page and garbles ő and ű; csv readers and pandas skip it with
``utf-8-sig``. The trade register's datasets are written by the register's own writers, so
the website's download and the open data file are the same bytes.

Every answer can be cached by anyone (``Cache-Control: public``) and carries an ETag, a
digest of its bytes: a client that sends it back in ``If-None-Match`` gets 304 without the
body. The data are written in Hungarian whatever the visitor's language, so the bytes and
the ETag are the same for everybody.

The rows and the bytes are kept in the cache under a key that holds the dataset's version
(portal.opendata.datasets: one cheap query that changes with the data), so a repeated
download or a 304 costs that query and a cache read, not the whole register
(benchmarks/open_data.py)."""

import csv
import hashlib
import io
import json

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers

from services.commerce import services as commerce
from sites.downloads import harden

JSON, CSV = "json", "csv"
FORMATS = (JSON, CSV)
MAX_AGE = 300
SHORT_AGE = 60
CONTENT_TYPES = {JSON: "application/json; charset=utf-8", CSV: "text/csv; charset=utf-8"}


def _cell(value):
    if isinstance(value, list | tuple):
        return "; ".join(str(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def as_json(dataset, rows):
    if dataset.commerce_register:
        return commerce.public.as_json(rows)
    return {
        "schema": dataset.schema,
        "columns": list(dataset.columns),
        "entries": [{key: row[key] for key in dataset.columns} for row in rows],
    }


def as_csv(dataset, rows):
    if dataset.commerce_register:
        return commerce.public.as_csv(rows)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(dataset.columns)
    for row in rows:
        writer.writerow([_cell(row[key]) for key in dataset.columns])
    return buffer.getvalue()


def cached_rows(dataset, municipality, year=None):
    """The dataset's rows (Hungarian), from the cache while the dataset's version holds
    (see ``cache_key``): the token API's trade entries read them from here too."""
    key = cache_key(dataset, municipality, year, "rows")
    rows = cache.get(key)
    if rows is None:
        with translation.override("hu"):
            rows = dataset.rows(municipality, year)
        cache.set(key, rows, MAX_AGE if dataset.version else SHORT_AGE)
    return rows


def cache_key(dataset, municipality, year, what):
    """A key that changes with the data: the dataset's version (one cheap query), and the
    day, since "in force" and a shop's temporary hours depend on it. A dataset without a
    version is kept SHORT_AGE seconds."""
    version = dataset.version(municipality) if dataset.version else ""
    day = timezone.localdate().isoformat()
    owner = municipality.pk if municipality else 0
    # Digested: a version may hold spaces (a timestamp), which some cache servers refuse.
    stamp = hashlib.sha256(f"{version}|{day}".encode()).hexdigest()[:32]
    return f"opendata:v1:{dataset.slug}:{owner}:{year}:{what}:{stamp}"


def content(dataset, municipality, year, fmt):
    """The dataset's bytes in ``fmt``, written in Hungarian."""
    key = cache_key(dataset, municipality, year, fmt)
    body = cache.get(key)
    if body is None:
        body = _render(dataset, cached_rows(dataset, municipality, year), fmt)
        cache.set(key, body, MAX_AGE if dataset.version else SHORT_AGE)
    return body


def _render(dataset, rows, fmt):
    with translation.override("hu"):
        if fmt == CSV:
            return as_csv(dataset, rows).encode("utf-8")
        # DjangoJSONEncoder, as the register page's JsonResponse: labels are lazy strings.
        document = as_json(dataset, rows)
        return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1).encode()


def filename(dataset, municipality, year, fmt):
    parts = [municipality.slug if municipality else "", dataset.slug]
    if dataset.takes_year:
        parts.append(str(year))
    return "-".join(part for part in parts if part) + f".{fmt}"


def etag_of(body):
    return f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def _matches(request, etag):
    sent = request.headers.get("If-None-Match", "")
    tags = {tag.strip().removeprefix("W/") for tag in sent.split(",")}
    return etag in tags or "*" in tags


def _cacheable(response, etag):
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    # Open data is for anyone's page or program: no cookie is read, none is needed.
    response["Access-Control-Allow-Origin"] = "*"
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def respond(request, dataset, municipality, year, fmt):
    body = content(dataset, municipality, year, fmt)
    etag = etag_of(body)
    if _matches(request, etag):
        return _cacheable(HttpResponseNotModified(), etag)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    if fmt == CSV:
        # A file to save: the download's headers (sites.downloads), shared caches allowed.
        harden(response, filename(dataset, municipality, year, fmt), private=False)
    else:
        response["X-Content-Type-Options"] = "nosniff"
    return _cacheable(response, etag)
