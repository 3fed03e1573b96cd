"""Adapters for the frameworks scrubber runs inside; the core never imports them.

Each module imports its framework and names the extra to install when it is missing:
`scrapy` (item pipeline), `hf` (Hugging Face datasets), `pandas` (DataFrame columns).
`batch` is framework-free: the batched function the others build on.
"""
