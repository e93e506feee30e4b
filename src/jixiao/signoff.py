"""Sign-off: a reviewer signs a form file once no unwaived error remains; the record goes to a SQLite ledger.

What is hashed: `content_sha256` is the SHA-256 of a canonical JSON of the *parsed forms* (every field of every
Form, keys sorted, without `source` and `index`, so a moved or renamed copy still verifies). `file_sha256` (the
file's bytes) is stored too: `verify` accepts a file whose bytes match a signed file even when a newer parser
reads it slightly differently.

The ledger is append-only. It runs in WAL mode and every write is one `BEGIN IMMEDIATE` transaction with a busy
timeout, so reviewers signing at the same moment wait for each other instead of corrupting the file.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import sqlite3
import time
import tomllib
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
SCHEMA_VERSION = 1
_SCHEMA = """
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
    jixiao_version TEXT
);
CREATE INDEX IF NOT EXISTS signoffs_content ON signoffs (content_sha256);
CREATE INDEX IF NOT EXISTS signoffs_file ON signoffs (file_sha256);
"""


class SignoffError(Exception):
    """Input that cannot be signed or verified (unreadable file, bad ledger); the message is Chinese."""


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
    """Parse and audit a file; findings a waiver covers are kept, marked with the waiver's reason."""
    p = Path(path)
    config = config or CheckConfig()
    forms = read_forms(p)
    unwaived = CheckConfig(select=config.select, ignore=config.ignore, severities=config.severities,
                           options=config.options, origin=config.origin)
    reviews = []
    for form in forms:
        marked = []
        for f in audit_form(form, unwaived):
            hit = config.waived(form, [f])  # [copy with the waiver's reason] or []
            marked.append(hit[0] if hit else f)
        reviews.append(FormReview(form, marked))
    return Review(p, file_hash(p), reviews, list(config.waivers))


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


class Ledger:
    def __init__(self, path: str | Path):
        self.path = Path(path)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        if self.path.exists() and self.path.is_dir():
            raise SignoffError(f"{self.path}: 签核台账路径是一个文件夹")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error as exc:
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

    def append(self, values: dict[str, Any]) -> int:
        """Insert one record in its own immediate transaction; returns its id."""
        cols = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                self._ensure_schema(conn)
                cur = conn.execute(f"INSERT INTO signoffs ({cols}) VALUES ({marks})", list(values.values()))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            return int(cur.lastrowid or 0)

    def records(self) -> list[Record]:
        if not self.path.exists():
            return []
        with self._connect() as conn:
            has = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='signoffs'").fetchone()
            if not has:
                return []
            rows = conn.execute("SELECT * FROM signoffs ORDER BY id").fetchall()
        out = []
        for r in rows:
            d = dict(r)
            for key in ("forms", "findings", "waivers"):
                d[key] = json.loads(d.pop(f"{key}_json"))
            out.append(Record(**d))
        return out

    def integrity(self) -> str:
        with self._connect() as conn:
            return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


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


def sign(review: Review, reviewer: str, ledger: Ledger) -> int:
    """Append a sign-off record; raises Refused while unwaived errors remain. Returns the record id."""
    if not reviewer.strip():
        raise SignoffError("审核人姓名不能为空（--reviewer）")
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

    @property
    def ok(self) -> bool:
        return self.status == "unchanged"


def verify(path: str | Path, ledger: Ledger) -> Verification:
    """Whether the file's forms are exactly what was signed (by content hash, or by identical file bytes)."""
    p = Path(path)
    forms = read_forms(p)
    content, raw = content_hash(forms), file_hash(p)
    records = ledger.records()
    for rec in reversed(records):
        if rec.content_sha256 == content or rec.file_sha256 == raw:
            return Verification("unchanged", rec)
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


__all__ = ["DEFAULT_LEDGER", "FormReview", "Ledger", "Record", "Refused", "Review", "SignoffError",
           "Verification", "content_hash", "form_hash", "ledger_path", "review_file", "sign", "verify"]
