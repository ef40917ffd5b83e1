"""The desk in English: every tr() text has a finished translation with its placeholders; the
translator turns a real DeskRoot's window English and taking it out turns it Chinese again; the
extractor keeps translations and marks new and vanished text; ``hotline desk --lang en`` runs."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.app import i18n
from desktop.app.i18n_extract import ROOT, Message, merge, read_ts, render, scan

pytestmark = pytest.mark.desk

TS = ROOT / "resources" / "i18n" / "desk_en.ts"
PLACEHOLDER = re.compile(r"\{\d+\}")


def test_every_tr_text_in_desktop_has_a_finished_english_translation_with_its_placeholders():
    found, problems = scan()
    assert not problems  # no tr(f"...") and no note that is not a literal
    assert len(found) > 200
    ts = read_ts(TS)
    missing = [key for key in found if key not in ts]
    assert not missing, f"run python -m desktop.app.i18n_extract: {missing[:5]}"
    for key in found:
        message = ts[key]
        assert message.kind == "" and message.translation.strip(), f"unfinished: {key}"
        assert set(PLACEHOLDER.findall(message.source)) == set(PLACEHOLDER.findall(message.translation)), key
    assert not [m for m in ts.values() if m.kind == "unfinished"]


def test_the_extractor_keeps_translations_marks_new_text_unfinished_and_old_text_vanished(tmp_path):
    found, _ = scan()
    old = read_ts(TS)
    kept, new = sorted(found)[:2]
    del old[new]
    old[("再也不用的文字", "")] = Message("再也不用的文字", "", [], "Text no longer used", "")
    ts = tmp_path / "desk_en.ts"
    ts.write_text(render(merge(found, old), "en_US", tmp_path), encoding="utf-8")
    again = read_ts(ts)
    assert again[kept].translation == read_ts(TS)[kept].translation and again[kept].kind == ""
    assert again[new].kind == "unfinished" and again[new].translation == ""
    assert again[("再也不用的文字", "")].kind == "vanished"
    assert ("再也不用的文字", "") not in {(m.source, m.comment) for m in merge(found, again, keep_vanished=False)}


def test_the_qm_is_compiled_from_the_ts_on_first_use(tmp_path, monkeypatch):
    shutil.copy(TS, tmp_path / "desk_en.ts")
    monkeypatch.setattr(i18n, "I18N", tmp_path)
    qm = i18n.qm_file("en")
    assert qm == tmp_path / "desk_en.qm" and qm.stat().st_size > 10_000
    assert i18n.qm_file("zh_CN") is None


def _texts(root) -> dict[str, str]:
    w = root.window
    return {"title": w.windowTitle(), "save": w.ticket.save.text(), "answer": w.phone_bar.buttons["answer"].text(),
            "knowledge": w.knowledge.query.placeholderText(), "state": w.phone_bar.state_label.text(),
            "login": w.phone_bar.buttons["login"].text(), "tab": w.center.tabText(0),
            "list": w.lists.tabs.tabText(0), "header": w.lists.model("mine").headerData(0, _horizontal())}


def _horizontal():
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


def test_the_window_is_english_with_the_translator_and_chinese_again_without_it(make_desk, qtbot):
    from PySide6.QtWidgets import QApplication, QPushButton, QToolButton

    app = QApplication.instance()
    assert i18n.install(app, "en")
    try:
        root = make_desk(start=False)
        root.window.resize(1500, 860)
        root.window.show()
        qtbot.waitExposed(root.window)
        assert _texts(root) == {
            "title": "12345 Government Service Hotline · Agent Desk · 张三 (话务员)",
            "save": "Save intake (Ctrl+S)", "answer": "Answer", "knowledge": "Search the knowledge base (Ctrl+K)",
            "state": "● Signed out", "login": "Sign in", "tab": "Ticket", "list": "My tickets",
            "header": "Ticket no."}
        assert root.window.phone_bar.buttons["line110"].text() == "110\nPolice"
        for button in root.window.findChildren(QToolButton) + root.window.findChildren(QPushButton):
            if button.isVisible() and button.text():  # the text fits its button
                widest = max(button.fontMetrics().horizontalAdvance(line) for line in button.text().split("\n"))
                assert button.width() >= widest, button.text()
        header = root.window.lists.lists["mine"].table.horizontalHeader()
        for column in range(header.count()):  # and the list's column titles fit their columns
            title = root.window.lists.model("mine").headerData(column, _horizontal())
            assert header.sectionSize(column) >= header.fontMetrics().horizontalAdvance(title), title
    finally:
        i18n.uninstall(app)
    chinese = _texts(make_desk(start=False))
    assert chinese["save"] == "保存受理 (Ctrl+S)" and chinese["answer"] == "接听"
    assert chinese["knowledge"] == "搜索知识库（Ctrl+K）" and chinese["state"] == "● 签出"
    assert chinese["title"] == "12345 政务服务便民热线 · 坐席工作台 · 张三（话务员）"


def test_the_desk_process_opens_in_english_and_takes_a_screenshot(desk_db, tmp_path):
    shot = tmp_path / "desk-en.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOTLINE_HOME=str(tmp_path / "home"))
    done = subprocess.run([sys.executable, "-m", "desktop.cli.main", "desk", "--db", desk_db, "--login", "1001",
                           "--password-stdin", "--center", "127.0.0.1:9", "--lang", "en", "--screenshot", str(shot),
                           "--quit-after", "3"], input="demo-1001\n", capture_output=True, text=True, timeout=90,
                          env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.exists() and shot.stat().st_size > 20_000
    assert "Traceback" not in done.stderr


def test_the_settings_dialog_speaks_english_too(qtbot):
    from PySide6.QtWidgets import QApplication

    from desktop.ui.settingsdialog import SettingsDialog

    app = QApplication.instance()
    assert i18n.install(app, "en")
    try:
        dialog = SettingsDialog({"language": "en"}, lambda v: ("seat", "x"))
        qtbot.addWidget(dialog)
        assert dialog.windowTitle() == "Desk settings"
        assert dialog.fields["language"].currentData() == "en"
        assert dialog.fields["sync_every_s"].accessibleName() == "Sync interval (s)"
    finally:
        i18n.uninstall(app)


def test_ts_paths_point_at_the_sources():
    text = TS.read_text(encoding="utf-8")
    for filename in set(re.findall(r'filename="([^"]+)"', text)):
        assert (TS.parent / filename).resolve().is_file(), filename
    assert Path(TS).read_text(encoding="utf-8").startswith('<?xml version="1.0" encoding="utf-8"?>')
