"""Suggested answers while the agent types: debounced, searched off the caller's thread, stale results dropped."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest

from hotline.knowledge import lifecycle as L
from storage.knowledge.suggest import Suggester
from tests.knowledge.helpers import ADMIN, DIBAO, YIBAO


@pytest.fixture
def corpus(service, engine):
    from storage.uow import UnitOfWork

    with UnitOfWork(engine) as uow:
        for n in range(8):
            uow.knowledge.save(*L.import_published(ADMIN, replace(DIBAO, title=f"低保问答{n}", body=DIBAO.body + f"第{n}条。")))
        uow.knowledge.save(*L.import_published(ADMIN, YIBAO))
        uow.commit()
    service.keeper.refresh()
    return service


def collect():
    got, threads, done = [], [], threading.Event()

    def callback(result):
        got.append(result)
        threads.append(threading.current_thread())
        done.set()

    return got, threads, done, callback


def test_typing_fast_gives_one_search_for_the_last_text_with_the_five_best(corpus):
    got, threads, _, callback = collect()
    suggester = Suggester(corpus.suggest, callback, delay=0.15, top=5)
    try:
        for text in ("低", "低保", "低保怎么", "低保怎么申", "低保怎么申请"):
            suggester.update(text)
        assert suggester.wait_idle(10)
    finally:
        suggester.close()
    assert suggester.searches == 1
    assert [r.text for r in got] == ["低保怎么申请"]
    assert len(got[0].hits) == 5 and all("低保" in h.title for h in got[0].hits)
    assert threads[0] is not threading.main_thread()


def test_a_result_overtaken_by_newer_text_is_dropped(corpus):
    got, _, _, callback = collect()
    started, release = threading.Event(), threading.Event()

    def slow_first(text, top):
        if text == "低保申请":
            started.set()
            release.wait(5)
        return corpus.suggest(text, top)

    suggester = Suggester(slow_first, callback, delay=0.01, top=5)
    try:
        suggester.update("低保申请")
        assert started.wait(5)
        suggester.update("医保缴费")  # the agent kept typing while the first search ran
        release.set()
        assert suggester.wait_idle(10)
    finally:
        suggester.close()
    assert [r.text for r in got] == ["医保缴费"]
    assert [h.title for h in got[0].hits][0] == YIBAO.title
    assert suggester.searches == 2


def test_short_text_clears_without_searching_and_errors_do_not_stop_the_worker(corpus):
    got, _, _, callback = collect()
    errors = []

    def failing_once(text, top):
        if text == "失败":
            raise RuntimeError("index unavailable")
        return corpus.suggest(text, top)

    suggester = Suggester(failing_once, callback, delay=0.01, on_error=errors.append)
    try:
        suggester.update("低")
        assert suggester.wait_idle(5)
        suggester.update("失败")
        assert suggester.wait_idle(5)
        suggester.update("医保")
        assert suggester.wait_idle(5)
    finally:
        suggester.close()
    assert [(r.text, len(r.hits)) for r in got] == [("低", 0), ("医保", 1)]
    assert [str(e) for e in errors] == ["index unavailable"]
    with pytest.raises(RuntimeError, match="closed"):
        suggester.update("x")


def test_a_callback_that_raises_is_reported_and_the_worker_keeps_serving(corpus):
    """Issue 14 item 3: the worker used to die when the callback raised."""
    delivered: list[str] = []
    errors: list[BaseException] = []
    done = threading.Event()

    def callback(result):
        if not delivered:
            delivered.append("first")
            raise RuntimeError("the window went away")
        delivered.append(result.text)
        done.set()

    suggester = Suggester(corpus.suggest, callback, delay=0.01, on_error=errors.append)
    try:
        suggester.update("低保")
        assert suggester.wait_idle(5)
        suggester.update("医保")
        assert done.wait(5), "the worker stopped after a failing callback"
        assert delivered == ["first", "医保"] and isinstance(errors[0], RuntimeError) and suggester.errors == 1
    finally:
        suggester.close()


def test_a_failing_search_without_an_error_handler_is_logged(caplog):
    def search(text, top):
        raise OSError("index unreadable")

    got: list = []
    suggester = Suggester(search, got.append, delay=0.01)
    try:
        with caplog.at_level("ERROR", logger="storage.knowledge.suggest"):
            suggester.update("低保怎么申请")
            assert suggester.wait_idle(5)
        assert got == [] and suggester.errors == 1
        assert any("index unreadable" in r.getMessage() for r in caplog.records)
    finally:
        suggester.close()
