"""Field mapping: which field of a user's record holds the article's text, id, title, ..."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields
from typing import Any

ARTICLE_FIELDS = ("text", "id", "url", "title", "language", "published", "authors", "source")


@dataclass(frozen=True)
class FieldMap:
    """Record field name for each Article field (by default the same name)."""

    text: str = "text"
    id: str = "id"
    url: str = "url"
    title: str = "title"
    language: str = "language"
    published: str = "published"
    authors: str = "authors"
    source: str = "source"

    def pairs(self) -> Iterator[tuple[str, str]]:
        """(article field, record field) for every field."""
        for f in fields(self):
            yield f.name, getattr(self, f.name)

    def to_article(self, data: dict[str, Any]) -> dict[str, Any]:
        """The record with its mapped fields renamed to Article names, in the record's order.

        An Article-named field that another field is mapped onto is left out (with
        `text-field = "body"`, a `text` field is just another field and would shadow `body`).
        """
        source_to_name = {src: name for name, src in self.pairs()}
        mapped_names = {name for name, src in self.pairs() if src != name}
        out: dict[str, Any] = {}
        for key, value in data.items():
            if key in source_to_name:
                out[source_to_name[key]] = value
            elif key not in mapped_names:
                out[key] = value
        return out

    def record_key(self, data: dict[str, Any]) -> str | None:
        """A stable name for the record: its id, else its url; None when it has neither."""
        for name in (self.id, self.url):
            value = data.get(name)
            if value not in (None, ""):
                return f"{'id' if name == self.id else 'url'}:{value}"
        return None
