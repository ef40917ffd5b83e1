"""``hotline center settings``: the center's settings file (monitoring and recordings), checked.

    hotline center settings show [--file F] [--json]
    hotline center settings set monitor.scope center [--file F]
    hotline center settings check [--file F]

The file is TOML (default ``center-settings.toml`` in the data directory; ``hotline center run
--settings F`` reads the same one): ``[monitor] indicator, scope, roles`` and ``[recordings]
retention_days``; the keys and what they mean are in hotline.monitoring. Every value is checked
before anything is written (SettingsError codes: unknown-key, bad-type, bad-choice, out-of-range,
bad-file), a refusal is ``hotline: [code] key: message`` with exit status 2 and the file untouched,
and the file is replaced atomically. Retention is validated here and enforced by ``hotline center
run``'s hourly pass (telephony.center.retention, which reads this file again each time) or at once
by ``hotline center retention``.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from desktop.cli.main import CommandError
from hotline.monitoring import CenterSettings, SettingsError, check_value, flatten, parse_settings

FILE_NAME = "center-settings.toml"


def default_path() -> Path:
    """center-settings.toml in the data directory (HOTLINE_HOME)."""
    from hotline.paths import data_dir

    return data_dir() / FILE_NAME


def load_settings(path: str | Path | None, missing_ok: bool = False) -> CenterSettings:
    """The checked settings of ``path`` (default file); defaults when the default file (or, with
    ``missing_ok``, the named one) does not exist. SettingsError ``bad-file`` when a file cannot be
    read or parsed (or a named one is missing), other codes for a bad value."""
    import tomllib

    source = Path(path) if path else default_path()
    if not source.exists():
        if path and not missing_ok:
            raise SettingsError("bad-file", str(source), "文件不存在 (no such file)")
        return CenterSettings()
    try:
        doc = tomllib.loads(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError("bad-file", str(source), f"无法读取 (cannot read: {exc})") from None
    return parse_settings(flatten(doc))


def render(settings: CenterSettings) -> str:
    """The settings as TOML."""
    sections: dict[str, list[str]] = {}
    for key, value in settings.as_flat().items():
        section, name = key.split(".", 1)
        sections.setdefault(section, []).append(f"{name} = {json.dumps(value, ensure_ascii=False)}")
    return "# hotline center settings (hotline center settings set KEY VALUE)\n" + "".join(
        f"\n[{section}]\n" + "\n".join(lines) + "\n" for section, lines in sections.items())


def save_settings(path: Path, settings: CenterSettings) -> None:
    """Write atomically (a temporary file in the same directory, fsynced, renamed over)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".center-settings-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(render(settings))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def register(sub: Any) -> None:
    """Add ``settings`` under ``hotline center``."""
    p = sub.add_parser("settings", help="the center's settings: monitoring (who may listen to whom), retention")
    actions = p.add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    for name, helptext in (("show", "print the settings"), ("check", "check the file"),
                           ("set", "change one setting")):
        a = actions.add_parser(name, help=helptext)
        a.add_argument("--file", help=f"settings file (default: {FILE_NAME} in the data directory)")
        a.add_argument("--json", action="store_true")
        if name == "set":
            a.add_argument("key")
            a.add_argument("value")
        a.set_defaults(func=_command)


def _command(args: argparse.Namespace) -> int:
    path = Path(args.file) if args.file else default_path()
    try:
        settings = load_settings(args.file, missing_ok=args.settings_command == "set")
        if args.settings_command == "set":
            flat = settings.as_flat()
            flat[args.key] = check_value(args.key, args.value)
            settings = parse_settings(flat)
            save_settings(path, settings)
    except SettingsError as exc:
        if args.json:
            print(json.dumps({"error": exc.code, "key": exc.key, "message": str(exc)}, ensure_ascii=False))
        raise CommandError(f"[{exc.code}] {exc}") from None
    if args.json:
        print(json.dumps({"file": str(path), "settings": settings.as_flat()}, ensure_ascii=False))
    else:
        print(f"# {path}")
        for key, value in settings.as_flat().items():
            print(f"{key} = {json.dumps(value, ensure_ascii=False)}")
    return 0
