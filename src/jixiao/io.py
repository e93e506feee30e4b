"""File output that never loses data: atomic writes, never over an input file, never over a special file.

`write_atomic(path, data)` writes a temp file in the target's folder, then renames it over the target, so a reader
never sees half a file and a crash or a full disk leaves the old file whole (the temp file is removed). What the
target is decides what happens:

- a regular file, or nothing yet: the atomic write; a symbolic link is followed (the link stays, its target gets
  the new content), an existing file keeps its permissions;
- a character device (/dev/null, /dev/stdout on a terminal): written to directly, never replaced (a rename over
  /dev/null run as root would replace the system's device with a regular file);
- a folder, a FIFO (/proc/self/fd/1 of a pipe), a socket, a block device: refused;
- a path under a file (`report.txt/out.json`), a folder that cannot be written, a full disk: refused or failed with a
  Chinese message naming the path.

Every failure is an `OutputError` with a Chinese message (the commands exit 2). `input_problem(path)` is the other
direction: why a file named as an input (a form, a waiver, a configuration) must not be read (a FIFO would block the
read for ever, /dev/zero never end).
"""

from __future__ import annotations

import io
import os
import stat
import sys
import tempfile
from pathlib import Path

from jixiao.errors import os_error_text

_REFUSED = ((stat.S_ISDIR, "是一个文件夹，请给出文件路径"), (stat.S_ISFIFO, "是命名管道（FIFO），拒绝写入；不写 -o 即输出到标准输出"),
            (stat.S_ISSOCK, "是套接字，拒绝写入"), (stat.S_ISBLK, "是块设备，拒绝写入"))


class OutputError(Exception):
    pass


# ---------------------------------------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------------------------------------

_KINDS = ((stat.S_ISFIFO, "命名管道"), (stat.S_ISSOCK, "套接字"), (stat.S_ISCHR, "字符设备"), (stat.S_ISBLK, "块设备"),
          (stat.S_ISDIR, "文件夹"))


def input_problem(p: Path, as_what: str | None = "表单") -> str | None:
    """Why a named input cannot be read (Chinese), checked before the reader opens it; None when it is a regular
    file. A FIFO would block the reader for ever and a device (/dev/zero) never end, so they are refused here.
    `as_what`: what the file was to be read as, for the message (None: the caller's message says it)."""
    try:
        st = p.stat()
    except FileNotFoundError:
        return "文件不存在"
    except NotADirectoryError:
        return "文件不存在（路径中有一级不是文件夹）"
    except PermissionError:
        return "没有权限访问该文件"
    except OSError as exc:
        return f"无法访问该文件：{os_error_text(exc)}"
    if stat.S_ISREG(st.st_mode):
        return None
    kind = next((name for test, name in _KINDS if test(st.st_mode)), "特殊文件")
    return f"不是普通文件（{kind}）" + (f"，无法作为{as_what}读取" if as_what else "")


# ---------------------------------------------------------------------------------------------------------
# Outputs
# ---------------------------------------------------------------------------------------------------------


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _file_ancestor(p: Path) -> Path | None:
    """The nearest existing ancestor of `p` that is not a folder (`a.txt` for `a.txt/b/out.json`), if any."""
    for parent in p.parents:
        try:
            st = parent.stat()
        except OSError:
            continue
        return None if stat.S_ISDIR(st.st_mode) else parent
    return None


def _check_target(p: Path, inputs: list[Path] | None) -> os.stat_result | None:
    """The target's stat (following links), None when it does not exist yet; OutputError when it must not be written."""
    for i in inputs or []:
        if _same_file(p, Path(i)):
            raise OutputError(f"{p}: 输出文件与输入文件相同，拒绝覆盖输入")
    try:
        st = p.stat()
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        ancestor = _file_ancestor(p)
        where = f"上级路径 {ancestor} 是文件，不是文件夹" if ancestor else "路径中有一级不是文件夹"
        raise OutputError(f"{p}: 无法写入：{where}") from None
    except OSError as exc:
        raise OutputError(f"{p}: 无法写入：{os_error_text(exc)}") from None
    for test, why in _REFUSED:
        if test(st.st_mode):
            raise OutputError(f"{p}: {why}")
    return st


def stdout_gone() -> None:
    """Stdout's reader has gone (a pipe closed early: `| head`): point stdout at the null device, so that the
    interpreter's last flush of what is still buffered does not fail again on the way out."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass  # not a real file (a test's captured stdout): nothing will flush to a pipe


class AtomicFile:
    """A file written piece by piece that appears whole or not at all (see the module's docstring): `write` as often as
    needed, then `commit` (the rename) or `discard`. Used as a context manager, it commits when the block ends
    normally and discards on an exception. Every check is made when it is opened, before anything is written."""

    def __init__(self, path: str | Path, inputs: list[Path] | None = None) -> None:
        self.path = p = Path(path)
        self._tmp: str | None = None
        st = _check_target(p, inputs)
        self._mode = stat.S_IMODE(st.st_mode) if st is not None else None  # an existing file keeps its permissions
        if st is not None and stat.S_ISCHR(st.st_mode):
            self._target = p
            try:
                self._fh = open(p, "wb")  # a device is written directly: nothing is renamed or removed
            except OSError as exc:
                raise OutputError(f"{p}: 写入设备失败：{os_error_text(exc)}") from None
            self._device = True
            return
        self._device = False
        self._target = target = Path(os.path.realpath(p)) if p.is_symlink() else p  # write through a link, keep it
        folder = target.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            ancestor = _file_ancestor(target) or folder
            raise OutputError(f"{p}: 无法写入：上级路径 {ancestor} 是文件，不是文件夹") from None
        except OSError as exc:
            raise OutputError(f"{p}: 无法创建文件夹 {folder}：{os_error_text(exc)}") from None
        try:
            fd, self._tmp = tempfile.mkstemp(prefix=f".{target.name[:100]}.", suffix=".tmp", dir=folder)
        except OSError as exc:
            raise OutputError(f"{p}: 无法在 {folder} 中写入：{os_error_text(exc)}") from None
        self._fh = os.fdopen(fd, "wb")

    def write(self, data: str | bytes) -> None:
        try:
            self._fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        except OSError as exc:
            self._fail(exc)

    def commit(self) -> None:
        try:
            self._fh.flush()
            if self._device:
                self._fh.close()
                return
            os.fsync(self._fh.fileno())
            self._fh.close()
            if self._mode is None:
                umask = os.umask(0)
                os.umask(umask)
                mode = 0o666 & ~umask  # mkstemp makes 0600; outputs are for colleagues too
            else:
                mode = self._mode
            assert self._tmp is not None
            os.chmod(self._tmp, mode)
            os.replace(self._tmp, self._target)
            self._tmp = None
        except OSError as exc:
            self._fail(exc)
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        """Remove the temp file (the target is left as it was)."""
        try:
            self._fh.close()
        except OSError:
            pass
        if self._tmp is not None:
            try:
                os.unlink(self._tmp)
            except OSError:
                pass
            self._tmp = None

    def _fail(self, exc: OSError) -> None:
        self.discard()
        if self._device:
            raise OutputError(f"{self.path}: 写入设备失败：{os_error_text(exc)}") from None
        raise OutputError(f"{self.path}: 写入失败：{os_error_text(exc)}（原文件未改动）") from None

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()


def write_atomic(path: str | Path, data: str | bytes, inputs: list[Path] | None = None) -> None:
    """Write `data` to `path` (see the module's docstring); refuse to overwrite an input file or a special file."""
    with AtomicFile(path, inputs) as out:
        out.write(data)
