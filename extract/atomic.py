"""A folder replaced whole: built beside its target, swapped in by rename.

Safe when two runs write the same output folder at once (swaps take turns under a lock,
each with its own names, so neither fails with "Directory not empty"), and after a run was
killed (its staging folder is found and removed by the next run; a swap cut off halfway is
put back). The new folder gets the permissions the old one had, or the ones a plain
``mkdir`` would give, never the 0700 of a temporary folder.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

STALE_AFTER_S = 60  # a staging folder this old whose run holds no lock is left over


@contextlib.contextmanager
def locked(path: Path, purpose: str) -> Iterator[None]:
    """Take turns with every other process working on ``path`` for ``purpose``.

    The lock file lives in the system's temporary folder, named by the path, so the data
    folders hold nothing but data (flock, so SQLite's own fcntl locks are not disturbed).
    """
    digest = hashlib.sha1(str(Path(path).resolve()).encode()).hexdigest()[:12]
    lock = Path(tempfile.gettempdir()) / f"chuanyu-{purpose}-{digest}.lock"
    with open(lock, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _turn(out: Path) -> contextlib.AbstractContextManager[None]:
    return locked(out, "swap")


def _abandoned(folder: Path) -> bool:
    """Whether no live run holds ``folder`` (its lock can be taken) and it is not brand new."""
    try:
        if time.time() - folder.stat().st_mtime < STALE_AFTER_S:
            return False
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    finally:
        os.close(fd)  # closing releases the lock taken for the test
    return True


class StagingFolder:
    """A fresh folder beside ``out``, locked for as long as this object lives."""

    def __init__(self, out: Path) -> None:
        self.out = Path(out)
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.path = self.out.with_name(f".{self.out.name}-{uuid.uuid4().hex[:12]}")
        self.path.mkdir()  # the umask's mode, as any folder the user makes
        self._fd = os.open(self.path, os.O_RDONLY)
        fcntl.flock(self._fd, fcntl.LOCK_EX)  # a live run: no one cleans this away
        self._clean()

    def _clean(self) -> None:
        with _turn(self.out):  # no swap is under way: an "-old-" folder is a leftover
            olds = sorted(self.out.parent.glob(f".{self.out.name}-old-*"), key=os.path.getmtime)
            if olds and not self.out.exists():
                os.replace(olds.pop(), self.out)  # a swap cut off halfway: the old tables back
            for old in olds:
                shutil.rmtree(old, ignore_errors=True)
            for other in self.out.parent.glob(f".{self.out.name}-*"):
                if other != self.path and other.is_dir() and _abandoned(other):
                    shutil.rmtree(other, ignore_errors=True)

    def swap(self) -> None:
        """Put the staging folder in place of ``out`` in one rename (the old one goes)."""
        with _turn(self.out):
            if self.out.exists():
                os.chmod(self.path, self.out.stat().st_mode & 0o7777)
                old = self.out.with_name(f".{self.out.name}-old-{uuid.uuid4().hex[:12]}")
                os.replace(self.out, old)
                os.replace(self.path, self.out)
                shutil.rmtree(old, ignore_errors=True)
            else:
                os.replace(self.path, self.out)

    def close(self) -> None:
        """Release the lock; a staging folder not swapped in is removed."""
        shutil.rmtree(self.path, ignore_errors=True)
        os.close(self._fd)
