"""`python -m scrubber`: the same as the `scrubber` command."""

from scrubber.cli import main

if __name__ == "__main__":
    main()
