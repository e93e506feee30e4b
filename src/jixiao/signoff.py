"""Sign-off: a reviewer signs a form file once no unwaived error remains; the record goes to a SQLite ledger.

Nothing is signed unread. A form the reader doubts (`Form.doubted`: read issues, unreadable self-evaluation values)
or from which it read no indicator cannot be signed, waivers or not: what was not read was not reviewed.

What is hashed: a sign-off covers the file's bytes (`file_sha256`) and the parsed record (`content_sha256`: the SHA-256
of a canonical JSON of the *parsed forms*, every field, keys sorted, without `source` and `index`). `verify` says
"unchanged" only for the bytes that were signed (a moved or renamed copy verifies; a newer parser reading the same
bytes a little differently does not matter). Bytes that changed while the parsed record did not (an edit inside
`<…>`, which the reader drops; a re-save) are a change too: the signed document is not the one on disk.

The ledger is append-only and checks itself. A header row (`ledger_head`) holds the number of records and a
running hash (each record's `chain` is the SHA-256 of the previous record's chain and the record itself), and every
open compares them with the records: a ledger cut short, emptied, a record edited or removed, or another file put in
its place is an error (exit 2), never a fresh start. A zero-byte ledger file is such an error too; a new ledger is
made complete in a temp file and linked into place, so a ledger on disk is never empty. The sign-off message shows
the record count and the chain hash, so a rollback to an older copy can be told by comparing them with a note.
It runs in WAL mode and every write is one `BEGIN IMMEDIATE` transaction with a busy timeout, so reviewers signing at
the same moment wait for each other instead of corrupting the file.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import os
import sqlite3
import tempfile
import time
import tomllib
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jixiao import __version__
from jixiao.check import audit_form
from jixiao.check.config import CheckConfig, Waiver
from jixiao.model import Finding, Form
from jixiao.parse import parse_path

DEFAULT_LEDGER = "jixiao-ledger.sqlite"
HASH_METHOD = "sha256(canonical JSON of parsed forms, without source/index)"
BUSY_TIMEOUT_S = 60.0
SCHEMA_VERSION = 2  # 2: ledger_head and the running hash (chain); a version 1 ledger is upgraded on its next sign-off
_SCHEMA = """
CREATE TABLE IF NOT EXISTS ledger_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    ledger_id TEXT NOT NULL,
    created TEXT NOT NULL,
    records INTEGER NOT NULL,
    chain TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS signoffs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    signed_at TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    file TEXT NOT NULL,
    file_name TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    content_sha256 TEXT NOT NULL,
    hash_method TEXT NOT NULL,
    forms_json TEXT NOT NULL,
    findings_json TEXT NOT NULL,
    waivers_json TEXT NOT NULL,
    errors INTEGER NOT NULL,
    warnings INTEGER NOT NULL,
    infos INTEGER NOT NULL,
    waived INTEGER NOT NULL,
    os_user TEXT,
    jixiao_version TEXT,
    chain TEXT
);
CREATE INDEX IF NOT EXISTS signoffs_content ON signoffs (content_sha256);
CREATE INDEX IF NOT EXISTS signoffs_file ON signoffs (file_sha256);
"""


class SignoffError(Exception):
    """Input that cannot be signed or verified (unreadable file, bad ledger); the message is Chinese."""


class LedgerError(SignoffError):
    """The ledger is not what the ledger's own header says: cut short, emptied, edited or replaced."""


class Unread(SignoffError):
    """A form of the file was not read whole (the reader doubts it, or read no indicator): it cannot be signed."""


# ---------------------------------------------------------------------------------------------------------
# Hashes
# ---------------------------------------------------------------------------------------------------------

def canonical_json(form: Form) -> str:
    data = form.model_dump(mode="json", exclude={"source", "index"})
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def form_hash(form: Form) -> str:
    return hashlib.sha256(canonical_json(form).encode("utf-8")).hexdigest()


def content_hash(forms: list[Form]) -> str:
    """SHA-256 over the forms' canonical JSON, in file order."""
    h = hashlib.sha256()
    for form in forms:
        h.update(canonical_json(form).encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _file_hash_checked(path: Path) -> str:
    from jixiao.io import input_problem

    problem = input_problem(path)
    if problem:
        raise SignoffError(f"{path}: {problem}")
    try:
        return file_hash(path)
    except OSError as exc:
        raise SignoffError(f"{path}: 无法读取文件：{exc.strerror or exc}") from exc


def form_key(form: Form) -> str:
    """How a form is named in messages and matched between versions of a file."""
    return form.project_code or form.project_name or f"第{form.index + 1}张表"


# ---------------------------------------------------------------------------------------------------------
# Review: parse + audit with waivers
# ---------------------------------------------------------------------------------------------------------

@dataclass
class FormReview:
    form: Form
    findings: list[Finding]  # every finding; waived ones carry the waiver's reason in `waived`

    @property
    def open_errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error" and not f.waived]


@dataclass
class Review:
    path: Path
    file_sha256: str
    forms: list[FormReview]
    waivers: list[Waiver] = field(default_factory=list)

    @property
    def content_sha256(self) -> str:
        return content_hash([r.form for r in self.forms])

    @property
    def open_errors(self) -> list[tuple[Form, Finding]]:
        return [(r.form, f) for r in self.forms for f in r.open_errors]

    @property
    def used_waivers(self) -> list[Waiver]:
        return [w for w in self.waivers if any(w.matches(r.form, f) for r in self.forms for f in r.findings)]

    @property
    def unused_waivers(self) -> list[Waiver]:
        used = self.used_waivers
        return [w for w in self.waivers if w not in used]


def read_forms(path: Path) -> list[Form]:
    """The forms of a file; any parse error makes it unsignable (one cannot sign what was not read)."""
    if not path.is_file():
        raise SignoffError(f"{path}: 文件不存在")
    result = parse_path(path)
    if result.errors:
        raise SignoffError("\n".join(str(e) for e in result.errors))
    if not result.forms:
        raise SignoffError(f"{path}: 未找到任何表单")
    return result.forms


def review_file(path: str | Path, config: CheckConfig | None = None) -> Review:
    """Parse and audit a file; findings a waiver covers are kept, marked with the waiver's reason. The bytes hashed
    are the bytes parsed: a file changed while it was read is an error."""
    p = Path(path)
    config = config or CheckConfig()
    before = _file_hash_checked(p)
    forms = read_forms(p)
    if _file_hash_checked(p) != before:
        raise SignoffError(f"{p}: 文件在读取期间被改动，请等文件保存完毕后重新签核")
    unwaived = CheckConfig(select=config.select, ignore=config.ignore, severities=config.severities,
                           options=config.options, origin=config.origin)
    reviews = []
    for form in forms:
        marked = []
        for f in audit_form(form, unwaived):
            hit = config.waived(form, [f])  # [copy with the waiver's reason] or []
            marked.append(hit[0] if hit else f)
        reviews.append(FormReview(form, marked))
    return Review(p, before, reviews, list(config.waivers))


# ---------------------------------------------------------------------------------------------------------
# Ledger
# ---------------------------------------------------------------------------------------------------------

@dataclass
class Record:
    id: int
    signed_at: str
    reviewer: str
    file: str
    file_name: str
    file_sha256: str
    content_sha256: str
    hash_method: str
    forms: list[dict[str, Any]]
    findings: list[dict[str, Any]]
    waivers: list[dict[str, Any]]
    errors: int
    warnings: int
    infos: int
    waived: int
    os_user: str | None
    jixiao_version: str | None


@dataclass
class Head:
    """The ledger's header row: its identity, and the count and running hash of its records."""

    ledger_id: str
    created: str
    records: int
    chain: str


def _chain_start(ledger_id: str) -> str:
    return hashlib.sha256(f"jixiao-ledger:{ledger_id}".encode("utf-8")).hexdigest()


def _chain_next(previous: str, row: dict[str, Any]) -> str:
    """The running hash after `row` (every column but `chain`, the id included)."""
    body = json.dumps({k: v for k, v in row.items() if k != "chain"}, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))
    return hashlib.sha256(f"{previous}\n{body}".encode("utf-8")).hexdigest()


class Ledger:
    def __init__(self, path: str | Path):
        self.path = Path(path)

    # -- opening -------------------------------------------------------------------------------------------

    def _check_file(self) -> None:
        """What can be told before SQLite opens the file (which reads a zero-byte file as an empty database)."""
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return
        except OSError as exc:
            raise SignoffError(f"{self.path}: 无法打开签核台账：{exc.strerror or exc}") from exc
        if os.path.isdir(self.path):
            raise SignoffError(f"{self.path}: 签核台账路径是一个文件夹")
        if not os.path.isfile(self.path):
            raise SignoffError(f"{self.path}: 签核台账不是普通文件（命名管道、设备或套接字），无法使用")
        if st.st_size == 0:
            raise LedgerError(f"{self.path}: 签核台账是空文件（0 字节），可能已被截断或清空；请从备份恢复。"
                              "确认要重新开始一本台账时，先删除（或改名保存）该文件再签核")

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        self._check_file()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise SignoffError(f"{self.path}: 无法打开签核台账：{exc}") from exc
        try:
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            self._enable_wal(conn)
            yield conn
        except sqlite3.DatabaseError as exc:
            raise SignoffError(f"{self.path}: 签核台账无法读写（不是 SQLite 文件或已损坏）：{exc}") from exc
        finally:
            conn.close()

    @staticmethod
    def _enable_wal(conn: sqlite3.Connection) -> None:
        """Switch to WAL. While another process creates or converts the file, SQLite answers `database is locked`
        at once, without its busy handler: wait and try again (the mode is persistent, so this is first-use only)."""
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        delay = 0.01
        while True:
            try:
                conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 0.5)

    @staticmethod
    def _ensure_schema(conn: sqlite3.Connection) -> None:
        # statement by statement: executescript() would commit the caller's transaction
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _create(self) -> None:
        """A new, complete ledger (schema and header) made in a temp file and linked into place: whoever comes
        first makes it, and no process ever sees the ledger's path as an empty file."""
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".new", dir=folder)
            os.close(fd)
        except OSError as exc:
            raise SignoffError(f"{self.path}: 无法创建签核台账：{exc.strerror or exc}") from exc
        try:
            conn = sqlite3.connect(tmp, isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("BEGIN IMMEDIATE")
                self._ensure_schema(conn)
                ledger_id = uuid.uuid4().hex
                conn.execute("INSERT INTO ledger_head (id, ledger_id, created, records, chain) VALUES (1, ?, ?, 0, ?)",
                             (ledger_id, _now(), _chain_start(ledger_id)))
                conn.execute("COMMIT")
            finally:
                conn.close()
            try:
                os.link(tmp, self.path)
            except FileExistsError:
                pass  # another reviewer made it first: theirs is the ledger
            except OSError:  # a file system without hard links
                if not self.path.exists():
                    os.replace(tmp, self.path)
        except (OSError, sqlite3.Error) as exc:
            raise SignoffError(f"{self.path}: 无法创建签核台账：{exc}") from exc
        finally:
            for leftover in (tmp, tmp + "-wal", tmp + "-shm"):
                try:
                    os.unlink(leftover)
                except OSError:
                    pass

    # -- the header and the running hash -------------------------------------------------------------------

    @staticmethod
    def _tables(conn: sqlite3.Connection) -> set[str]:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}

    def _head(self, conn: sqlite3.Connection) -> Head | None:
        """The header row, checked against the records; None for a version 1 ledger (no header yet).
        Raises LedgerError when the records are not what the header says."""
        tables = self._tables(conn)
        if "ledger_head" not in tables:
            if "signoffs" in tables:
                return None
            raise LedgerError(f"{self.path}: 不是 jixiao 签核台账（没有台账头和签核记录表），可能已被替换；"
                              "请从备份恢复，或用 --ledger 指定正确的台账")
        row = conn.execute("SELECT ledger_id, created, records, chain FROM ledger_head WHERE id = 1").fetchone()
        if row is None:
            raise LedgerError(f"{self.path}: 签核台账的台账头已被删除：无法确认记录是否完整；请从备份恢复")
        head = Head(row["ledger_id"], row["created"], int(row["records"]), row["chain"])
        self._verify_chain(conn, head)
        return head

    def _verify_chain(self, conn: sqlite3.Connection, head: Head) -> None:
        rows = [dict(r) for r in conn.execute("SELECT * FROM signoffs ORDER BY id")]
        if len(rows) < head.records:
            raise LedgerError(f"{self.path}: 签核台账已被截断：台账头记载 {head.records} 条签核，实际只有 {len(rows)} 条；"
                              "请从备份恢复")
        if len(rows) > head.records:
            raise LedgerError(f"{self.path}: 签核台账中有台账头之外的记录（记载 {head.records} 条，实际 {len(rows)} 条），"
                              "可能被改动；请从备份恢复")
        chain = _chain_start(head.ledger_id)
        for n, r in enumerate(rows, 1):
            chain = _chain_next(chain, r)
            if r.get("chain") != chain:
                raise LedgerError(f"{self.path}: 签核台账第 {n} 条记录（记录号 {r['id']}）与链式哈希不符：记录被改动、"
                                  "删除或替换；请从备份恢复")
        if chain != head.chain:
            raise LedgerError(f"{self.path}: 签核台账的记录与台账头的链式哈希不符：台账可能被替换；请从备份恢复")

    def _upgrade(self, conn: sqlite3.Connection) -> Head:
        """A version 1 ledger (records, no header): chain its records as they are and add the header."""
        columns = {r[1] for r in conn.execute("PRAGMA table_info(signoffs)")}
        if "chain" not in columns:
            conn.execute("ALTER TABLE signoffs ADD COLUMN chain TEXT")
        self._ensure_schema(conn)
        ledger_id = uuid.uuid4().hex
        chain = _chain_start(ledger_id)
        count = 0
        for r in [dict(x) for x in conn.execute("SELECT * FROM signoffs ORDER BY id")]:
            chain = _chain_next(chain, r)
            conn.execute("UPDATE signoffs SET chain = ? WHERE id = ?", (chain, r["id"]))
            count += 1
        conn.execute("INSERT INTO ledger_head (id, ledger_id, created, records, chain) VALUES (1, ?, ?, ?, ?)",
                     (ledger_id, _now(), count, chain))
        return Head(ledger_id, _now(), count, chain)

    # -- reading and writing -------------------------------------------------------------------------------

    def append(self, values: dict[str, Any]) -> int:
        """Insert one record in its own immediate transaction, after checking the ledger; returns its id."""
        if not self.path.exists():
            self._create()
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                head = self._head(conn) or self._upgrade(conn)
                cols = ", ".join(values)
                marks = ", ".join("?" for _ in values)
                cur = conn.execute(f"INSERT INTO signoffs ({cols}) VALUES ({marks})", list(values.values()))
                record_id = int(cur.lastrowid or 0)
                row = dict(conn.execute("SELECT * FROM signoffs WHERE id = ?", (record_id,)).fetchone())
                chain = _chain_next(head.chain, row)
                conn.execute("UPDATE signoffs SET chain = ? WHERE id = ?", (chain, record_id))
                conn.execute("UPDATE ledger_head SET records = ?, chain = ? WHERE id = 1", (head.records + 1, chain))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            return record_id

    def head(self) -> Head | None:
        """The checked header (None: no ledger yet, or a version 1 ledger not yet upgraded)."""
        if not self.path.exists() and not self.path.is_symlink():
            return None
        with self._connect() as conn:
            conn.execute("BEGIN")
            try:
                return self._head(conn)
            finally:
                conn.execute("COMMIT")

    def records(self) -> list[Record]:
        if not self.path.exists() and not self.path.is_symlink():
            return []
        with self._connect() as conn:
            conn.execute("BEGIN")  # one snapshot: the header and the records it is checked against
            try:
                head = self._head(conn)
                if head is None and "signoffs" not in self._tables(conn):
                    return []
                rows = conn.execute("SELECT * FROM signoffs ORDER BY id").fetchall()
            finally:
                conn.execute("COMMIT")
        out = []
        for r in rows:
            d = dict(r)
            d.pop("chain", None)
            for key in ("forms", "findings", "waivers"):
                d[key] = json.loads(d.pop(f"{key}_json"))
            out.append(Record(**d))
        return out

    def integrity(self) -> str:
        with self._connect() as conn:
            return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def _now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def ledger_path(explicit: Path | None, config: CheckConfig | None) -> Path:
    """--ledger, else `ledger` in [tool.jixiao] (relative to that file's folder), else ./jixiao-ledger.sqlite."""
    if explicit is not None:
        return explicit
    origin = config.origin if config else None
    if origin:
        from jixiao.check.config import ConfigError, read_config_text

        try:
            data = tomllib.loads(read_config_text(Path(origin)))
        except (ConfigError, tomllib.TOMLDecodeError):
            data = {}  # load_config read this file already: it reports what is wrong with it
        table = data.get("tool", {}).get("jixiao", {} if Path(origin).name == "pyproject.toml" else data)
        if isinstance(table.get("ledger"), str):
            p = Path(table["ledger"]).expanduser()
            return p if p.is_absolute() else Path(origin).parent / p
    return Path.cwd() / DEFAULT_LEDGER


# ---------------------------------------------------------------------------------------------------------
# Sign and verify
# ---------------------------------------------------------------------------------------------------------

class Refused(Exception):
    """Open errors remain: the review that refused, for the message."""

    def __init__(self, review: Review):
        self.review = review
        super().__init__(f"{review.path}: 仍有 {len(review.open_errors)} 个未豁免的错误，不能签核")


def unread_reasons(form: Form) -> list[str]:
    """Why a form was not read whole (Chinese; empty when it was): the form is `doubted` (the contract the reader
    fills: its read issues, values of a self-evaluation it could not read), or no indicator was read at all from a
    target form or a self-evaluation."""
    out = []
    if form.doubted:
        for issue in form.read_issues:
            where = f"第 {issue.line} 行" if issue.line else ""
            where += f"（{issue.cell}）" if issue.cell else ""
            out.append(f"{where}{'：' if where else ''}{issue.message}")
        out += [str(x) for x in getattr(form, "unreadable", None) or []]
        if not out:
            out.append("解析器对读取结果存疑")
    if form.kind in ("target", "self_evaluation") and not form.indicators:
        out.append("没有读出任何指标")
    return out


def sign(review: Review, reviewer: str, ledger: Ledger) -> int:
    """Append a sign-off record. Raises Unread when a form was not read whole (Form.doubted, or no indicator),
    Refused while unwaived errors remain. Returns the record id."""
    if not reviewer.strip():
        raise SignoffError("审核人姓名不能为空（--reviewer）")
    unread = [(r.form, why) for r in review.forms if (why := unread_reasons(r.form))]
    if unread:
        detail = "；".join(f"表单 {form_key(f)}：{'，'.join(why)}" for f, why in unread)
        raise Unread(f"{review.path}: 拒绝签核：解析器没有完整读取表单，未读到的内容无法审核（{detail}）。"
                     "请改正文件或换用可读的版式后重新签核；豁免不能代替读取")
    if review.open_errors:
        raise Refused(review)
    findings = [dict(f.model_dump(mode="json", exclude_none=True), form=form_key(r.form))
                for r in review.forms for f in r.findings]
    sev = [f["severity"] for f in findings if not f.get("waived")]
    try:
        os_user: str | None = getpass.getuser()
    except (KeyError, OSError):
        os_user = None
    return ledger.append({
        "signed_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "reviewer": reviewer.strip(),
        "file": str(review.path.resolve()),
        "file_name": review.path.name,
        "file_sha256": review.file_sha256,
        "content_sha256": review.content_sha256,
        "hash_method": HASH_METHOD,
        "forms_json": json.dumps([{"index": r.form.index, "key": form_key(r.form), "project_code": r.form.project_code,
                                   "project_name": r.form.project_name, "sha256": form_hash(r.form)}
                                  for r in review.forms], ensure_ascii=False),
        "findings_json": json.dumps(findings, ensure_ascii=False),
        "waivers_json": json.dumps([w.model_dump(exclude_none=True) for w in review.used_waivers], ensure_ascii=False),
        "errors": sev.count("error"),
        "warnings": sev.count("warning"),
        "infos": sev.count("info"),
        "waived": sum(1 for f in findings if f.get("waived")),
        "os_user": os_user,
        "jixiao_version": __version__,
    })


@dataclass
class Verification:
    status: str  # unchanged | changed | never_signed
    record: Record | None = None  # the matching record (unchanged) or the latest one of this file (changed)
    changed_forms: list[str] = field(default_factory=list)
    added_forms: list[str] = field(default_factory=list)
    removed_forms: list[str] = field(default_factory=list)
    bytes_only: bool = False  # changed: the bytes differ from every signed version, the parsed forms do not

    @property
    def ok(self) -> bool:
        return self.status == "unchanged"


def verify(path: str | Path, ledger: Ledger) -> Verification:
    """Whether the file is exactly what was signed: its bytes. Bytes that changed while the parsed forms did not
    (an edit the reader does not read) are `changed` with `bytes_only`."""
    p = Path(path)
    raw = _file_hash_checked(p)
    forms = read_forms(p)
    content = content_hash(forms)
    records = ledger.records()
    for rec in reversed(records):
        if rec.file_sha256 == raw:
            return Verification("unchanged", rec)
    same_content = [r for r in records if r.content_sha256 == content]
    if same_content:
        return Verification("changed", same_content[-1], bytes_only=True)
    resolved = str(p.resolve())
    same_file = [r for r in records if r.file == resolved] or [r for r in records if r.file_name == p.name]
    if not same_file:
        return Verification("never_signed")
    last = same_file[-1]
    signed = {f["key"]: f["sha256"] for f in last.forms}
    now = {form_key(f): form_hash(f) for f in forms}
    return Verification(
        "changed", last,
        changed_forms=[k for k in now if k in signed and signed[k] != now[k]],
        added_forms=[k for k in now if k not in signed],
        removed_forms=[k for k in signed if k not in now],
    )


__all__ = ["DEFAULT_LEDGER", "FormReview", "Head", "Ledger", "LedgerError", "Record", "Refused", "Review",
           "SignoffError", "Unread", "Verification", "content_hash", "form_hash", "ledger_path", "review_file", "sign",
           "unread_reasons", "verify"]
