"""Where an article comes from: the key that scopes a rule to one site.

The source of an article is its `source` field, else the host of its `url`, else a fallback the
caller gives (the input file). Keys are compared folded: case, surrounding spaces and a leading
`www.` do not matter, so `www.Example.com`, `example.com` and a `source` field `Example.com` are
one source.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit


def source_key(name: str) -> str:
    """The folded form of a source name or host, as rules and articles compare them."""
    key = name.strip().casefold()
    while key.startswith("www.") and len(key) > 4:
        key = key[4:]
    return key


def host_of(url: str) -> str | None:
    """The host of `url` (without port or credentials), or None when it has none."""
    try:
        host = urlsplit(url.strip() if "//" in url else "//" + url.strip()).hostname
    except ValueError:
        return None
    return host if host and not any(c.isspace() for c in host) else None


def source_of(item: Mapping[str, Any] | Any, fallback: str | None = None) -> str | None:
    """The source key of a record or Article: `source`, else the host of `url`, else `fallback`."""
    get = item.get if isinstance(item, Mapping) else lambda name: getattr(item, name, None)
    source, url = get("source"), get("url")
    if isinstance(source, str) and source.strip():
        return source_key(source)
    if isinstance(url, str) and url.strip():
        host = host_of(url)
        if host:
            return source_key(host)
    return source_key(fallback) if fallback else None
