"""Corpus runs: records stream from readers through a Scrubber (in order, optionally on several
processes) to writers, reporters and a run report. The CLI only wires options to these."""
