"""SerialWorker: order, the GUI thread, errors, shutdown, the inline executor, the registry."""

import logging
import threading
import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject

from sshdesk.core.errors import ConnectRefusedError, SshdeskError
from sshdesk.ui import workers
from sshdesk.ui.workers import SerialWorker, UnexpectedError

GUI_THREAD = threading.get_ident()


@pytest.fixture
def release() -> Iterator[threading.Event]:
    """An event stuck jobs wait on; set at the end so no thread outlives its test."""
    event = threading.Event()
    yield event
    event.set()


@pytest.fixture
def worker(qtbot) -> Iterator[SerialWorker]:
    worker = SerialWorker("test", host="web1")
    yield worker
    worker.shutdown(2.0)


def _stuck(release: threading.Event, started: threading.Event | None = None) -> str:
    if started is not None:
        started.set()
    release.wait(30)
    return "released"


def test_results_arrive_on_the_gui_thread_in_order(qtbot, worker) -> None:
    got: list[tuple[int, int, int]] = []

    def job(number: int) -> tuple[int, int]:
        time.sleep(0.01 * (5 - number))  # early jobs are the slow ones
        return number, threading.get_ident()

    for number in range(5):
        worker.submit(job, number, on_result=lambda value: got.append(
            (*value, threading.get_ident())))
    qtbot.waitUntil(lambda: len(got) == 5)
    assert [number for number, _, _ in got] == [0, 1, 2, 3, 4]
    job_threads = {job_thread for _, job_thread, _ in got}
    assert len(job_threads) == 1 and GUI_THREAD not in job_threads
    assert {callback_thread for _, _, callback_thread in got} == {GUI_THREAD}


def test_errors_arrive_in_order_with_results(qtbot, worker) -> None:
    events: list[object] = []
    refused = ConnectRefusedError("web1")

    def fail() -> None:
        raise refused

    worker.submit(lambda: 1, on_result=events.append, on_error=events.append)
    worker.submit(fail, on_result=events.append, on_error=events.append)
    worker.submit(lambda: 3, on_result=events.append, on_error=events.append)
    qtbot.waitUntil(lambda: len(events) == 3)
    assert events == [1, refused, 3]  # the core's own error, passed as it is


def test_unexpected_exception_becomes_a_plain_error_and_is_logged(qtbot, worker, caplog
                                                                  ) -> None:
    errors: list[SshdeskError] = []

    def buggy() -> None:
        raise ValueError("secret internals")

    with caplog.at_level(logging.ERROR, logger="sshdesk"):
        worker.submit(buggy, on_error=errors.append, operation="list folder")
        qtbot.waitUntil(lambda: bool(errors))
    error = errors[0]
    assert isinstance(error, UnexpectedError)
    assert (error.host, error.operation) == ("web1", "list folder")
    assert "ValueError" in error.message
    shown = error.describe()
    assert "Traceback" not in shown and "secret internals" not in shown
    assert "Traceback" in caplog.text and "secret internals" in caplog.text


def test_failure_without_handler_is_signalled(qtbot, worker) -> None:
    def fail() -> None:
        raise ConnectRefusedError("web1")

    with qtbot.waitSignal(worker.job_failed) as blocker:
        worker.submit(fail)
    assert isinstance(blocker.args[0], ConnectRefusedError)


def test_busy_changes_once_per_burst(qtbot, worker) -> None:
    states: list[bool] = []
    worker.busy_changed.connect(states.append)
    done: list[int] = []
    for number in range(3):
        worker.submit(lambda n=number: n, on_result=done.append)
    assert worker.is_busy
    qtbot.waitUntil(lambda: states == [True, False])
    assert done == [0, 1, 2] and not worker.is_busy


def test_cancelled_job_does_not_run(qtbot, worker, release) -> None:
    ran: list[str] = []
    worker.submit(_stuck, release)
    job = worker.submit(lambda: ran.append("cancelled one"), on_result=ran.append)
    worker.submit(lambda: "later", on_result=ran.append)
    job.cancel()
    release.set()
    qtbot.waitUntil(lambda: ran == ["later"])
    qtbot.waitUntil(lambda: not worker.is_busy)


def test_shutdown_with_a_stuck_job_returns_within_the_timeout(qtbot, release) -> None:
    worker = SerialWorker("stuck")
    started = threading.Event()
    heard: list[object] = []
    worker.submit(_stuck, release, started, on_result=heard.append)
    worker.submit(lambda: "queued", on_result=heard.append)
    assert started.wait(5)
    begin = time.monotonic()
    assert worker.shutdown(0.3) is False
    assert time.monotonic() - begin < 1.0
    release.set()
    qtbot.wait(100)
    assert heard == []  # nothing is delivered after shutdown, and the queued job was dropped
    assert worker.is_closed and not worker.is_busy


def test_shutdown_of_an_idle_worker_is_quick_and_refuses_new_work(qtbot) -> None:
    worker = SerialWorker("idle")
    assert worker.shutdown(2.0) is True
    assert worker.shutdown(2.0) is True  # idempotent
    job = worker.submit(lambda: 1)
    assert job.cancelled


def test_destroying_the_owner_stops_the_thread(qtbot) -> None:
    owner = QObject()
    before = workers.live_worker_count()
    SerialWorker("owned", parent=owner)
    assert workers.live_worker_count() == before + 1
    owner.deleteLater()
    qtbot.waitUntil(lambda: workers.live_worker_count() == before)


def test_shutdown_all_shares_one_deadline(qtbot, release) -> None:
    names, started = [], []
    for number in range(3):
        worker = SerialWorker(f"stuck{number}")
        started.append(threading.Event())
        worker.submit(_stuck, release, started[-1])
        names.append(worker.name)
    assert all(event.wait(5) for event in started)
    begin = time.monotonic()
    stuck = workers.shutdown_all(0.3)
    assert time.monotonic() - begin < 1.0
    assert sorted(stuck) == names
    release.set()
    qtbot.waitUntil(lambda: workers.live_worker_count() == 0)


def test_inline_worker_runs_jobs_before_submit_returns(qtbot) -> None:
    worker = SerialWorker("inline", host="web1", inline=True)
    got: list[object] = []
    worker.submit(lambda: threading.get_ident(), on_result=got.append)
    assert got == [GUI_THREAD]

    def fail() -> None:
        raise ConnectRefusedError("web1")

    worker.submit(fail, on_error=got.append)
    assert isinstance(got[1], ConnectRefusedError)
    assert worker.shutdown(0) is True


def test_inline_workers_block_makes_every_new_worker_inline(qtbot) -> None:
    before = workers.live_worker_count()
    with workers.inline_workers():
        worker = SerialWorker("made-by-code-under-test")
    got: list[int] = []
    worker.submit(lambda: 42, on_result=got.append)
    assert got == [42]
    assert workers.live_worker_count() == before  # no thread was started
    later = SerialWorker("after the block")
    assert workers.live_worker_count() == before + 1  # threaded again
    later.shutdown(2.0)
