"""The reader's error: input it cannot read at all. Its own module, so the source readers and the layout readers
import it without importing each other."""

from __future__ import annotations


class ParseError(Exception):
    """Unreadable input. `str()` is the Chinese message with file and line (or sheet!cell)."""

    def __init__(self, source: str, message: str, line: int | None = None):
        self.source, self.message, self.line = source, message, line
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {message}")
