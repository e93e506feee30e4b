"""The corpus of bad inputs, generated (no committed binaries): every file a hostile or unlucky user may hand to
`parse`, `audit` and `extract`, with what each command must do with it.

    .venv/bin/python tests/reliability/corpus.py OUT_DIR      # write the corpus to look at it by hand

`build(folder)` writes every case under `folder` and returns the `Case`s. Each case states the exit code of
`parse`, `audit` and `extract --llm never` when the case is named together with a clean form (the clean form must
still be read), and the message that must name the file (and its line or cell) on stderr. A case whose fix belongs
to the reader (src/jixiao/parse/, rebuilt by another developer) carries `reader`: the suite runs it as
`xfail(strict=True)`, so it fails loudly once the reader is fixed and the mark can go.
"""

from __future__ import annotations

import io
import os
import shutil
import socket
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CLEAN_NAME = "review_000_staff.txt"  # a futian6 target form with warnings only: audit exits 0
CLEAN_CODE = "44030422106150000025"
BIG = "9" * 320  # ≥ 309 digits: more than a float holds (1.8e308)


@dataclass
class Case:
    name: str  # path inside the corpus folder (file or folder)
    what: str  # one line, as in the table
    exits: dict[str, int | None]  # expected exit code per command: parse, audit, extract (None: the reader decides)
    message: str | None = None  # a regex that must match a stderr line; {path} is the case's path (escaped)
    forms: int | None = None  # forms `parse` reads from the case (None: not checked)
    json_has: list[str] = field(default_factory=list)  # texts the parse JSON must hold (read literally)
    doubted: bool | None = None  # every form read from the case has read_issues (Form.doubted)
    shown: list[str] = field(default_factory=list)  # texts the audit report and the parse table print as they are
    reader: str | None = None  # xfail reason: the fix belongs to the reader
    reader_commands: tuple[str, ...] = ("parse", "audit", "extract")  # the runs the reader's fix changes
    skip: str | None = None  # why the case cannot run here (e.g. root reads a chmod 000 folder)

    def path(self, root: Path) -> Path:
        return root / self.name


def clean_text() -> str:
    return (FIXTURES / CLEAN_NAME).read_text(encoding="utf-8")


def _with(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def _basis(text: str, basis: str) -> str:
    line = next(ln for ln in text.split("\n") if ln.startswith("测算依据"))
    return _with(text, line, "测算依据:\t" + basis + "\t\t\t\t")


def _rows(text: str) -> list[list[str]]:
    return [ln.split("\t") for ln in text.split("\n")]


def xlsx_bytes(text: str) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    for r, cells in enumerate(_rows(text), 1):
        for c, value in enumerate(cells, 1):
            if value:
                ws.cell(r, c, value).data_type = "s"  # text, as the budget system exports it
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def docx_bytes(text: str, table: bool = True) -> bytes:
    import docx

    document = docx.Document()
    rows = [r for r in _rows(text) if any(c.strip() for c in r)]
    if table:
        width = max(len(r) for r in rows)
        t = document.add_table(rows=len(rows), cols=width)
        for i, cells in enumerate(rows):
            for j, value in enumerate(cells):
                t.cell(i, j).text = value
    else:
        for cells in rows:
            document.add_paragraph(" ".join(c for c in cells if c))
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _replace_member(data: bytes, member: str, body: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, body if info.filename == member else src.read(info.filename))
    return out.getvalue()


def merged_header_xlsx(text: str, caption: str) -> bytes:
    """The clean form as a sheet whose indicator header row is one cell, `caption`, merged across the table."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(xlsx_bytes(text)))
    ws = wb.active
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "一级指标")
    for c in range(2, 7):
        ws.cell(header, c).value = None
    ws.cell(header, 1).value = caption
    ws.merge_cells(start_row=header, start_column=1, end_row=header, end_column=6)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------------------
# The cases
# ---------------------------------------------------------------------------------------------------------

ERR = r"^错误 {path}"  # the start of an error line naming the case's file

Builder = Callable[[Path], None]


def _cases() -> list[tuple[Case, Builder]]:
    text = clean_text()
    lines = text.split("\n")

    def ex(parse: int | None, audit: int | None, extract: int | None = None) -> dict[str, int | None]:
        return {"parse": parse, "audit": audit, "extract": parse if extract is None else extract}

    def write(data: bytes | str) -> Builder:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        return lambda p: p.write_bytes(raw)

    def folder(files: dict[str, bytes], mode: int | None = None) -> Builder:
        def make(p: Path) -> None:
            p.mkdir(parents=True)
            for name, data in files.items():
                (p / name).write_bytes(data)
            if mode is not None:
                p.chmod(mode)
        return make

    header_only = "\n".join(ln for ln in lines if not ln.startswith(("一级指标", "产出", "效益", "满意度", "\t")))
    good_xlsx = xlsx_bytes(text)
    good_docx = docx_bytes(text)
    utf8 = text.encode("utf-8")
    cut = utf8[: utf8.rindex("满意度".encode("utf-8")) + 1]  # ends inside 满's three bytes
    cut_line = cut.count(b"\n") + 1
    markup = _with(_with(text, CLEAN_CODE, "/"), "编外人员", "[/x] 编外[bold]人员[/]")
    markup = _with(markup, "发放劳务派遣工资人数", "[/red]发放劳务派遣工资人数[link=x]")
    control = _with(_with(text, "考察保障劳务派遣人员工资的数量情况。", "考察保障\x0c劳务派遣\x01人员\x1b[31m工资的数量情况。"),
                    "编外人员", "编外\x0b人员")
    formula = _with(_with(text, "考察劳务派遣人员工资发放及时性。", "=cmd|' /C calc'!A0"),
                    "考察本项目支出进度是否达标。计算方式=预算实际执行数/年度预算数。", '=HYPERLINK("http://evil.example/x","点击")')
    formula = _with(formula, "考察劳务派遣人员的满意度情况。", "+1+1")
    formula = _with(formula, "考察劳务派遣人员工资发放金额的准确性。", "@SUM(A1:A9)")

    cases: list[tuple[Case, Builder]] = [
        # -- text and JSON ---------------------------------------------------------------------------------
        (Case("empty.txt", "zero-byte text file", ex(2, 2), ERR + ": 文件为空$", 0), write(b"")),
        (Case("blank.txt", "whitespace only", ex(2, 2), ERR + ": 文件为空$", 0), write("  \n\t\n")),
        (Case("binary.txt", "binary bytes (NUL)", ex(2, 2), ERR + ": 不是文本文件", 0), write(bytes(range(256)) * 8)),
        (Case("image.png.txt", "a PNG named .txt", ex(2, 2), ERR + ": 不是文本文件", 0),
         write(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(512))),
        (Case("prose.txt", "Chinese prose, no form", ex(2, 2), ERR + ": 未找到任何绩效目标申报表", 0),
         write("这是一份工作总结。\n今年完成了很多工作。\n")),
        (Case("gbk.txt", "the form saved as GBK", ex(0, 0), None, 1, [CLEAN_CODE]), write(text.encode("gbk"))),
        (Case("bom_crlf.txt", "UTF-8 BOM and CRLF line ends", ex(0, 0), None, 1, [CLEAN_CODE]),
         write(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))),
        (Case("utf16.txt", "UTF-16 text (Excel's “Unicode text” export)", ex(0, 0), None, 1, [CLEAN_CODE]),
         write(text.encode("utf-16"))),
        # read up to the cut, the form doubted with a read issue naming the last line: audit reports it (JX001)
        (Case("cut.txt", "UTF-8 cut inside a multi-byte character", ex(0, 1), None, 1,
              [CLEAN_CODE, f"文件在第 {cut_line} 行末尾被截断"], doubted=True),
         write(cut)),
        (Case("deep.json", "JSON nested 100,000 deep", ex(2, 2), ERR + ": JSON 嵌套层数过多", 0),
         write("[" * 100_000 + "]" * 100_000)),
        (Case("broken.json", "invalid JSON", ex(2, 2), ERR + r":3: JSON 格式错误", 0), write('[\n {"kind":\n  ,]\n')),
        (Case("other.json", "JSON that is not a form", ex(2, 2), ERR + ": 不是 jixiao 表单 JSON", 0),
         write('{"name": "x", "kind": "nothing"}')),
        (Case("digits_basis.txt", "a run of 320 digits in 测算依据 (OverflowError)", ex(0, 0), None, 1, [CLEAN_CODE]),
         write(_basis(text, f"薪级工资{BIG}元，工会经费20.40万元，合计1175.4万元。"))),
        # an amount no float holds is unreadable (JX001, an error), never Infinity
        (Case("digits_amount.txt", "a 320-digit 本年度项目金额 (Infinity in JSON)", ex(0, 1), None, 1,
              ['"raw": "' + BIG + '"'], doubted=True),
         write(_with(text, "11754000", BIG))),
        (Case("digits_target.txt", "a 320-digit 指标值", ex(0, 0), None, 1, ["≥" + BIG + "人"]),
         write(_with(text, "≥62人", "≥" + BIG + "人"))),
        (Case("markup.txt", "rich markup in 项目编码 (/) and names ([/x], [bold])", ex(0, 0), None, 1,
              ["[/x] 编外[bold]人员[/]", "[/red]发放劳务派遣工资人数[link=x]"],
              shown=["[/x] 编外[bold]人员[/]", "[/red]发放劳务派遣工资人数[link=x]"]),
         write(markup)),
        (Case("control.txt", "form feed, ESC and other control characters in cells", ex(0, 0), None, 1),
         write(control)),
        (Case("formula.txt", "cells that Excel would run as formulas (=cmd|…, =HYPERLINK, +, @)", ex(0, 0), None, 1,
              ["=cmd|' /C calc'!A0", "=HYPERLINK("]),
         write(formula)),
        (Case("long_basis.txt", "a 2 MB line in 测算依据", ex(0, 0), None, 1),
         write(_basis(text, "按照68名劳派人员测算。" + "说明" * 1_000_000))),
        (Case("tabs.txt", "10,000 tabs in one row", ex(0, 0), None, 1),
         write(_with(text, "长期目标", "\t" * 10_000 + "\n长期目标"))),
        (Case("fifo.txt", "a named pipe (the reader would wait for ever)", ex(2, 2),
              ERR + r": 不是普通文件（命名管道），无法作为表单读取$", 0),
         lambda p: os.mkfifo(p)),
        (Case("socket.txt", "a Unix socket", ex(2, 2), ERR + r": 不是普通文件（套接字）", 0), _make_socket),
        (Case("loop.txt", "a symbolic link to itself", ex(2, 2), ERR + r": 无法访问该文件：符号链接循环", 0),
         lambda p: os.symlink(p.name, p)),
        (Case("missing.txt", "a path that does not exist", ex(2, 2), ERR + ": 文件不存在$", 0), lambda p: None),
        # -- Excel and Word --------------------------------------------------------------------------------
        (Case("good.xlsx", "the form as .xlsx (control)", ex(0, 0), None, 1, [CLEAN_CODE]), write(good_xlsx)),
        (Case("truncated.xlsx", "an .xlsx cut in half", ex(2, 2), ERR + ": 不是有效的 Excel", 0),
         write(good_xlsx[: len(good_xlsx) // 2])),
        (Case("text.xlsx", "a text file named .xlsx", ex(2, 2), ERR + ": 不是有效的 Excel", 0), write(text)),
        (Case("empty.xlsx", "a zero-byte .xlsx", ex(2, 2), ERR + ": 不是有效的 Excel", 0), write(b"")),
        (Case("badxml.xlsx", "malformed XML inside the .xlsx zip (XMLSyntaxError / ParseError)", ex(2, 2),
              ERR + r": Excel 文件无法读取", 0),
         write(_replace_member(good_xlsx, "xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row>"))),
        (Case("merged_names.xlsx", "an .xlsx whose header names are one cell merged across the table", ex(0, 0),
              None, 1, ["发放劳务派遣工资人数", "劳务派遣人员满意度"]),
         write(merged_header_xlsx(text, "一级指标 二级指标 三级指标 指标值 度量单位 指标解释"))),
        (Case("merged_header.xlsx", "an .xlsx whose header row is one caption merged across the table", ex(None, None),
              None, 1, doubted=True),
         write(merged_header_xlsx(text, "绩效指标"))),
        (Case("good.docx", "the form as .docx (control)", ex(0, 0), None, 1, [CLEAN_CODE]), write(good_docx)),
        (Case("truncated.docx", "a .docx cut in half", ex(2, 2), ERR + ": 不是有效的 Word", 0),
         write(good_docx[: len(good_docx) // 2])),
        (Case("badxml.docx", "malformed XML inside the .docx zip", ex(2, 2), ERR + r": 不是有效的 Word", 0),
         write(_replace_member(good_docx, "word/document.xml", b"<w:document><w:body><w:p>"))),
        (Case("notable.docx", "a .docx with no table (header paragraphs only)", ex(None, None), None, 1,
              doubted=True),
         write(docx_bytes(header_only, table=False))),
        # -- folders ---------------------------------------------------------------------------------------
        (Case("empty_dir", "an empty folder", ex(2, 2), ERR + ": 文件夹中没有", 0),
         folder({})),
        # PDFs are read (parse/sources/pdf.py): two that are no PDF are two errors naming each file
        (Case("pdf_dir", "a folder of broken PDFs only", ex(2, 2), ERR + "/a.pdf: 不是有效的 PDF", 0),
         folder({"a.pdf": b"%PDF-1.4\n%%EOF\n", "b.pdf": b"%PDF-1.7\n"})),
        (Case("locked_dir", "a folder that cannot be read (chmod 000)", ex(2, 2), ERR + ": 文件夹无法读取", 0,
              skip="root reads a chmod 000 folder" if hasattr(os, "geteuid") and os.geteuid() == 0 else None),
         folder({"a.txt": utf8}, mode=0)),
        (Case("[/x]", "a folder named [/x] holding a good form (markup in a path)", ex(0, 0), None, 1, [CLEAN_CODE],
              shown=["[/x]/a.txt"]),
         folder({"a.txt": utf8})),
    ]
    return cases


def _make_socket(p: Path) -> None:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.bind(str(p))
    finally:
        s.close()  # the socket file stays


def build(root: Path) -> list[Case]:
    """Write every case under `root` (created); returns the cases in order."""
    root.mkdir(parents=True, exist_ok=True)
    out = []
    for case, make in _cases():
        target = case.path(root)
        if target.is_symlink() or target.exists():
            if target.is_dir() and not target.is_symlink():
                target.chmod(0o755)
                shutil.rmtree(target)
            else:
                target.unlink()
        make(target)
        out.append(case)
    return out


def case_names() -> list[str]:
    return [c.name for c, _ in _cases()]


def clean_copy(root: Path) -> Path:
    """The clean form beside the corpus (the file every run names with a case, and must still read)."""
    p = root / "clean" / CLEAN_NAME
    p.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(FIXTURES / CLEAN_NAME, p)
    return p


if __name__ == "__main__":  # pragma: no cover
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "reliability-corpus")
    for c in build(out):
        print(f"{c.name:24} {c.what}" + (f"   [reader: {c.reader}]" if c.reader else ""))
