"""Collect the desk's translatable text into the Qt Linguist file: ``python -m desktop.app.i18n_extract``.

Every ``tr("literal", ...)`` and ``tr_noop("literal")`` call under desktop/ (found in the AST, not
by a regular expression) becomes a ``<message>`` of ``resources/i18n/desk_en.ts`` in the context
``desk``, with a ``note="..."`` argument as its ``<comment>`` (Qt's disambiguation). Translations
already in the file are kept; a new message is ``type="unfinished"``; one no longer in the code is
``type="vanished"`` (``--no-obsolete`` drops it). Translate in Qt Linguist or by editing the XML;
``pyside6-lrelease`` compiles the .ts into the .qm the desk loads (bootstrap.sh, desktop.app.i18n).
A ``tr()`` whose first argument is not a literal (an f-string, a variable) is reported: the
extractor cannot see its text, so it would stay Chinese.
"""

from __future__ import annotations

import argparse
import ast
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

ROOT = Path(__file__).resolve().parents[2]
CONTEXT = "desk"
CALLS = ("tr", "tr_noop")
Key = tuple[str, str]  # (source, comment)


@dataclass
class Message:
    """One translatable text: where it is used, and its translation (empty while unfinished)."""

    source: str
    comment: str = ""
    locations: list[tuple[str, int]] = field(default_factory=list)
    translation: str = ""
    kind: str = "unfinished"  # "" (finished), "unfinished" or "vanished"


def scan(root: Path = ROOT) -> tuple[dict[Key, Message], list[str]]:
    """The ``tr``/``tr_noop`` literals under ``root``/desktop, and the calls whose text is not a literal."""
    found: dict[Key, Message] = {}
    problems: list[str] = []
    for path in sorted((root / "desktop").rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), rel)):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in CALLS):
                continue
            if path.name == "tr.py" or not node.args:
                continue
            text = node.args[0]
            note = next((k.value for k in node.keywords if k.arg == "note"), None)
            if not (isinstance(text, ast.Constant) and isinstance(text.value, str)):
                if isinstance(text, ast.JoinedStr):
                    problems.append(f"{rel}:{node.lineno}: tr(f\"...\") cannot be translated: use tr(\"…{{0}}\", x)")
                continue  # tr(LABELS[key]): the literal is marked with tr_noop where it is defined
            if note is not None and not (isinstance(note, ast.Constant) and isinstance(note.value, str)):
                problems.append(f"{rel}:{node.lineno}: {node.func.id}(note=...) must be a literal")
            comment = note.value if isinstance(note, ast.Constant) and isinstance(note.value, str) else ""
            message = found.setdefault((text.value, comment), Message(text.value, comment))
            message.locations.append((rel, node.lineno))
    for message in found.values():
        message.locations.sort()
    return found, problems


def read_ts(path: Path) -> dict[Key, Message]:
    """The messages of an existing .ts file (empty when there is none)."""
    if not path.exists():
        return {}
    out: dict[Key, Message] = {}
    for context in ET.parse(path).getroot().iter("context"):
        if (context.findtext("name") or "") != CONTEXT:
            continue
        for m in context.iter("message"):
            source, comment = m.findtext("source") or "", m.findtext("comment") or ""
            t = m.find("translation")
            text = (t.text or "") if t is not None else ""
            kind = t.get("type", "") if t is not None else "unfinished"
            out[(source, comment)] = Message(source, comment, [], text, kind)
    return out


def merge(found: dict[Key, Message], old: dict[Key, Message], keep_vanished: bool = True) -> list[Message]:
    """The code's messages with the translations kept, then (unless dropped) the vanished ones."""
    merged: list[Message] = []
    for key, message in sorted(found.items(), key=lambda kv: kv[1].locations[0]):
        before = old.get(key)
        if before is not None and before.translation:
            message.translation = before.translation
            message.kind = "unfinished" if before.kind == "unfinished" else ""
        merged.append(message)
    if keep_vanished:
        for key, message in old.items():
            if key not in found and message.translation:
                message.kind, message.locations = "vanished", []
                merged.append(message)
    return merged


def render(messages: list[Message], language: str, ts_dir: Path) -> str:
    """The Qt Linguist XML (TS 2.1) of ``messages``, locations relative to the .ts file."""
    up = "../" * len(ts_dir.relative_to(ROOT).parts) if ts_dir.is_relative_to(ROOT) else ""
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<!DOCTYPE TS>",
             f'<TS version="2.1" language="{language}" sourcelanguage="zh_CN">', "<context>",
             f"    <name>{CONTEXT}</name>"]
    for m in messages:
        lines.append("    <message>")
        lines += [f'        <location filename={quoteattr(up + f)} line="{n}"/>' for f, n in m.locations]
        lines.append(f"        <source>{escape(m.source)}</source>")
        if m.comment:
            lines.append(f"        <comment>{escape(m.comment)}</comment>")
        kind = f' type="{m.kind}"' if m.kind else ""
        lines.append(f"        <translation{kind}>{escape(m.translation)}</translation>")
        lines.append("    </message>")
    lines += ["</context>", "</TS>", ""]
    return "\n".join(lines)


def extract(ts: Path, language: str = "en_US", keep_vanished: bool = True) -> tuple[list[Message], list[str]]:
    """Write ``ts`` from the code and the translations it already has; the messages and the problems."""
    found, problems = scan()
    messages = merge(found, read_ts(ts), keep_vanished)
    ts.parent.mkdir(parents=True, exist_ok=True)
    ts.write_text(render(messages, language, ts.parent.resolve()), encoding="utf-8")
    return messages, problems


def main(argv: list[str] | None = None) -> int:
    """The command line: write the .ts, say how many messages are unfinished or vanished."""
    p = argparse.ArgumentParser(prog="python -m desktop.app.i18n_extract", description=__doc__.splitlines()[0])
    p.add_argument("--lang", default="en", help="the translation's language (desk_<lang>.ts; default en)")
    p.add_argument("--no-obsolete", action="store_true", help="drop the messages no longer in the code")
    args = p.parse_args(argv)
    ts = ROOT / "resources" / "i18n" / f"desk_{args.lang}.ts"
    language = {"en": "en_US"}.get(args.lang, args.lang)
    messages, problems = extract(ts, language, keep_vanished=not args.no_obsolete)
    count = {k: sum(m.kind == k for m in messages) for k in ("", "unfinished", "vanished")}
    print(f"{ts.relative_to(ROOT)}: {len(messages) - count['vanished']} messages, "
          f"{count['unfinished']} unfinished, {count['vanished']} vanished")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
