"""Entry point of the frozen bundles: ``clusterpolicy [--self-test | COMMAND …]``; with no
arguments on a desktop, or ``gui [FILE…]``, it starts the desktop app."""

import sys


def main() -> int:
    args = sys.argv[1:]
    if args[:1] == ["gui"]:
        from clusterpolicy.gui.app import main as gui

        return gui(args[1:])
    from clusterpolicy.cli import main as cli

    return cli(args)


if __name__ == "__main__":
    raise SystemExit(main())
