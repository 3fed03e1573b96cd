"""Run reports and output formats (one module per reporter; `formats.py` lists them)."""
