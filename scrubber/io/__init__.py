"""Readers and writers per format (`formats.py` is the registry), input discovery, field
mapping and atomic output. Readers stream and never raise on bad input: they yield a
`BadRecord` or `FileProblem` naming the file and line instead."""
