"""`scrubber schema`: print the JSON Schema of the article (or of your model, or of the config)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from scrubber.batch.pipeline import load_model
from scrubber.cli import options
from scrubber.config import ProjectSettings
from scrubber.models import Article


@click.command()
@click.option("--schema", "schema_model", metavar="MODULE:MODEL", help="your own pydantic model instead of Article")
@click.option("--config", "of_config", is_flag=True, help="the schema of the config keys ([tool.scrubber])")
@options.verbosity_options
def schema(schema_model: str | None, of_config: bool, **opts: Any) -> None:
    """Print a JSON Schema: the Article records are validated against (default)."""
    if of_config:
        doc = ProjectSettings.model_json_schema(by_alias=True)
    else:
        model = load_model(schema_model, (str(Path.cwd()),)) if schema_model else Article
        doc = model.model_json_schema()
    click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
