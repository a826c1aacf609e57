"""The one error type that bad input raises, so every caller can name the file and the reason."""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """An input file that cannot be read as an article.

    ``str(err)`` is ``"<file name>: <reason>"``; ``reason_key`` is a stable id
    (``empty``, ``binary``, ``too_large`` …) that the dashboard translates.
    """

    def __init__(self, path: str | Path, reason: str, reason_key: str = "unreadable") -> None:
        self.path = str(path)
        self.reason = reason
        self.reason_key = reason_key
        super().__init__(f"{Path(self.path).name}: {reason}")

    def __reduce__(self) -> tuple[type, tuple[str, str, str]]:
        # Raised in a worker or a bounded child, re-raised here: keep path, reason and key.
        return type(self), (self.path, self.reason, self.reason_key)
