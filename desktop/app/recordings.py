"""The recordings browser's controller: the pane's requests answered on workers, results back on the GUI thread.

Search pages and writes (marks, QA sheets) run on the desk's database worker; the grant, the
waveform fetch and the probe after a media error run on a media worker of their own so a slow store
never holds up a query. Opening a recording: grant (the center checks the role and audits) → the
player streams the URL, the worker fetches the same URL for the peaks; a refusal or an unreachable
store is shown by code in the player.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.app.worker import DbWorker
from desktop.ui.tr import tr

log = logging.getLogger("desktop.recordings")
GRANT_ERRORS = {"center-down": "store-down", "unknown": "not-found", "role": "forbidden", "other-agent": "forbidden",
                "other-group": "forbidden", "quarantined": "quarantined", "withdrawn": "not-found",
                "purged": "purged",
                "not-verified": "not-verified"}


class RecordingsController(QObject):
    """See the module docstring."""

    notice = Signal(str)
    opened = Signal(str)  # a recording's id, once its URL is in the player

    def __init__(self, worker: DbWorker, media: DbWorker, service: Any, pane: Any) -> None:
        super().__init__()
        self.worker, self.media, self.service, self.pane = worker, media, service, pane
        self.values: dict[str, Any] = pane.values()
        self.current: str | None = None
        self.url = ""
        pane.model.page_wanted.connect(self.load_page)
        pane.search_changed.connect(self.search)
        pane.recording_opened.connect(lambda line: self.open(line.id, f"{line.agent}  {line.caller}  "
                                                                      f"{line.started:%Y-%m-%d %H:%M}"))
        pane.player.mark_wanted.connect(self.add_mark)
        pane.player.download_wanted.connect(self.download)
        pane.player.media_error.connect(self._probe)
        pane.qa.submitted.connect(self.score)
        pane.qa.set_criteria(service.criteria())
        pane.qa.set_enabled_for(service.may_score())

    def start(self) -> None:
        self.pane.model.reload()

    def search(self, values: dict[str, Any]) -> None:
        self.values = dict(values)
        self.pane.model.reload()

    def load_page(self, generation: int, cursor: Any) -> None:
        model, values = self.pane.model, dict(self.values)
        self.worker.submit(lambda: self.service.page(values, cursor, model.page_size),
                           lambda rows: model.add_page(generation, rows),
                           lambda exc: (model.page_failed(generation, _short(exc)),
                                        self.pane.show_notice(tr("查询失败：{0}", _short(exc)))),
                           name="recordings-page")

    def open(self, recording_id: str, title: str = "") -> None:
        from desktop.app.waveform import fetch_peaks

        self.current = recording_id
        player = self.pane.player

        def granted(result: tuple[str, list[tuple[int, str]], str]) -> None:
            url, marks, sheet = result
            if self.current != recording_id:
                return
            self.url = url
            player.open(url, title)
            player.set_marks(marks)
            self.pane.qa.show_saved(tr("当前评分：{0}", sheet) if sheet else tr("尚未评分"))
            self.media.submit(lambda: fetch_peaks(url), self._peaks(recording_id), self._failed(recording_id),
                              name="waveform")
            self.opened.emit(recording_id)

        self.media.submit(lambda: self.service.open(recording_id), granted, self._failed(recording_id),
                          name="recording-grant")

    def _peaks(self, recording_id: str) -> Any:
        def shown(peaks: Any) -> None:
            if self.current == recording_id:
                self.pane.player.set_peaks(peaks.values)
        return shown

    def _failed(self, recording_id: str) -> Any:
        def failed(exc: BaseException) -> None:
            if self.current != recording_id:
                return
            code = getattr(exc, "code", "") or "media"
            self.pane.player.show_error(GRANT_ERRORS.get(code, code))
            self.notice.emit(tr("录音无法播放：{0}", code))
        return failed

    def _probe(self, _code: str) -> None:
        """The media failed without saying why: ask the store once, and show its answer's code."""
        from desktop.app.waveform import fetch_bytes

        url, rid = self.url, self.current
        if url and rid:
            self.media.submit(lambda: fetch_bytes(url, timeout=5), lambda _data: None, self._failed(rid),
                              name="recording-probe")

    def download(self, target: str) -> None:
        """Save the open recording to ``target`` (the center audits it as a download)."""
        rid = self.current
        if rid is None:
            return
        self.media.submit(lambda: self.service.download(rid, target),
                          lambda size: self.notice.emit(tr("已下载录音：{0}（{1} 字节）", target, size)),
                          self._failed(rid), name="recording-download")

    def add_mark(self, at_ms: int, note: str) -> None:
        rid = self.current
        if rid is None:
            return
        def shown(done: Any) -> None:
            if self.current == rid:
                self.pane.player.set_marks(done.shown)
            if done.kept:
                self.notice.emit(tr("中心数据库暂不可用，标记已暂存本机，恢复后自动提交"))

        self.worker.submit(lambda: self.service.add_mark(rid, at_ms, note), shown,
                           lambda exc: self.notice.emit(tr("标记失败：{0}", _short(exc))), name="recording-mark")

    def score(self, scores: dict[str, int], comment: str) -> None:
        rid = self.current
        if rid is None:
            self.notice.emit(tr("请先打开一条录音"))
            return
        def saved(done: Any) -> None:
            if done.kept:
                self.pane.qa.show_saved(tr("中心数据库暂不可用，评分已暂存本机（{0}），恢复后自动提交", done.shown))
                return
            self.pane.qa.show_saved(tr("已保存评分：{0}", done.shown))
            self.pane.model.reload()

        self.worker.submit(lambda: self.service.score(rid, scores, comment), saved,
                           lambda exc: self.pane.qa.show_saved(tr("评分失败：{0}", _short(exc))), name="qa-score")

    def flush_outbox(self) -> None:
        """The desk job's step (on the scheduler's thread): write what was kept; say what was written
        or refused (by queued signal). A refusal is raised too, so the job's failure is shown."""
        report = self.service.flush_outbox()
        if report.written:
            self.notice.emit(tr("中心数据库已恢复，暂存的 {0} 条评分/标记已提交", report.written))
        problems = [f"{kind} {rid}: {code}" for kind, rid, code in report.refused] + report.bad
        if problems:
            raise RuntimeError(tr("暂存的评分/标记被中心拒绝，已另存：{0}", "; ".join(problems)))


def _short(exc: BaseException) -> str:
    return (str(exc) or type(exc).__name__).splitlines()[0][:300]
