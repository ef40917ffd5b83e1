"""``hotline desk``: the agent's window — schema upgraded first, then login, then the desk.

    hotline desk [--db URL] [--center HOST:PORT] [--central-db URL] [--login NAME --password-stdin]
                 [--profile ID] [--seat 007] [--lang en] [--screenshot FILE --quit-after S]
                 [--print-ready] [--script FILE] [--probe DIR]   # test hooks (desktop.app.script, .probe)

One QApplication. The local working copy is upgraded (Alembic) before any window opens; a login is
checked offline against the synced hashes (storage.accounts); the SIP phone registers with the
password just typed, never one stored on the desk. ``--screenshot`` writes a PNG of the window after
``--quit-after`` seconds and quits (the demo and the README's pictures). Test hooks, off unless given:
``--print-ready`` prints ``READY window`` / ``READY registered`` (the benchmark's start-up time);
``--script FILE`` runs scripted steps from FILE (the crash tests, desktop.app.script); ``--probe DIR``
writes the screen state as JSON lines to DIR/state.jsonl and carries out the clicks and typing listed
in DIR/commands.jsonl (the two-desk specialist test, desktop.app.probe).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    """Add ``hotline desk`` to the CLI."""
    p = subparsers.add_parser("desk", help="open the agent desk (PySide6)")
    p.add_argument("--db", help="the local working copy (default: the data directory's)")
    p.add_argument("--center", help="the center's SIP address HOST:PORT (default: the settings')")
    p.add_argument("--central-db", help="the central database URL for sync (default: the settings')")
    p.add_argument("--login", help="sign in as this login (with --password-stdin: no dialog)")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p.add_argument("--profile", help="the jurisdiction profile for new tickets")
    p.add_argument("--seat", help="the seat number in ticket numbers (three digits)")
    p.add_argument("--lang", choices=("zh_CN", "en"), help="the interface language (default: Chinese)")
    p.add_argument("--sound", choices=("null", "default"), help="audio device: default (headset) or null")
    p.add_argument("--screenshot", type=Path, help="save a PNG of the window, then quit")
    p.add_argument("--quit-after", type=float, default=0, help="quit after this many seconds")
    p.add_argument("--probe", type=Path, help="tests: write the screen state to DIR/state.jsonl, "
                                              "do what DIR/commands.jsonl says (off by default)")
    p.add_argument("--print-ready", action="store_true",
                   help="print READY window / READY registered on standard output (benchmarks, tests)")
    p.add_argument("--script", type=Path, help="test hook: run the JSON-lines steps appended to FILE")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Open the desk; returns the exit status (2: a bad setting or a refused login)."""
    from desktop.app.memory import limit_malloc_arenas
    from desktop.app.settings import SettingsError, load_settings
    from desktop.cli.main import CommandError

    limit_malloc_arenas()  # before any thread: see desktop.app.memory
    from desktop.app.crashlog import enable_crash_log

    enable_crash_log()  # a fault in pjsua2 or Qt leaves the Python stacks in <data dir>/crash.log
    _warm_segmenter()
    try:
        settings = load_settings()
        for name in ("center", "central_db", "profile", "seat"):
            value = getattr(args, name, None)
            if value:
                setattr(settings, name, value)
        if args.lang:
            settings.language = args.lang
        if args.sound:
            settings.sound_device = args.sound
        settings.validate()
    except SettingsError as exc:
        raise CommandError(str(exc)) from None
    local_url = args.db or settings.local_db or _default_db()
    _upgrade(local_url)
    app = _application(settings.language)
    user, password = _sign_in(args, local_url, settings.center)
    if user is None:
        return 2
    from desktop.app.root import DeskRoot

    root = DeskRoot(settings, user, password, local_url=local_url)
    root.start()
    root.window.resize(1500, 860)
    root.window.show()
    if getattr(args, "probe", None):
        from desktop.app.probe import ScreenProbe

        root.probe = ScreenProbe(root.window, args.probe)
    script = _hooks(args, root, app)
    if args.screenshot or args.quit_after:
        from PySide6.QtCore import QTimer

        def finish() -> None:
            if args.screenshot:
                args.screenshot.parent.mkdir(parents=True, exist_ok=True)
                root.window.grab().save(str(args.screenshot))
                print(f"screenshot: {args.screenshot}", flush=True)
            app.quit()

        QTimer.singleShot(int(max(args.quit_after, 1.0) * 1000), finish)
    try:
        return int(app.exec())
    finally:
        if script is not None:
            script.timer.stop()
        root.stop()


def _hooks(args: argparse.Namespace, root: Any, app: Any) -> Any:
    """``--print-ready`` and ``--script``: off unless asked for (desktop.app.script)."""
    if not (args.print_ready or args.script):
        return None
    from desktop.app.script import DeskScript, ready_lines

    if args.print_ready:
        ready_lines(root)
    if args.script is None:
        return None
    script = DeskScript(root, args.script, app.quit)
    script.start()
    return script


def _warm_segmenter() -> None:
    """Load the knowledge search's jieba dictionaries (about a second) on a helper thread while the
    working copy is upgraded and the login checked; the knowledge pane needs them when the window opens."""
    import threading

    def load() -> None:
        try:
            from storage.search.segment import segmenter

            segmenter()
        except Exception as exc:  # noqa: BLE001 - the knowledge pane builds it again and reports the failure
            logging.getLogger("desktop").warning("search dictionaries not preloaded (%s: %s)",
                                                 type(exc).__name__, exc)

    threading.Thread(target=load, name="desk-segmenter", daemon=True).start()


def _default_db() -> str:
    from hotline.paths import default_db_url

    return default_db_url()


def _upgrade(url: str) -> None:
    from desktop.cli.main import CommandError
    from storage.db import DatabaseError, upgrade

    try:
        upgrade(url)
    except (DatabaseError, ValueError) as exc:
        raise CommandError(f"本地数据库无法升级 (the working copy cannot be upgraded): {exc}") from None


def _application(language: str) -> Any:
    """The QApplication with a CJK font and the chosen language."""
    from PySide6.QtGui import QFont, QFontDatabase
    from PySide6.QtWidgets import QApplication

    os.environ.setdefault("QT_ENABLE_HIGHDPI_SCALING", "1")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("hotline-desk")
    families = set(QFontDatabase.families())
    for family in ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei"):
        if family in families:
            app.setFont(QFont(family, 10))
            break
    from desktop.app.i18n import install

    install(app, language)
    return app


def _sign_in(args: argparse.Namespace, local_url: str, center: str) -> tuple[Any, str]:
    """The signed-in user and the password (for the SIP registration), or (None, '') when refused."""
    from desktop.app.login import check

    if args.login and args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
        user, problem = check(local_url, args.login, password)
        if problem:
            print(f"hotline: {problem}", file=sys.stderr)
            return None, ""
        return user, password
    from desktop.ui.login import LoginDialog

    found: dict[str, Any] = {}

    def attempt(login: str, password: str) -> str | None:
        user, problem = check(local_url, login, password)
        if problem is None:
            found.update(user=user, password=password)
        return problem

    dialog = LoginDialog(attempt, center=center, login=args.login or "")
    if dialog.exec() != LoginDialog.DialogCode.Accepted:
        return None, ""
    return found["user"], found["password"]
