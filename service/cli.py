"""The `quotes` command line (also `python -m service`)."""
from __future__ import annotations

import argparse
import sys


def _eval(args: argparse.Namespace) -> int:
    from .evaluation import main as evaluate

    return evaluate(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="quotes", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    ev = commands.add_parser("eval", help="measure the extractor on gold-annotated articles")
    from .evaluation import add_arguments

    add_arguments(ev)
    ev.set_defaults(func=_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args) or 0


if __name__ == "__main__":
    sys.exit(main())
