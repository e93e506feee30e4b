"""`jixiao signoff`: sign a form file into the ledger, verify a file against it, list the ledger.

Exit codes: signing 0 signed, 1 refused (unwaived errors remain); --verify 0 unchanged since signed, 1 changed or
never signed; 2 usage error, unreadable input, a form not read whole (it cannot be signed), or a ledger that is not
what its header says (cut short, emptied, edited, replaced) in every mode; 4 internal error.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from jixiao.errors import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK
from jixiao.labels import SEVERITY_LABELS
from jixiao.messages import error, line, plain, stderr_console, stdout_console, warning

if TYPE_CHECKING:  # the rest is imported when the command runs
    from rich.console import Console

    from jixiao.signoff import Ledger


def _fail(err: Console, message: str) -> None:
    error(err, message)
    raise typer.Exit(EXIT_INPUT)


def register(app: typer.Typer) -> None:
    @app.command("signoff")
    def signoff_cmd(
        file: Path | None = typer.Argument(None, help="要签核（或 --verify 核对）的表单文件"),
        reviewer: str | None = typer.Option(None, "--reviewer", "-r", help="审核人姓名（签核时必填）"),
        waivers: Path | None = typer.Option(None, "--waivers", help="豁免文件（YAML/TOML：rule、indicator 或 field、reason）"),
        ledger: Path | None = typer.Option(None, "--ledger", help="签核台账（SQLite），默认 [tool.jixiao] ledger 或 ./jixiao-ledger.sqlite"),
        config: Path | None = typer.Option(None, "--config", help="配置文件（默认查找 jixiao.toml / pyproject.toml）"),
        verify_mode: bool = typer.Option(False, "--verify", help="核对文件自签核以来是否被修改"),
        list_mode: bool = typer.Option(False, "--list", help="列出签核台账（可指定文件只看该文件）"),
    ) -> None:
        """签核表单：仍有未豁免的错误时拒绝签核；通过后把内容哈希、问题、豁免理由、审核人和时间记入签核台账。"""
        from jixiao.check.config import ConfigError
        from jixiao.commands.audit import build_config
        from jixiao.signoff import Ledger, SignoffError, ledger_path

        err, out = stderr_console(), stdout_console()
        if verify_mode and list_mode:
            _fail(err, "--verify 与 --list 不能同时使用")
        try:
            cfg = build_config(config, None, None, waivers)
        except ConfigError as exc:
            _fail(err, str(exc))
        book = Ledger(ledger_path(ledger, cfg))
        try:
            if list_mode:
                _list(out, book, file)
            elif file is None:
                _fail(err, "请指定要签核的文件（或使用 --list 查看签核台账）")
            elif verify_mode:
                _verify(out, book, file)
            else:
                if not reviewer or not reviewer.strip():
                    _fail(err, "签核需要审核人姓名：--reviewer 姓名")
                _sign(out, err, book, file, reviewer or "", cfg)
        except SignoffError as exc:
            _fail(err, str(exc))


def _sign(out: Console, err: Console, book: Ledger, file: Path, reviewer: str, cfg) -> None:  # noqa: ANN001
    from jixiao.signoff import Refused, form_key, review_file, sign

    review = review_file(file, cfg)
    for w in review.unused_waivers:
        target = w.indicator or w.field or "（任意位置）"
        warning(err, f"豁免 {w.rule} {target} 没有匹配到任何问题")
    try:
        record_id = sign(review, reviewer, book)
    except Refused:
        errors = review.open_errors
        err.print(line("拒绝签核", "red", f"{file}：仍有 {len(errors)} 个未豁免的错误："))
        for form, f in errors:
            where = f"指标“{f.indicator}”" if f.indicator else f"字段“{f.field}”" if f.field else "整张表"
            at = f"第 {f.line} 行 " if f.line else ""
            plain(err, f"  · 表单 {form_key(form)} {at}[{f.rule}] {where}：{f.message}")
        plain(err, "请修正后重新签核，或在豁免文件中写明规则、指标（或字段）和理由，用 --waivers 传入。")
        raise typer.Exit(EXIT_FINDINGS)
    findings = [f for r in review.forms for f in r.findings]
    waived = [f for f in findings if f.waived]
    counts = "，".join(f"{SEVERITY_LABELS[s]} {sum(f.severity == s and not f.waived for f in findings)}"
                      for s in ("error", "warning", "info"))
    head = book.head()
    chain = f"；台账共 {head.records} 条，链哈希 {head.chain[:16]}…" if head else ""
    out.print(line("已签核", "green", f"{file}（{len(review.forms)} 张表单）审核人：{reviewer.strip()}；"
                                     f"记录号 {record_id}，台账 {book.path}{chain}"))
    plain(out, f"  文件哈希 {review.file_sha256[:16]}…；内容哈希 {review.content_sha256[:16]}…；"
               f"未豁免问题：{counts}；已豁免 {len(waived)} 个")
    for f in waived:
        by = f"（豁免人：{f.waived_by}）" if f.waived_by else ""
        plain(out, f"  · 豁免 [{f.rule}] {f.indicator or f.field or '整张表'}：{f.waived}{by}")


def _verify(out: Console, book: Ledger, file: Path) -> None:
    from jixiao.signoff import verify

    v = verify(file, book)
    if v.status == "unchanged":
        assert v.record is not None
        out.print(line("未修改", "green", f"{file} 与 {v.record.signed_at} 由 {v.record.reviewer} 签核的文件一致"
                                         f"（记录号 {v.record.id}）"))
        raise typer.Exit(EXIT_OK)
    if v.status == "never_signed":
        out.print(line("未签核", "red", f"{file} 在台账 {book.path} 中没有签核记录"))
        raise typer.Exit(EXIT_FINDINGS)
    assert v.record is not None
    if v.bytes_only:
        out.print(line("已修改", "red", f"{file} 的文件内容与 {v.record.signed_at} 由 {v.record.reviewer} 签核（记录号 "
                                       f"{v.record.id}）时不同，解析出的表单却相同：改动在解析器不读的部分（如 <…> 中的文字、"
                                       "格式或编码），请人工核对后重新签核"))
        raise typer.Exit(EXIT_FINDINGS)
    out.print(line("已修改", "red", f"{file} 自 {v.record.signed_at} 由 {v.record.reviewer} 签核（记录号 {v.record.id}）"
                                   f"以来内容已改变"))
    for label, keys in (("内容改变", v.changed_forms), ("新增表单", v.added_forms), ("删除表单", v.removed_forms)):
        if keys:
            plain(out, f"  {label}：{'、'.join(keys)}")
    raise typer.Exit(EXIT_FINDINGS)


def _list(out: Console, book: Ledger, file: Path | None) -> None:
    from rich.table import Table
    from rich.text import Text

    records = book.records()
    head = book.head()
    if file is not None:
        records = [r for r in records if r.file == str(file.resolve()) or r.file_name == file.name]
    if not records:
        plain(out, f"签核台账 {book.path} 中没有记录")
        return
    title = f"签核台账 {book.path}" + (f"（共 {head.records} 条，链哈希 {head.chain[:16]}…，已核对）" if head else "")
    t = Table(title=Text(title), title_justify="left")
    widths = {"记录号": 6, "签核时间": 16, "审核人": 6, "文件": 8, "表单": 4, "错/警/提": 8, "豁免": 4, "内容哈希": 12}
    for col, width in widths.items():
        t.add_column(col, min_width=width, overflow="fold")
    for r in records:
        t.add_row(*(Text(c) for c in (str(r.id), r.signed_at[:16].replace("T", " "), r.reviewer, r.file_name,
                                      str(len(r.forms)), f"{r.errors}/{r.warnings}/{r.infos}", str(r.waived),
                                      r.content_sha256[:12])))
    out.print(t)
