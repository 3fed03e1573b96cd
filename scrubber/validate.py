"""Checks on a cleaned article: what must hold before it may be ingested."""

from __future__ import annotations

import re
from collections.abc import Iterable

from scrubber.models import Article, Finding, Issue
from scrubber.settings import ValidationSettings

# C0 and C1 controls except tab, line feed and carriage return.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def has_control(chars: Iterable[str]) -> bool:
    """Whether one of `chars` is a control character `validate` rejects."""
    return any(CONTROL.match(c) for c in chars)


def validate(article: Article, residual: Iterable[Finding], settings: ValidationSettings, *,
             controls: bool = True) -> list[Issue]:
    """Reasons to reject `article`; empty when it may be ingested. `controls=False` says the text
    is known to hold no control character (its uncleaned form had none), sparing a scan."""
    issues: list[Issue] = []
    body = article.text.strip()
    if not body:
        issues.append(Issue(reason="empty", message="the body is empty"))
    elif len(body) < settings.min_chars:
        issues.append(Issue(reason="too-short", message=f"the body has {len(body)} characters, fewer than {settings.min_chars}"))
    if settings.max_chars is not None and len(body) > settings.max_chars:
        issues.append(Issue(reason="too-long", message=f"the body has {len(body)} characters, more than {settings.max_chars}"))
    if controls and not settings.control_chars and (m := CONTROL.search(article.text)):
        issues.append(Issue(reason="control-characters", message=f"control character U+{ord(m.group()):04X} at offset {m.start()}"))
    for name in settings.required:
        if getattr(article, name, None) in (None, "", []):
            issues.append(Issue(reason="missing-field", message=f"required field {name!r} is missing or empty"))
    if settings.fail_on is not None:
        floor = settings.fail_on.rank
        left = sorted({f.code for f in residual if f.severity.rank >= floor})
        if left:
            issues.append(Issue(reason="residual-findings", message=f"unfixed findings remain: {', '.join(left)}"))
    return issues
