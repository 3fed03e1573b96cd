"""Data models: the article schema, what a rule found, what was removed, and the outcome."""

from __future__ import annotations

from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Severity(str, Enum):
    """How much a finding matters; `error` findings that remain fail validation."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


class Confidence(str, Enum):
    """How sure a rule is; rules below the configured floor do not run (preview is opt-in)."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        return {"high": 3, "medium": 2, "low": 1}[self.value]


class Article(BaseModel):
    """A scraped article: `text` is required; unknown fields are kept untouched."""

    model_config = ConfigDict(extra="allow")

    text: str
    id: str | int | None = None
    url: str | None = None
    title: str | None = None
    language: str | None = None
    published: str | None = None
    authors: list[str] | str | None = None
    source: str | None = None

    def record(self) -> dict[str, Any]:
        """The article as a plain record, in its original field order, without added nulls."""
        return self.model_dump(exclude_unset=True)


class Finding(BaseModel):
    """One artifact a rule found: where it is in the input and what it would remove."""

    model_config = ConfigDict(frozen=True)

    code: str
    name: str
    category: str
    severity: Severity
    start: int = Field(description="offset of the matched text in the input")
    end: int
    line: int = Field(description="1-based line of `start` in the input")
    col: int = Field(description="1-based column of `start` in its line")
    text: str = Field(description="the matched text")
    message: str
    fixable: bool = True


class Edit(BaseModel):
    """A removed range of the input, and the findings that removed it."""

    model_config = ConfigDict(frozen=True)

    start: int
    end: int
    codes: tuple[str, ...]


class Issue(BaseModel):
    """A machine-readable validation reason."""

    model_config = ConfigDict(frozen=True)

    reason: str
    message: str


Status = Literal["unchanged", "cleaned", "flagged", "rejected"]


class ScrubResult(BaseModel):
    """The outcome of scrubbing one article."""

    article: Article
    original_text: str
    findings: list[Finding] = Field(default_factory=list)
    edits: list[Edit] = Field(default_factory=list)
    issues: list[Issue] = Field(default_factory=list)
    status: Status = "unchanged"

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def ok(self) -> bool:
        """True when the article passed validation (it may still be flagged)."""
        return self.status != "rejected"

    @property
    def removed_chars(self) -> int:
        return sum(e.end - e.start for e in self.edits)
