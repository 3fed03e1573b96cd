"""One settings object for the library; config files and the CLI only fill it in."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from scrubber.models import Confidence, Severity


def kebab(name: str) -> str:
    return name.replace("_", "-")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", alias_generator=kebab, populate_by_name=True, frozen=True)


class ValidationSettings(_Model):
    """Constraints the cleaned article must meet; a failure rejects the record with a reason."""

    min_chars: int = Field(1, ge=0, description="shortest accepted body, in characters")
    max_chars: int | None = Field(None, ge=1, description="longest accepted body, in characters")
    control_chars: bool = Field(False, description="accept C0/C1 control characters in the body")
    fail_on: Severity | None = Field(
        Severity.ERROR, description="reject when a finding of this severity or above remains unfixed"
    )
    required: list[str] = Field(default_factory=list, description="fields that must be present and non-empty")


PROFILES: dict[str, Confidence] = {"safe": Confidence.HIGH, "default": Confidence.MEDIUM, "aggressive": Confidence.LOW}


class Settings(_Model):
    """Everything that shapes a Scrubber: which rules, how sure they must be, what is accepted."""

    select: list[str] = Field(default_factory=lambda: ["ALL"])
    extend_select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    extend_ignore: list[str] = Field(default_factory=list)
    extend_rules: list[Path] = Field(default_factory=list, description="extra rule files or folders")
    default_rules: bool = Field(True, description="load the bundled rule packs")
    profile: Literal["safe", "default", "aggressive"] = Field(
        "default", description="safe: high-confidence rules only; aggressive: preview rules too"
    )
    severity: dict[str, Severity] = Field(default_factory=dict, description="severity overrides by rule code")
    budget: float = Field(0.5, gt=0, le=1, description="largest share of a document rules may remove")
    on_budget: Literal["flag", "reject"] = Field("flag", description="what happens past the budget")
    regex_timeout: float | None = Field(
        1.0, gt=0, description="CPU seconds the patterns of one rule may run on one document"
    )
    prefilter: Literal["auto", "hyperscan", "literal", "none"] = Field(
        "auto", description="how candidate lines are found before regex runs; the output is the same with each "
                            "(auto: hyperscan if installed, else literal; env SCRUBBER_PREFILTER overrides auto)"
    )
    validation: ValidationSettings = Field(default_factory=ValidationSettings)

    @property
    def min_confidence(self) -> Confidence:
        return PROFILES[self.profile]
