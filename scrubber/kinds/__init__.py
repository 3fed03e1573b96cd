"""The reusable behaviours a rule can have. A rule file picks one with `kind = "..."`."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from scrubber.kinds.base import Context, Hit, RuleBase
from scrubber.kinds.caption import CaptionRule
from scrubber.kinds.duplicate import DuplicateRule
from scrubber.kinds.exact_lines import ExactLinesRule
from scrubber.kinds.line import LineRule
from scrubber.kinds.span import SpanRule
from scrubber.kinds.tail_block import TailBlockRule

Rule = Annotated[
    LineRule | SpanRule | CaptionRule | DuplicateRule | TailBlockRule | ExactLinesRule,
    Field(discriminator="kind"),
]

__all__ = ["CaptionRule", "Context", "DuplicateRule", "ExactLinesRule", "Hit", "LineRule", "Rule", "RuleBase", "SpanRule", "TailBlockRule"]
