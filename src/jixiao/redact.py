"""Secrets out of everything jixiao prints or stores: API keys, credentials inside a base URL, key parameters.

`scrub(text)` replaces what looks like a secret with `***`:
- the values of OPENAI_API_KEY and of the credentials inside OPENAI_BASE_URL (`http://user:key@host`,
  `?api-key=…`), wherever they appear (a server that echoes the key back in its error body);
- the password of any URL (`scheme://user:password@`), key parameters of any URL (`api-key=`, `key=`, `token=`…),
  `Bearer …` / `Basic …` credentials, `sk-…` keys, and `Authorization` / `api-key` headers quoted in a body.

`safe_url(url)` is a URL without its credentials (no user information, no key parameters): the form stored in the
LLM cache key and shown in messages.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

MASK = "***"
# query parameters that carry a credential (lower-cased, `-` and `_` removed)
_SECRET_PARAMS = frozenset({"apikey", "key", "token", "accesstoken", "auth", "authorization", "password", "passwd",
                            "pwd", "secret", "clientsecret", "sig", "signature", "subscriptionkey"})
_URL_USERINFO = re.compile(r"(?P<scheme>\b[a-zA-Z][a-zA-Z0-9+.-]*://)(?P<userinfo>[^/?#@\s]*)@")
_PARAM = re.compile(r"(?P<lead>[?&;](?P<name>[A-Za-z0-9_.-]+)=)(?P<value>[^&#\s\"'<>]+)")
_AUTH = re.compile(r"(?i)\b(?P<lead>bearer|basic|token)(?P<sep>\s+)(?P<value>[A-Za-z0-9._~+/=-]{6,})")
_SK = re.compile(r"\bsk-[A-Za-z0-9_-]{8,}")
_HEADER = re.compile(r"(?i)(?P<lead>[\"']?(?:x-api-key|api-key|api_key|apikey|authorization)[\"']?\s*[:=]\s*[\"']?)"
                     r"(?!(?:bearer|basic|token)\s|\*\*\*)(?P<value>[^\"'\s,;}&]+)")
_MIN_SECRET = 4  # a shorter "secret" (a test's `x`) would mask ordinary words


def _param_name(name: str) -> str:
    return name.lower().replace("-", "").replace("_", "")


def url_secrets(url: str | None) -> list[str]:
    """The credentials inside a URL: the user information's password (and user), the values of key parameters."""
    if not url:
        return []
    out: list[str] = []
    try:
        parts = urlsplit(url)
    except ValueError:
        return out
    if parts.password:
        out.append(parts.password)
    if parts.username and parts.password:
        out.append(parts.username)
    elif parts.username:  # http://KEY@host: a key given as the user name
        out.append(parts.username)
    for name, value in parse_qsl(parts.query, keep_blank_values=False):
        if _param_name(name) in _SECRET_PARAMS and value:
            out.append(value)
    return out


def known_secrets(extra: Iterable[str | None] = ()) -> list[str]:
    """The secrets of this process (OPENAI_API_KEY, credentials in OPENAI_BASE_URL) and `extra`, longest first."""
    found = [os.environ.get("OPENAI_API_KEY"), *url_secrets(os.environ.get("OPENAI_BASE_URL")), *extra]
    return sorted({s for s in found if s and len(s) >= _MIN_SECRET}, key=len, reverse=True)


def scrub(text: str, extra: Iterable[str | None] = ()) -> str:
    """`text` with every secret replaced by `***` (see the module's docstring)."""
    if not text:
        return text
    for secret in known_secrets(extra):
        if secret in text:
            text = text.replace(secret, MASK)
    text = _URL_USERINFO.sub(lambda m: f"{m.group('scheme')}{MASK}@", text)
    text = _PARAM.sub(lambda m: m.group("lead") + (MASK if _param_name(m.group("name")) in _SECRET_PARAMS
                                                   else m.group("value")), text)
    text = _AUTH.sub(lambda m: m.group("lead") + m.group("sep") + MASK, text)
    text = _SK.sub(MASK, text)
    return _HEADER.sub(lambda m: m.group("lead") + MASK, text)


def safe_url(url: str) -> str:
    """`url` without user information and key parameters: `http://u:k@host/v1?api-key=K&v=1` -> `http://host/v1?v=1`."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return scrub(url)
    netloc = (f"[{host}]" if ":" in host else host) + (f":{port}" if port else "")
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if _param_name(k) not in _SECRET_PARAMS])
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
