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

Where a process may not have children (a daemonic Dask worker), the work runs in place
and only the decoder's own limits apply.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import resource
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection
from typing import TypeVar

from extract.errors import InputError

Arg = TypeVar("Arg")
Result = TypeVar("Result")
_context = multiprocessing.get_context("fork")


def _address_space() -> int:
    """This process's address space in bytes (Linux), 0 where it cannot be read."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _child(conn: Connection, fn: Callable, args: Sequence, memory: int) -> None:
    if memory and (base := _address_space()):
        # What the child may add to what it inherited from the parent.
        resource.setrlimit(resource.RLIMIT_AS, (base + memory, resource.RLIM_INFINITY))
    try:
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
        receive, send = _context.Pipe(duplex=False)
        child = _context.Process(target=_child, args=(send, fn, args[start:], memory), daemon=True)
        gc.freeze()  # the child's collector leaves the inherited objects (and their pages) alone
        try:
            child.start()
        finally:
            gc.unfreeze()
        send.close()
        try:
            while start < len(args):
                outcome = _next(receive, names[start], seconds, memory)
                start += 1
                yield outcome
                if isinstance(outcome, InputError) and outcome.reason_key in _FATAL:
                    break  # that child is gone or stopped: a fresh one takes the rest
        finally:
            if child.is_alive():
                child.kill()
            child.join()
            receive.close()


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
