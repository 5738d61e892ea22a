"""``python -m clusterpolicy`` runs the command line."""

from clusterpolicy.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
