"""A bad input, or one read with a caveat: what every reader yields instead of raising."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import printable

__all__ = ["Problem", "warning"]


@dataclass(frozen=True)
class Problem:
    """A file or line that could not be read (``error``) or was read with a caveat (``warning``).

    ``skipped`` says whether the input produced no article: every error does, and so does a
    warning such as "empty, skipped". The CLI exits with 1 when any input was skipped.
    """

    message: str
    path: str
    line: int | None = None
    severity: str = "error"
    skipped: bool | None = None

    def __post_init__(self) -> None:
        if self.skipped is None:
            object.__setattr__(self, "skipped", self.severity == "error")
        object.__setattr__(self, "message", printable(self.message))  # it may quote a file name or a feed


def warning(message: str, path: str, line: int | None = None, skipped: bool = False) -> Problem:
    return Problem(message, path, line, "warning", skipped)
