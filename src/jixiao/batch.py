"""Batch runs: many files through read → check → write, a file (or a piece of a big one) at a time, on every core.

    for part in run(files, job, jobs=2):   # in input order, whatever `jobs` is
        write(part)                       # part.items: what the job made of each form; part.first: their numbers

A unit of work is a file, or a piece of a big text file (parse.pieces). A worker reads it and gives its forms to the
job (`Job.forms`: audit them and render them, say); only what the job returns leaves the worker, so memory holds the
units in flight, never the batch. With `jobs` > 1 the units run in that many processes and come back in input order.

A file read in pieces gives its parts out as they come, its forms numbered across the pieces, as soon as nothing
still to come can change them. The forms that read no budget year of their own take the one most of the file's forms
read (parse.target.share_budget_year), as reading the file whole would give them: each piece guesses that year from
its own forms and those of the pieces before it, and so a piece with such forms, and every piece after it, waits
until the file's last piece is in (in a temporary file, not in memory); one that guessed wrong is read again with the
file's year. A piece that cannot be read alone (not UTF-8, an internal error) sends the file to be read whole, unless
parts of the file are out already: then it is read on its own, with the whole-file reader's encodings, and an error
in it is reported at its first line, the file's other forms standing.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import signal
import stat
import tempfile
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from jixiao import errors
from jixiao.io import input_problem

if TYPE_CHECKING:
    from jixiao.model import Form
    from jixiao.parse.pieces import Piece

# Units in flight per process: enough that a process never waits for the next while the results are written
_AHEAD = 3
# Inputs from this much work on are a large batch: --jobs defaults to every core (below, starting processes costs
# more than it saves). Counted in bytes of text export; other formats' bytes are weighted (WORK_PER_BYTE).
LARGE_BATCH_BYTES = 4 << 20
# One core's work per byte of input, by file type, relative to a text export of the same forms
# (benchmarks/bench_formats.py measures them: 2.8, 1.7 and 34 on the reader evals' forms): an Excel or Word file
# holds its cells in zipped XML, a PDF's text is laid out again from its drawing commands. Counted in bytes, 300
# Excel files of one form each (2 MB) ran on one core, at 1.6 times the time two take.
WORK_PER_BYTE = {".xlsx": 3, ".xlsm": 3, ".docx": 2, ".pdf": 35}


class Job(Protocol):
    """What a command makes of a unit's forms, in the worker: an item per form and a summary of them (the job's own
    kinds: rendered text, counts…). It is sent to each worker process once, so it must pickle."""

    def forms(self, forms: list[Form]) -> tuple[list[Any], Any]: ...


@dataclass(slots=True)
class Part:
    """A unit's forms as the job made them, given in input order. `errors` are the file's: unreadable, no form, an
    internal error (entries of the audit report's summary.errors; `internal` marks an internal error)."""

    path: Path
    first: int  # the number of its first form in its file
    items: list[Any] = field(default_factory=list)
    summary: Any = None
    errors: list[dict[str, Any]] = field(default_factory=list)
    size: int = 0  # bytes of input it covers


def default_jobs(files: list[Path]) -> int:
    """--jobs when not given: every core this process may use for a large batch (by its work, `work`), one process
    otherwise; never more processes than units of work (files, or pieces of a big text file)."""
    works = [work(p) for p in files]
    if sum(works) < LARGE_BATCH_BYTES:
        return 1
    if len(files) >= cores():
        return cores()
    from jixiao.parse import pieces as cutter

    # about how many units the files make: a text file in pieces gives one a PIECE_BYTES (and more near its end)
    units = sum(max(1, w // cutter.PIECE_BYTES) if w and cutter.in_pieces(p) else 1 for p, w in zip(files, works))
    return min(cores(), units)


def work(path: Path) -> int:
    """The work of reading `path`, as the bytes of a text export that take as long (WORK_PER_BYTE); 0 for what is not
    a regular file (its error is reported when its turn comes)."""
    try:
        st = path.stat()
    except OSError:
        return 0
    return st.st_size * _per_byte(path) if stat.S_ISREG(st.st_mode) else 0


def _per_byte(path: Path) -> int:
    return WORK_PER_BYTE.get(path.suffix.lower(), 1)


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def settle_gc() -> None:
    """Garbage collection for a batch, set once for the whole run and not restored: what is alive when the batch
    starts (modules, the vocabulary, compiled patterns) is set aside so that no collection walks it again, and the
    young generation is collected less often. A unit's records hold no reference cycles (reference counting frees
    them), so collections find little; with the default thresholds they ran thousands of times. Only in a process
    of jixiao's own (the `jixiao` command, a worker): a program that calls the commands in its own process (the
    tests) keeps its collector as it set it."""
    if own_process:
        gc.freeze()
        gc.set_threshold(50_000, 20, 20)


own_process = False  # set by jixiao.cli.main, the `jixiao` command


# ---------------------------------------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------------------------------------

class _Unit(NamedTuple):
    path: Path
    piece: Piece | None  # None: the whole file
    last: bool  # the file's last unit
    year: int | None = None  # the file's common budget year (a piece read again), when `settled`
    settled: bool = False
    seen: dict[int, int] | None = None  # the budget years the file's pieces read before it (how many of each)
    alone: bool = False  # a piece read on its own whatever it holds (parts of its file are out): never `whole`

    @property
    def size(self) -> int:
        if self.piece is not None:
            return self.piece.end - self.piece.start
        try:
            return self.path.stat().st_size
        except OSError:
            return 0


@dataclass(slots=True)
class _Done:
    """What a worker sends back for a unit."""

    items: list[Any] = field(default_factory=list)
    summary: Any = None
    errors: list[dict[str, Any]] = field(default_factory=list)
    forms: int = 0
    years: list[int] = field(default_factory=list)  # a piece: the budget years its target forms read themselves
    guess: int | None = None  # a piece: the year it gave its target forms that read none
    yearless: bool = False  # a piece has such forms
    whole: bool = False  # a piece that cannot be read alone: read the file whole


def run(files: list[Path], job: Job, jobs: int = 1, pieces: bool = True,
        progress: Callable[[int], None] | None = None) -> Iterator[Part]:
    """Every file's forms through `job`, a part per file or piece, in input order. A file that is not a regular file
    (input_problem) gives a part with its error only. `pieces`: big text files are read in pieces (the job's items
    must then pickle); `progress` is told the work of each unit done (bytes, weighted as `work` weighs them)."""
    with _executor(job, jobs) as pool:
        ahead = _AHEAD * jobs if jobs > 1 else 1
        pending: deque[tuple[_Unit | Part, Future[_Done] | None]] = deque()
        units = _units(files, pieces)
        held: _Held | None = None
        while True:
            while len(pending) < ahead:
                unit = next(units, None)
                if unit is None:
                    break
                if isinstance(unit, _Unit) and unit.piece is not None and held is not None and held.path == unit.path:
                    unit = unit._replace(seen=dict(held.counts))  # for its guess of the file's year
                pending.append((unit, pool.submit(_run, unit) if isinstance(unit, _Unit) else None))
            if not pending:
                break
            unit, future = pending.popleft()
            if isinstance(unit, Part):  # an input that could not be read
                yield unit
                continue
            assert future is not None
            done = _result(future, unit)
            if progress is not None:
                progress(unit.size * _per_byte(unit.path))
            if unit.piece is None:
                yield _part(unit.path, 0, done, unit.size)
                continue
            held = held or _Held(unit.path)
            yield from held.add(unit, done, pool)
            if unit.last:
                yield from held.finish(pool)
                held = None


def _units(files: list[Path], pieces: bool) -> Iterator[_Unit | Part]:
    from jixiao.parse import pieces as cutter

    for p in files:
        problem = input_problem(p)
        if problem:
            yield Part(p, 0, errors=[{"source": str(p), "line": None, "message": problem}])
        elif pieces and cutter.in_pieces(p, cutter.PIECE_BYTES):
            previous: Piece | None = None
            for piece in cutter.cut(p, cutter.PIECE_BYTES):
                if previous is not None:
                    yield _Unit(p, previous, False)
                previous = piece
            assert previous is not None
            yield _Unit(p, previous, True)
        else:
            yield _Unit(p, None, True)


def _part(path: Path, first: int, done: _Done, size: int) -> Part:
    return Part(path, first, done.items, done.summary, done.errors, size)


def _result(future: Future[_Done], unit: _Unit) -> _Done:
    try:
        return future.result()
    except BrokenProcessPool as exc:  # a worker died (killed, out of memory): this unit is lost, say so
        return _Done(errors=[_internal(exc, unit.path)])


class _Held:
    """The units of a file read in pieces: each given out as a part once nothing still to come can change it, the
    rest kept in a temporary file until the last is in (see the module's docstring)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.waiting: list[tuple[_Unit, int, bool, int | None]] = []  # (unit, where in the spill, yearless, guess)
        self.spill: Any = None  # a temporary file, from the first unit that waits
        self.out = 0  # units given out
        self.first = 0  # the number of the next form given out
        self.years: list[int] = []
        self.counts: Counter[int] = Counter()  # of `years`
        self.forms = 0
        self.whole = False

    def add(self, unit: _Unit, done: _Done, pool: Any) -> Iterator[Part]:
        """The parts that `unit` (the file's next) lets out."""
        if done.whole and self.out:  # parts are out: this piece cannot send the file to be read whole any more
            done = _result(pool.submit(_run, unit._replace(alone=True)), unit)
        self.years.extend(done.years)
        self.counts.update(done.years)
        self.forms += done.forms
        self.whole = self.whole or done.whole
        # a part is final once the file has a form (else the whole-file reader says it has none) and its forms need
        # no year of the file's (a piece whose forms lack one waits for the file's common year, and so do those after)
        if not self.waiting and self.forms and not self.whole and not done.yearless:
            yield self._give(unit, done)
            return
        if self.spill is None:
            self.spill = tempfile.TemporaryFile()
        self.waiting.append((unit, self.spill.tell(), done.yearless, done.guess))
        pickle.dump(done, self.spill, pickle.HIGHEST_PROTOCOL)
        if self.forms and not self.whole and not any(yearless for _, _, yearless, _ in self.waiting):
            yield from self._release({})

    def finish(self, pool: Any) -> Iterator[Part]:
        """The parts still waiting, the pieces that guessed the budget year wrong read again."""
        from jixiao.parse.target import common_budget_year

        try:
            if self.whole or not self.forms:  # a piece not readable alone, or no form: as a small file is read
                assert not self.out  # (a piece after parts were out was read alone)
                unit = self.waiting[0][0]
                size = sum(u.size for u, _, _, _ in self.waiting)
                yield _part(self.path, 0, _result(pool.submit(_run, _Unit(self.path, None, True)), unit), size)
                return
            common = common_budget_year(self.years)
            yield from self._release({k: pool.submit(_run, u._replace(year=common, settled=True))
                                      for k, (u, _, yearless, guess) in enumerate(self.waiting)
                                      if yearless and guess != common})
        finally:
            if self.spill is not None:
                self.spill.close()

    def _release(self, again: dict[int, Future[_Done]]) -> Iterator[Part]:
        """Every waiting unit's part, in order; those in `again` as read again."""
        if not self.waiting:
            return
        for k, (unit, at, _, _) in enumerate(self.waiting):
            self.spill.seek(at)
            done: _Done = pickle.load(self.spill)
            yield self._give(unit, _result(again[k], unit) if k in again else done)
        self.waiting.clear()
        self.spill.seek(0)
        self.spill.truncate()

    def _give(self, unit: _Unit, done: _Done) -> Part:
        part = _part(self.path, self.first, done, unit.size)
        self.first += done.forms
        self.out += 1
        return part


# ---------------------------------------------------------------------------------------------------------
# Workers
# ---------------------------------------------------------------------------------------------------------

_job: Job | None = None  # the job of this process's run


def _run(unit: _Unit) -> _Done:
    from jixiao.model import ReadIssue
    from jixiao.parse import ParseError, parse_path, parse_piece
    from jixiao.parse.pieces import read_piece
    from jixiao.parse.target import give_budget_year

    assert _job is not None
    try:
        if unit.piece is None:
            result = parse_path(unit.path)
            items, summary = _job.forms(result.forms)
            return _Done(items, summary, [{"source": e.source, "line": e.line, "message": e.message}
                                          for e in result.errors], len(result.forms))
        issues: list[ReadIssue] = []
        try:
            text = read_piece(unit.path, unit.piece, issues if unit.alone else None)
        except UnicodeDecodeError:
            return _Done(whole=True)  # GBK, or a file cut inside a character: the whole-file reader decides
        forms = parse_piece(text, str(unit.path), unit.piece.first_line, issues)
        targets = [f for f in forms if f.kind == "target"]
        years = [f.budget_year for f in targets if f.budget_year]
        common = unit.year if unit.settled else _guess(years, unit.seen)
        give_budget_year(targets, common)
        items, summary = _job.forms(forms)
        return _Done(items, summary, [], len(forms), years, common, len(years) < len(targets))
    except Exception as exc:  # noqa: BLE001 - one file's defect must not lose the other files' findings
        if unit.piece is not None and not unit.alone:
            return _Done(whole=True)  # read whole, as one file is: its error (if it has one) is then reported
        if unit.piece is not None and isinstance(exc, ParseError):  # a piece read alone is no text (decode)
            return _Done(errors=[{"source": exc.source, "line": exc.line or unit.piece.first_line,
                                  "message": exc.message}])
        if errors.debug():
            errors.report_internal(exc, where=str(unit.path))
        error = _internal(exc, unit.path)
        if unit.piece is not None:
            error["line"] = unit.piece.first_line  # the piece's forms are lost, the file's others stand
        return _Done(errors=[error])


def _guess(years: list[int], seen: dict[int, int] | None) -> int | None:
    """The file's common budget year as far as a piece can tell: the year most of its forms, and of the pieces read
    before it, read themselves."""
    if not seen:
        from jixiao.parse.target import common_budget_year

        return common_budget_year(years)
    counts = Counter(seen)
    counts.update(years)
    return max(counts, key=counts.__getitem__)


def _internal(exc: BaseException, path: Path) -> dict[str, Any]:
    return {"source": str(path), "line": None, "message": errors.internal_error_message(exc), "internal": True}


def _start_worker(job: Job, debug: bool) -> None:
    global _job, own_process
    _job = job
    own_process = True
    errors.set_debug(debug)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the pool
    settle_gc()


class _Now:
    """An executor that runs each unit in this process when its result is asked for (one process: no pool)."""

    def submit(self, fn: Callable[[_Unit], _Done], unit: _Unit) -> Future[_Done]:
        future: Future[_Done] = _Later(fn, unit)
        return future


class _Later(Future):  # type: ignore[type-arg]
    def __init__(self, fn: Callable[[_Unit], _Done], unit: _Unit) -> None:
        super().__init__()
        self._work = (fn, unit)

    def result(self, timeout: float | None = None) -> _Done:
        if not self.done():
            fn, unit = self._work
            self.set_result(fn(unit))
        return super().result(timeout)


class _executor:
    """A process pool of `jobs` workers, or `_Now` for one."""

    def __init__(self, job: Job, jobs: int) -> None:
        self.job, self.jobs = job, jobs
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Any:
        global _job
        if self.jobs <= 1:
            _job = self.job
            return _Now()
        # fork: a worker starts with everything this process has imported and read (vocabulary, rules, caches);
        # so `_run`'s reader is imported here, once, and not again in each worker on its first unit
        import jixiao.parse.target  # noqa: F401

        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        self.pool = ProcessPoolExecutor(self.jobs, mp_context=context, initializer=_start_worker,
                                        initargs=(self.job, errors.debug()))
        return self.pool

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        global _job
        _job = None
        if self.pool is None:
            return
        if kind is not None:  # an error or Ctrl-C: the units in flight are not wanted either
            for process in list((getattr(self.pool, "_processes", None) or {}).values()):
                process.terminate()
        self.pool.shutdown(wait=kind is None, cancel_futures=True)
