"""File output that never loses data: atomic writes, and never over an input file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class OutputError(Exception):
    pass


def write_atomic(path: str | Path, data: str | bytes, inputs: list[Path] | None = None) -> None:
    """Write to a temp file in the same folder, then rename over `path`; refuse to overwrite an input file."""
    p = Path(path)
    for i in inputs or []:
        try:
            if p.exists() and p.resolve() == Path(i).resolve():
                raise OutputError(f"{p}: 输出文件与输入文件相同，拒绝覆盖输入")
        except OSError:
            continue
    p.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; outputs are for colleagues too
        os.replace(tmp, p)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
