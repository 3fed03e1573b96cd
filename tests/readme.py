"""The README's runnable examples: a ```python block whose first line names its file."""

from __future__ import annotations

import re

from .conftest import ROOT


def readme_example(name: str) -> str:
    """The code of the README block that starts with `# <name>`."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for block in re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL):
        if block.startswith(f"# {name}"):
            return str(block)
    raise LookupError(f"README.md has no example {name}")
