"""Every file the application hands out goes through here.

A downloaded file is a saved file, never a page of ours: whatever its bytes are (a citizen's
attachment, a registered document, a PDF we drew, a CSV of an officer's list), a browser
must not render it in our origin, where a script in it would run as the site. So every
download carries

- ``Content-Disposition: attachment`` (with the file name, ASCII and RFC 6266 UTF-8),
- ``X-Content-Type-Options: nosniff``: the type we derived from the checked content is
  the type, the browser does not guess another,
- ``Content-Security-Policy: sandbox; default-src 'none'``: should a browser open it
  anyway (a PDF viewer, an extension), it runs in a unique origin with nothing allowed.

A test (tests/sites/test_downloads.py) reads the source for any other way of building a
download, so a new view cannot forget the headers."""

import functools

from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

SANDBOX = "sandbox; default-src 'none'"


def harden(response, filename=None, *, private=True):
    """Give a download response its headers (see the module). ``filename`` sets the name;
    without one a disposition the response already has is made an attachment.
    ``private``: the file is somebody's (no shared cache may keep it)."""
    if filename is not None:
        response["Content-Disposition"] = content_disposition_header(True, filename)
    else:
        current = response.get("Content-Disposition", "")
        if not current.lower().startswith("attachment"):
            rest = current.partition(";")[2].strip()
            response["Content-Disposition"] = f"attachment; {rest}" if rest else "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX
    if private:
        response["Cache-Control"] = "private, no-store"
    return response


def file_download(handle, filename, content_type, *, private=True):
    """A stored file as a download (streamed)."""
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=content_type or "application/octet-stream",
    )
    return harden(response, filename, private=private)


def content_download(content, filename, content_type, *, private=True):
    """Bytes or text made for this download (a PDF, a JSON export, a calendar)."""
    return harden(HttpResponse(content, content_type=content_type), filename, private=private)


def hardened_view(view, *, private=True):
    """Wrap a view that serves files someone else wrote (Wagtail's documents): its file
    responses get the headers; its pages (a password form, a redirect) stay as they are."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code in (200, 206) and (
            response.streaming or response.has_header("Content-Disposition")
        ):
            harden(response, private=private)
        return response

    return wrapped
