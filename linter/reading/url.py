"""Live pages in: ``medlint check https://...`` fetches the page and lints it as HTML.

The fetch is bounded: connect and read timeouts, at most ``MAX_BYTES`` of body
(streamed, so a huge or endless response is cut off, never held in memory),
at most ``MAX_REDIRECTS`` redirects.  The text is decoded with the charset the
``Content-Type`` header names, else the one a ``<meta charset>`` or
``<meta http-equiv="Content-Type">`` in the first bytes names, else by the
usual detection (``linter.reading.decoding``), and handed on as UTF-8, so the
HTML reader and the results cache see text, not a guess.  Every failure is an
:class:`~linter.reading.errors.InputError` with a one-line reason: the run goes
on with the other inputs.  The URL itself is the document's path.
"""

from __future__ import annotations

import re

from linter.reading.errors import InputError

MAX_BYTES = 5 * 1024 * 1024
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 10.0
MAX_REDIRECTS = 5
USER_AGENT = "medlint (health-claims linter; +https://github.com/medlint/medlint)"

# SHA-256 of the bytes fetched for each URL by this process, for the audit trail (a URL has
# no file to hash again later); with ``--jobs`` > 1 the workers' fetches are not seen here
FETCHED_SHA256: dict[str, str] = {}

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def is_url(path: str) -> bool:
    """Is this input an http(s) URL rather than a file path?"""
    return path.lower().startswith(("http://", "https://"))


def _charset(content_type: str | None, head: bytes) -> str | None:
    if content_type:
        match = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", content_type, re.I)
        if match:
            return match.group(1)
    match = _META_CHARSET.search(head[:4096])
    return match.group(1).decode("ascii") if match else None


def decode_page(url: str, data: bytes, content_type: str | None) -> str:
    """A fetched page's text: header charset, then ``<meta>`` charset, then detection."""
    import codecs

    from linter.reading.decoding import decode_bytes, normalize_newlines

    charset = _charset(content_type, data)
    if charset:
        try:
            codecs.lookup(charset)
        except LookupError:
            charset = None  # a charset nobody knows: detect instead
    if charset:
        # a page declared in one charset with a stray bad byte is still worth linting
        return normalize_newlines(data.decode(charset, errors="replace"))
    return decode_bytes(data, url)


def _human(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


def fetch(url: str, *, max_bytes: int | None = None, timeout: float | None = None,
          connect_timeout: float | None = None) -> tuple[bytes, str | None]:
    """The body and ``Content-Type`` of ``url``; InputError (one line) on any failure.
    Limits default to the module's ``MAX_BYTES``, ``READ_TIMEOUT`` and ``CONNECT_TIMEOUT``."""
    import httpx

    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    timeout = READ_TIMEOUT if timeout is None else timeout
    connect_timeout = CONNECT_TIMEOUT if connect_timeout is None else connect_timeout

    limits = httpx.Timeout(timeout, connect=connect_timeout)
    try:
        with httpx.Client(follow_redirects=True, max_redirects=MAX_REDIRECTS, timeout=limits,
                          headers={"User-Agent": USER_AGENT}) as client, \
                client.stream("GET", url) as response:
            if response.status_code >= 400:
                reason = response.reason_phrase or ""
                raise InputError(url, f"HTTP {response.status_code} {reason}".strip()
                                 + " (the page could not be fetched)")
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise InputError(url, f"page is {_human(int(declared))}, more than the "
                                 f"{_human(max_bytes)} limit; save it and lint the file")
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > max_bytes:
                    raise InputError(url, f"page is more than the {_human(max_bytes)} limit; "
                                     "save it and lint the file")
            return bytes(body), response.headers.get("Content-Type")
    except InputError:
        raise
    except httpx.TimeoutException as exc:
        raise InputError(url, f"timed out (no answer within {timeout:g} s)") from exc
    except httpx.TooManyRedirects as exc:
        raise InputError(url, f"more than {MAX_REDIRECTS} redirects") from exc
    except httpx.UnsupportedProtocol as exc:
        raise InputError(url, "redirected to a URL that is not http(s)") from exc
    except httpx.HTTPError as exc:
        raise InputError(url, f"cannot fetch ({type(exc).__name__}: {exc})") from exc


def fetch_text_bytes(url: str, **limits) -> bytes:
    """The page as UTF-8 bytes, ready for the HTML reader (``read_raw``'s URL branch)."""
    import hashlib

    data, content_type = fetch(url, **limits)
    FETCHED_SHA256[url] = hashlib.sha256(data).hexdigest()
    if content_type and "pdf" in content_type.lower():
        return data  # a PDF link: the .pdf reader decides
    return decode_page(url, data, content_type).encode("utf-8")


def kind_for_url(url: str) -> str:
    """The reader for a URL: a ``.pdf`` path is a PDF, anything else is a web page."""
    from urllib.parse import urlsplit

    return "pdf" if urlsplit(url).path.lower().endswith(".pdf") else "html"


def read_url(url: str, **limits):
    """Fetch ``url`` and read it into a SourceDocument whose path is the URL."""
    from linter.reading.registry import read_bytes

    return read_bytes(url, fetch_text_bytes(url, **limits), encoding="utf-8",
                      kind=kind_for_url(url))
