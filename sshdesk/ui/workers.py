"""Serial background workers: blocking core calls off the GUI thread, results back on it.

Each open session owns one :class:`SerialWorker`. Its jobs (connect, log in, list a
folder, ...) run one after the other on a single background thread, so the core sees one
caller at a time and paramiko objects keep one owning thread. Each job's outcome comes back
through a queued signal, so ``on_result`` and ``on_error`` always run on the GUI thread, in
the order the jobs were submitted.

Errors reach callbacks as :class:`~sshdesk.core.errors.SshdeskError`: the core's own are
passed as they are; anything else is a bug, logged with its traceback to the ``sshdesk``
logger and handed on as an :class:`UnexpectedError` whose text holds no traceback.

Tests run jobs inline (Picard's trick) with ``SerialWorker(inline=True)`` or, for workers
created deep inside the code under test, within :func:`inline_workers`.

The app calls :func:`shutdown_all` at exit: every worker stops taking work and all of them
together get one deadline to finish the job they are running.
"""

import contextlib
import itertools
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal

from sshdesk.core.errors import SshdeskError

log = logging.getLogger(__name__)

#: Seconds :meth:`SerialWorker.shutdown` and :func:`shutdown_all` wait by default.
SHUTDOWN_TIMEOUT = 2.0

ResultCallback = Callable[[Any], object]
ErrorCallback = Callable[[SshdeskError], object]


class UnexpectedError(SshdeskError):
    """A job raised something other than an :class:`SshdeskError`: a bug in sshdesk.

    The message names the exception's type only; its text and traceback go to the log.
    """

    def __init__(self, host: str, operation: str, kind: str) -> None:
        super().__init__(
            host,
            operation,
            QCoreApplication.translate(
                "SerialWorker", "an unexpected internal error occurred ({kind})"
            ).format(kind=kind),
            QCoreApplication.translate(
                "SerialWorker", "This is a bug in sshdesk. The details are in the log file; "
                "please include them when you report it."),
        )


@dataclass(eq=False)
class Job:
    """One submitted call. Returned by :meth:`SerialWorker.submit`.

    Attributes:
        name: A label for log lines (the function's name unless given).
        cancelled: True once cancelled; its callbacks will not run.
    """

    fn: Callable[..., Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    on_result: ResultCallback | None
    on_error: ErrorCallback | None
    operation: str
    name: str
    id: int = field(default_factory=itertools.count(1).__next__)
    cancelled: bool = False

    def cancel(self) -> None:
        """Drops the job if it has not started; a running job finishes, unheard."""
        self.cancelled = True


@dataclass(frozen=True)
class _Outcome:
    value: Any = None
    error: SshdeskError | None = None


_SKIPPED = _Outcome()

def _run(job: Job, host: str) -> _Outcome:
    """Runs ``job`` and captures its outcome; never raises."""
    try:
        return _Outcome(value=job.fn(*job.args, **job.kwargs))
    except SshdeskError as error:
        return _Outcome(error=error)
    except BaseException as error:  # a job's bug must not end the thread
        log.exception("job %s on %s failed unexpectedly", job.name, host or "-")
        return _Outcome(error=UnexpectedError(host, job.operation, type(error).__name__))


class _ThreadExecutor:
    """A single daemon thread taking jobs from a queue. Plain Python, so it outlives the
    Qt object that created it safely."""

    def __init__(self, name: str, host: str, deliver: Callable[[Job, _Outcome], None]) -> None:
        self.name = name
        self.closed = False
        self._host = host
        self._deliver = deliver
        self._queue: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._loop, name=f"worker-{name}", daemon=True)
        self._thread.start()
        with _registry_lock:
            _registry.add(self)

    def put(self, job: Job) -> None:
        self._queue.put(job)

    def close(self) -> None:
        """Stops taking work: jobs not yet started are dropped. Any thread; idempotent."""
        if not self.closed:
            self.closed = True
            self._queue.put(None)

    def join(self, timeout: float) -> bool:
        """Waits up to ``timeout`` seconds for the thread to end; True if it did."""
        self._thread.join(max(0.0, timeout))
        return not self._thread.is_alive()

    def _loop(self) -> None:
        try:
            while (job := self._queue.get()) is not None and not self.closed:
                # A cancelled job is still delivered (unrun), so the GUI's count of
                # outstanding jobs stays right.
                self._deliver(job, _SKIPPED if job.cancelled else _run(job, self._host))
        finally:
            with _registry_lock:
                _registry.discard(self)


class InlineExecutor:
    """Runs each job at once on the submitting thread and calls its callback before
    :meth:`SerialWorker.submit` returns. For tests only: it blocks the GUI thread."""

    def __init__(self, name: str, host: str, deliver: Callable[[Job, _Outcome], None]) -> None:
        self.name = name
        self.closed = False
        self._host = host
        self._deliver = deliver

    def put(self, job: Job) -> None:
        self._deliver(job, _SKIPPED if job.cancelled else _run(job, self._host))

    def close(self) -> None:
        self.closed = True

    def join(self, timeout: float) -> bool:
        return True


_registry: set[_ThreadExecutor] = set()
_registry_lock = threading.Lock()
_inline_by_default = False


class SerialWorker(QObject):
    """Runs submitted callables one at a time, in order, on its own background thread.

    Create, submit to and shut down from the GUI thread. Callbacks run on the GUI thread
    (the thread that owns this object); after :meth:`shutdown` none run any more.

    Signals:
        busy_changed(bool): The worker started having work (True) or ran out of it (False).
        job_failed(object): A job failed, with its ``SshdeskError``; emitted after the job's
            ``on_error`` callback, whether it had one or not.
    """

    busy_changed = Signal(bool)
    job_failed = Signal(object)
    _finished = Signal(object, object)  # job, outcome: emitted on the worker thread

    def __init__(
        self, name: str, host: str = "", parent: QObject | None = None,
        *, inline: bool | None = None,
    ) -> None:
        """
        Args:
            name: Names the thread in log lines, e.g. the session's address.
            host: Host named in errors of jobs that fail unexpectedly.
            parent: Owner; destroying it shuts the worker down without waiting.
            inline: Run jobs inline (tests); by default as :func:`inline_workers` says.
        """
        super().__init__(parent)
        self._pending = 0
        self._finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        use_inline = _inline_by_default if inline is None else inline
        if use_inline:
            self._executor: _ThreadExecutor | InlineExecutor = InlineExecutor(
                name, host, self._on_finished)
        else:
            self._executor = _ThreadExecutor(name, host, self._post)
        # The executor is plain Python: closing it needs no Qt object, so this also
        # works while the Qt side is being destroyed.
        self.destroyed.connect(self._executor.close)

    @property
    def name(self) -> str:
        return self._executor.name

    @property
    def is_closed(self) -> bool:
        """True once shut down: new jobs are refused."""
        return self._executor.closed

    @property
    def is_busy(self) -> bool:
        """True while any submitted job has not been delivered yet."""
        return self._pending > 0

    def submit(
        self, fn: Callable[..., Any], *args: Any, on_result: ResultCallback | None = None,
        on_error: ErrorCallback | None = None, operation: str = "", name: str = "",
        **kwargs: Any,
    ) -> Job:
        """Queues ``fn(*args, **kwargs)`` to run after every job submitted before it.

        Hand the job copies or frozen values, never objects the GUI goes on changing.

        Args:
            on_result: Called on the GUI thread with the return value.
            on_error: Called on the GUI thread with the ``SshdeskError`` raised.
            operation: What the job does, for the message of an unexpected error.
            name: A label for log lines; the function's name by default.

        Returns:
            The job, which can be cancelled until it starts. After :meth:`shutdown` the
            job is returned already cancelled and never runs.
        """
        job = Job(fn, args, kwargs, on_result, on_error,
                  operation or QCoreApplication.translate("SerialWorker", "background task"),
                  name or getattr(fn, "__qualname__", repr(fn)))
        if self._executor.closed:
            log.debug("worker %s is shut down; job %s dropped", self.name, job.name)
            job.cancel()
            return job
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        self._executor.put(job)
        return job

    def shutdown(self, timeout: float = SHUTDOWN_TIMEOUT) -> bool:
        """Stops taking work, drops jobs not started, and waits for the running one.

        Waits at most ``timeout`` seconds (0 does not wait): a job stuck on the network is
        left behind on its daemon thread. Cancel the session's prompts first, or a job
        waiting for an answer holds this up to the timeout. Idempotent.

        Returns:
            True if the thread ended within the timeout.
        """
        self._executor.close()
        if self._pending:
            self._pending = 0
            self.busy_changed.emit(False)
        finished = self._executor.join(timeout)
        if not finished:
            log.warning("worker %s did not finish within %.1f s; left behind",
                        self.name, timeout)
        return finished

    def _post(self, job: Job, outcome: _Outcome) -> None:
        """Worker thread: sends the outcome to the GUI thread."""
        try:
            self._finished.emit(job, outcome)
        except RuntimeError:  # the Qt object is gone; nobody is left to hear the outcome
            log.debug("worker %s deleted; outcome of %s dropped", self.name, job.name)

    def _on_finished(self, job: Job, outcome: _Outcome) -> None:
        """GUI thread: calls the job's callback, unless the worker or job was cancelled."""
        if self._executor.closed:
            return
        self._pending -= 1
        if not job.cancelled:
            if outcome.error is None:
                if job.on_result is not None:
                    job.on_result(outcome.value)
            else:
                self._report(job, outcome.error)
        if self._pending == 0:
            self.busy_changed.emit(False)

    def _report(self, job: Job, error: SshdeskError) -> None:
        if job.on_error is not None:
            job.on_error(error)
        else:
            log.warning("job %s failed and nobody handles it: %s", job.name, error)
        self.job_failed.emit(error)


def shutdown_all(timeout: float = SHUTDOWN_TIMEOUT) -> list[str]:
    """Shuts every worker down; the app calls this once at exit.

    All workers stop taking work first, then they share one deadline, so a dozen stuck
    sessions still cost at most ``timeout`` seconds in total. Any thread.

    Returns:
        The names of the workers still running a job at the deadline.
    """
    with _registry_lock:
        executors = list(_registry)
    for executor in executors:
        executor.close()
    deadline = time.monotonic() + timeout
    stuck = [e.name for e in executors if not e.join(deadline - time.monotonic())]
    if stuck:
        log.warning("at exit, workers still busy after %.1f s: %s", timeout, ", ".join(stuck))
    return stuck


def live_worker_count() -> int:
    """How many worker threads are running (tests check that none leak)."""
    with _registry_lock:
        return len(_registry)


@contextlib.contextmanager
def inline_workers() -> Iterator[None]:
    """Makes every :class:`SerialWorker` created within the block run its jobs inline.

    For tests of code that creates its own workers (Picard's inline thread pool).
    """
    global _inline_by_default
    saved, _inline_by_default = _inline_by_default, True
    try:
        yield
    finally:
        _inline_by_default = saved
