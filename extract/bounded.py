"""Bounded work: articles are read in a child process that is stopped at the time budget.

A hostile or pathological file can make a parser or the extractor run for minutes; a
thread cannot be stopped, a process can. The child is forked, so it starts with the
extractor already loaded; it is not spawned, because a spawned child re-runs the parent's
main script, and under Streamlit that is the page itself. CPython re-creates its own locks
in a forked child, and the child only reads files and runs the extractor before it exits.

One child reads a whole batch and hands back each article as it finishes, so the fork
is paid once per batch; each article has its own budget. When one runs over (or the child
dies), that article alone is refused and a fresh child takes the rest. The child's memory
is capped too, so a file that would need gigabytes fails alone.

A pool's worker (a process started for one run's work) keeps its child from one batch to
the next, up to ``KEPT_ITEMS`` articles: a fork and a fresh heap cost 15-25 ms of CPU per
batch, 0.15-0.2 s of a 5 MB corpus. A process that lives on (the command line's serial
run, the dashboard) forks a child per batch, which so never runs older code or settings.

Where a process may not have children (a daemonic Dask worker), the work runs in place
and only the decoder's own limits apply.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import resource
from collections.abc import Callable, Iterable, Iterator, Sequence
from multiprocessing.connection import Connection
from typing import TypeVar

from extract.errors import InputError

Arg = TypeVar("Arg")
Result = TypeVar("Result")
_context = multiprocessing.get_context("fork")
KEPT_ITEMS = 256  # articles a kept child reads before a fresh one: its heap stays near its start


def _address_space() -> int:
    """This process's address space in bytes (Linux), 0 where it cannot be read."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _child(conn: Connection, fn: Callable, batches: Iterable[Sequence], memory: int) -> None:
    if memory and (base := _address_space()):
        # What the child may add to what it inherited from the parent.
        resource.setrlimit(resource.RLIMIT_AS, (base + memory, resource.RLIM_INFINITY))
    try:
        for args in batches:
            for arg in args:
                try:
                    conn.send((True, fn(arg)))
                except MemoryError:
                    conn.send((False, MemoryError()))
                    return  # the heap may be in pieces: a fresh child takes the rest
                except Exception as err:  # handed to the parent, which raises it there
                    conn.send((False, err))
    finally:
        conn.close()


def _received(tasks: Connection, theirs: Connection) -> Iterator[Sequence]:
    """The batches a kept child is sent, until its parent closes the pipe or dies."""
    theirs.close()  # the parent's end, inherited by the fork: else the pipe would never end
    try:
        while True:
            yield tasks.recv()
    except EOFError:
        return


class _Reader:
    """A forked child reading ``args`` given at the fork, or, kept, every batch it is sent."""

    def __init__(self, fn: Callable, memory: int, args: Sequence | None) -> None:
        self.results, send = _context.Pipe(duplex=False)
        tasks, self.tasks = _context.Pipe(duplex=False) if args is None else (None, None)
        batches = [args] if args is not None else _received(tasks, self.tasks)
        self.process = _context.Process(
            target=_child, args=(send, fn, batches, memory), daemon=True
        )
        self.fn, self.memory, self.items = fn, memory, 0
        gc.freeze()  # the child's collector leaves the inherited objects (and their pages) alone
        try:
            self.process.start()
        finally:
            gc.unfreeze()
        send.close()
        if tasks is not None:
            tasks.close()

    def serves(self, fn: Callable, memory: int) -> bool:
        """Whether this kept child may read another batch of ``fn``."""
        same = (self.fn, self.memory) == (fn, memory)
        return same and self.items < KEPT_ITEMS and self.process.is_alive()

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.results.close()
        if self.tasks is not None:
            self.tasks.close()


_kept: list[_Reader] = []  # this pool worker's child, between batches


def _reader(fn: Callable, memory: int, args: Sequence) -> _Reader:
    """A child reading ``args``: this worker's kept one, a new kept one, or one for them alone."""
    if multiprocessing.parent_process() is None:
        return _Reader(fn, memory, args)  # a process that lives on: a child per batch
    kept = _kept.pop() if _kept else None
    if kept is not None and not kept.serves(fn, memory):
        kept.stop()
        kept = None
    kept = kept or _Reader(fn, memory, None)
    kept.tasks.send(args)
    kept.items += len(args)
    return kept


def _release(reader: _Reader, whole: bool) -> None:
    """Keep a kept child that answered its whole batch; stop any other."""
    if whole and reader.tasks is not None:
        _kept.append(reader)
    else:
        reader.stop()


def call_many(
    fn: Callable[[Arg], Result],
    args: Sequence[Arg],
    names: Sequence[str],
    seconds: float,
    memory: int,
) -> Iterator[Result | InputError]:
    """``fn`` over ``args`` in child processes, in order: each result, or an InputError naming
    the item when it ran out of time (``too_slow``) or memory (``too_large``). Exceptions
    other than InputError raised by ``fn`` are raised here."""
    if multiprocessing.current_process().daemon:
        for arg in args:
            yield _in_place(fn, arg)
        return
    start = 0
    while start < len(args):
        reader, whole = _reader(fn, memory, args[start:]), False
        try:
            while start < len(args):
                outcome = _next(reader.results, names[start], seconds, memory)
                start += 1
                yield outcome
                if isinstance(outcome, InputError) and outcome.reason_key in _FATAL:
                    break  # that child is gone or stopped: a fresh one takes the rest
            else:
                whole = True
        finally:
            _release(reader, whole)  # cut off (an error raised, the caller gone): stopped


_FATAL = ("too_slow", "reader_died", "too_much_memory")


def _next(receive: Connection, name: str, seconds: float, memory: int) -> object:
    if not receive.poll(seconds):
        return InputError(name, f"reading it took longer than the {seconds:g} s limit", "too_slow")
    try:
        ok, value = receive.recv()
    except EOFError:  # the child died without a word: killed by the kernel, or crashed
        reason = "the reader stopped without an answer (out of memory, or a crash)"
        return InputError(name, reason, "reader_died")
    if ok or isinstance(value, InputError):
        return value
    if isinstance(value, MemoryError):
        limit = f"{memory / 2**20:.0f} MB"
        reason = f"reading it needs more than the {limit} memory limit"
        return InputError(name, reason, "too_much_memory")
    raise value


def _in_place(fn: Callable[[Arg], Result], arg: Arg) -> Result | InputError:
    try:
        return fn(arg)
    except InputError as err:
        return err


def call(fn: Callable[[Arg], Result], arg: Arg, name: str, seconds: float, memory: int) -> Result:
    """``fn(arg)`` in a child process; raises the InputError when it could not finish."""
    (outcome,) = call_many(fn, [arg], [name], seconds, memory)
    if isinstance(outcome, InputError):
        raise outcome
    return outcome
