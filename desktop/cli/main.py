"""Entry point of the ``hotline`` command: builds the argument parser from the sub-command modules.

Each module in COMMANDS exposes ``register(subparsers)``, which adds its parser and sets
``func(args) -> int`` as the handler. A CalendarYearMissing from any handler is printed as its
message (exit status 2), never as a traceback; the handlers' units of work roll back on it. Modules import heavy things (SQLAlchemy, Qt) inside handlers,
so ``hotline rules ...`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

COMMANDS: tuple[str, ...] = ("rules", "db", "ticket", "sync", "demo", "kb", "lab", "board", "center", "user",
                             "caller", "audit", "unit_user", "privacy", "fold_units")
MODULES = {"desk": "desktop.app.main", "desk-demo": "desktop.app.demo"}  # outside desktop.cli


class CommandError(Exception):
    """A user-facing failure: printed as ``hotline: <message>`` with exit status 2 (or ``code``)."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def build_parser() -> argparse.ArgumentParser:
    """The full parser, every sub-command registered."""
    parser = argparse.ArgumentParser(prog="hotline", description="12345 政务服务便民热线 agent desktop")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"desktop.cli.{name}").register(subparsers)
    for module in MODULES.values():
        importlib.import_module(module).register(subparsers)
    return parser


def run_child(module: str, args: Sequence[str]) -> int:
    """``hotline _child MODULE ARGS``: run one of the product's helper processes as ``python -m`` would.

    The frozen bundle has no ``python -m`` (telephony.spawn); only the modules it names are run.
    """
    import runpy

    from telephony.spawn import CHILD_MODULES

    if module not in CHILD_MODULES:
        print(f"hotline: _child: {module!r} is not a helper process (one of {', '.join(sorted(CHILD_MODULES))})",
              file=sys.stderr)
        return 2
    sys.argv = [module, *args]
    runpy.run_module(module, run_name="__main__", alter_sys=True)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    words = list(sys.argv[1:] if argv is None else argv)
    if words[:1] == ["_child"] and len(words) >= 2:  # a helper process (telephony.spawn), not a command
        return run_child(words[1], words[2:])
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    from hotline.workcalendar import CalendarYearMissing

    try:
        return int(func(args) or 0)
    except CommandError as exc:
        from hotline.secrets import mask_secrets

        print(f"hotline: {mask_secrets(str(exc))}", file=sys.stderr)
        return exc.code
    except CalendarYearMissing as exc:  # any command: the named message says what to do; nothing is written
        print(f"hotline: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    # under ``python -m`` this module is __main__; let sub-commands importing desktop.cli.main
    # (for CommandError) get this same module, or their errors would escape the handler above
    sys.modules.setdefault("desktop.cli.main", sys.modules[__name__])
    sys.exit(main())
