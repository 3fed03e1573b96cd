"""scrubber: clean contaminated scraped news articles with a rule engine, and validate them."""

from scrubber.api import Scrubber, default_scrubber, scrub
from scrubber.errors import ConfigError, InputError, RuleFileError, ScrubberError
from scrubber.models import Article, Confidence, Edit, Finding, Issue, ScrubResult, Severity
from scrubber.settings import Settings, ValidationSettings

__version__ = "0.1.0"

__all__ = [
    "Article", "Confidence", "ConfigError", "Edit", "Finding", "InputError", "Issue", "RuleFileError",
    "ScrubResult", "Scrubber", "ScrubberError", "Settings", "Severity", "ValidationSettings",
    "default_scrubber", "scrub",
]
