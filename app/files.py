"""Writing a file so that readers see the old one or the new one, never half of either."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def atomic_write(
    path: Path,
    data: bytes,
    prefix: str = ".",
    suffix: str = ".tmp",
    check: Callable[[Path], object] | None = None,
    mode: int | None = None,
) -> object:
    """Write beside the target, fsync, `check` the written file, then rename it into place.

    Returns what `check` returned. The temporary file is removed if anything fails, so an
    interrupted write leaves only the old file (and prune clears any crash leftovers)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        checked = check(Path(tmp)) if check else None
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
        return checked
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
