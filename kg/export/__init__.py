"""Exporters: the only modules besides the CLI that write files.

Every file is written atomically (a temporary file in the same folder, then a rename), so
a crash or Ctrl-C leaves the old file or the new one, never a truncated one. Inside
:func:`replace_together`, the files written are renamed into place together at the end of the
block, once every one of them is complete: a failure while writing any of them (a full disk)
replaces none. :func:`staged` writes files in full and leaves them beside their targets, for
another process (the client of a cluster build) to rename together with its own: :func:`adopt`.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import BinaryIO, Iterator

__all__ = ["write_atomic", "atomic_output", "replace_together", "staged", "adopt"]

_TOGETHER: ContextVar[list[tuple[str, Path]] | None] = ContextVar("kg_replace_together", default=None)


@contextmanager
def replace_together() -> Iterator[None]:
    """Files that :func:`atomic_output` writes inside the block replace their targets at its end,
    all of them, or, if the block fails, none (their temporary files are removed)."""
    with staged() as pending:
        yield
    for tmp, target in pending:
        os.replace(tmp, target)


@contextmanager
def staged() -> Iterator[list[tuple[str, Path]]]:
    """Files that :func:`atomic_output` writes inside the block are written in full to temporary
    files beside their targets and left there, unrenamed: the block gives the (temporary file,
    target) pairs, for :func:`adopt` to rename later, perhaps in another process. If the block
    fails, the temporary files are removed."""
    pending: list[tuple[str, Path]] = []
    token = _TOGETHER.set(pending)
    try:
        yield pending
    except BaseException:
        for tmp, _ in pending:
            _unlink(tmp)
        raise
    finally:
        _TOGETHER.reset(token)


def adopt(files: list[tuple[str, Path]]) -> None:
    """Rename :func:`staged` files onto their targets: inside :func:`replace_together`, with the
    block's own files at its end (or, if it fails, not at all: they are removed); else now."""
    together = _TOGETHER.get()
    if together is not None:
        together.extend((str(tmp), Path(target)) for tmp, target in files)
        return
    for tmp, target in files:
        os.replace(tmp, target)


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


@contextmanager
def atomic_output(path: str | os.PathLike) -> Iterator[BinaryIO]:
    """A binary file handle whose content replaces ``path`` only when the block succeeds (or, inside
    :func:`replace_together`, when that block does). An error while writing names ``path``, not
    the temporary file."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        together = _TOGETHER.get()
        if together is not None:
            together.append((tmp, target))
        else:
            os.replace(tmp, target)
    except OSError as exc:
        _unlink(tmp)
        if exc.filename == tmp or exc.filename is None:
            raise OSError(exc.errno, exc.strerror or str(exc), str(target)) from exc
        raise
    except BaseException:
        _unlink(tmp)
        raise


def write_atomic(path: str | os.PathLike, data: bytes) -> Path:
    with atomic_output(path) as handle:
        handle.write(data)
    return Path(path)
