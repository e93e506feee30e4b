"""Self-evaluation forms (绩效自评表), layout of the Longhua 2021 forms (../shared/seeds/004_*).

One project per `项目N:` line:

    项目名称 … 项目金额 …            header (labels may be split over cells: `项目名 称`)
    主管部门 … 实施单位 …
    年初预算数 全年预算数 全年执行数 分值 执行率 得分     money table header (gives the columns)
    年度资金总额 / 当年财政拨款 / 上年结转资金 / 其他资金    four money rows, in this order
    预期目标 … 实际完成情况 …        goal (split at the 实际完成 column)
    一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因…   indicator header
    indicator rows …
    总分 … 100 99.1                   total

The seed is OCR output, so the parser is tolerant where the meaning is certain and says "unreadable" where it is not:

- numbers with spaces (`9. 10`, `2377228. 79`) are read (values.to_float); `_`, `-`, `—` and blank cells are blank;
- a money cell that holds several numbers (`0.00 — 1.00 —`) is spread over the empty cells that follow it;
- a 二级 label printed on the middle row of a merged cell is found by looking at the nearest labelled row;
- a 三级 name wrapped over two rows (first row without values, same 分值/得分 repeated) is joined;
- anything else that is present but cannot be read is None and listed in `unreadable` with its line.
  A number is never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jixiao import vocab
from jixiao.model import Amount, FundRow, HeaderField, Indicator, Repair, SelfEvaluation, record
from jixiao.parse.forms import PROJECT_START, is_fund_header, title_kind
from jixiao.parse.rows import Row
from jixiao.values import clean_cell, format_number, label_and_value, parse_target, to_float, unit_in_label

LAYOUT = "selfeval_longhua"

_YEAR = re.compile(r"((?:19|20)\d{2})年")
_YEAR_ONLY = re.compile(r"^[(（]?((?:19|20)\d{2})年度?[)）]?$")
_BLANK_MARKS = {"", "_", "-", "—", "–", "——", "--", "/", "－", "__"}
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CJK_SPACE = re.compile(r"(?<=[\u4e00-\u9fff）)）,，、。;；:：%])\s+(?=[\u4e00-\u9fff（(])")
_WEIGHT_MARK = re.compile(r"[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")
_LEVEL2_CELL = re.compile(r"^(" + "|".join(vocab.SELFEVAL_LEVEL2_PRINTED) + r")(指标|指|标)?$")
_LEVEL1_CELL = re.compile(r"(" + "|".join(vocab.COMMON_LEVEL1 + tuple(vocab.LEVEL1_VARIANTS)) + r")指?标?")

# Money table: column headers in printed order, and the four rows in printed order with the words that name them.
FUND_COLUMNS = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
FUND_FIELDS = ("initial_budget", "budget", "spent", "weight", "rate", "score")
FUND_ROWS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("年度资金总额", re.compile(r"总额|年度资|资金总|合计|总计")),  # 项目资金合计: the sum of the rows under it
    ("当年财政拨款", re.compile(r"拨款|当年|其中")),
    ("上年结转资金", re.compile(r"结转|上年|上台|上生|转资")),
    ("其他资金", re.compile(r"其他")),
)
_SUBTOTAL = re.compile(r"^其中[:：]?")
_OUTLINE_HEADING = re.compile(r"^[一二三四五六七八九十]+[、.．][^\d]{2,12}$")  # 四、总体评价
# A money block's heading on a line of its own (一、预算执行情况), its label | value rows below
_BUDGET_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+[、.．])?(?:项目)?预算执行(?:情况)?$")
_SENTENCE = re.compile(r"[。，；,;]")  # a sentence's punctuation: text, not a heading (an OCR'd heading has stray digits)
_GOAL_WORDS = re.compile(r"目标|预期|际完成|完成情况|实际完")

# Indicator table: header words -> column role.
_IND_HEADER = (("二级指标", "level2"), ("三级指标", "name"), ("年度指标值", "target"), ("实际完成", "actual"),
               ("分值", "weight"), ("得分", "score"), ("偏差", "deviation"))
_IND_OFFSETS_DEFAULT = {"name": 1, "target": 2, "actual": 3, "weight": 4, "score": 5, "deviation": 6}


# ---------------------------------------------------------------------------------------------------------
# Cells
# ---------------------------------------------------------------------------------------------------------

def _text(cell: str | None) -> str:
    """Cell text with OCR line-wrap spaces between Chinese characters removed."""
    return _CJK_SPACE.sub("", clean_cell(cell))


def _nospace(cell: str | None) -> str:
    return re.sub(r"\s+", "", clean_cell(cell))


def _is_blank(cell: str | None) -> bool:
    return _nospace(cell) in _BLANK_MARKS


def _number(cell: str | None) -> tuple[float | None, str]:
    """(value, status): status is blank | ok | unreadable. A money cell may carry its unit (372.29万元): the number."""
    if _is_blank(cell):
        return None, "blank"
    text = clean_cell(cell)
    v = to_float(text)
    if v is None and (unit := vocab.MONEY_UNIT_AT_END.search(text)):
        v = to_float(text[:unit.start()])  # 372.29万元, 150万: the number, in the unit the table gives its amounts in
    return (v, "ok") if v is not None else (None, "unreadable")


# The labels of the other header fields (vocab): a cell that is one ends the value of the label before it
_OTHER_LABELS = frozenset({*(stem for stems in vocab.HEADER_LABELS.values() for stem in stems),
                           *vocab.OTHER_HEADER_LABELS})
# a table's unit, as a cell writes it in full (vocab.MONEY_UNIT_YUAN's units that end in 元)
_MONEY_UNIT = re.compile("(" + "|".join(sorted((u for u in vocab.MONEY_UNIT_YUAN if u.endswith("元")), key=len,
                                                reverse=True)) + ")$")


def _tokens(cell: str) -> list[str] | None:
    """Numbers run together in one cell (`0.00 — 1.00 —`), or None if the cell holds anything else."""
    parts: list[str] = []
    for p in clean_cell(cell).split():
        if parts and parts[-1].endswith(".") and p.isdigit():
            parts[-1] += p  # `12. 5` split by the OCR
        else:
            parts.append(p)
    if len(parts) < 2 or not all(p in _BLANK_MARKS or to_float(p) is not None for p in parts):
        return None
    return parts


def _aligned(r: Row, cols: list[int], gap: bool = False) -> list[int]:
    """The money columns of a row whose label takes the cell the header gives its first amount (a heading merged
    over the label column and the first money column): the columns one to the right, when that is where the
    amounts stand. `gap`: the header leaves a blank cell before its first money column (预算执行情况 | | 预算数(A) |…)
    that the rows do not (年度财政资金总额 | 34.64 | …): the columns one to the left, when the amounts stand there."""
    first = min(c for c in cols if c >= 0)
    if _number(_cell(r.cells, first))[1] == "unreadable" and _CJK.search(_cell(r.cells, first)):
        shifted = [c + 1 if c >= 0 else c for c in cols]
        if any(_number(_cell(r.cells, c))[1] == "ok" for c in shifted):
            return shifted
    last = max(cols)
    if gap and first >= 2 and _number(_cell(r.cells, first - 1))[1] == "ok" and not _cell(r.cells, last).strip():
        return [c - 1 if c >= 0 else c for c in cols]
    return cols


_POINTS_IN_LABEL = re.compile(r"[（(]\s*(?:分值|满分)?\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")  # (10分), （分值10分）


def _pairs_apart(cells: list[str]) -> list[str]:
    """A money column's label and its value written in one cell (年初预算数（元）：1,860,000) as two cells."""
    out: list[str] = []
    for c in cells:
        split = label_and_value(c)
        if split is not None and split[1] and vocab.fund_column(_nospace(split[0])) is not None:
            out += split
        else:
            out.append(c)
    return out


def _pairs_read(cells: list[str]) -> dict[str, float | None]:
    """The money columns a row writes as labels each followed by its value (执行率 | 98.00% | 分值 | 10 | 得分 | 9.8), by
    FundRow field; none when a label stands over a column, or a value does not read."""
    read: dict[str, float | None] = {}
    for i, cell in enumerate(cells):
        fld = vocab.fund_column(_nospace(cell)) if cell else None
        j = next((k for k in range(i + 1, len(cells)) if cells[k]), None)
        if fld is None or j is None or vocab.fund_column(_nospace(cells[j])):
            continue
        value, status = _fund_value(fld, cells[j])
        if status != "ok":
            return {}
        read[fld] = value
        points = _POINTS_IN_LABEL.search(cell) if fld == "score" else None
        if points is not None and "weight" not in read:
            read["weight"] = float(points.group(1))  # 预算执行得分（10分） | 10.24: the label gives the 分值
    return read


def _goal_side(cell: str) -> str | None:
    """Which text a goal cell writes after a label of its own (年度目标：… / 完成情况：…): "expected", "actual", or None
    (no such label)."""
    split = label_and_value(cell)
    if split is None or not split[1] or len(split[0]) > 10 or any(c.isdecimal() for c in split[0]):
        return None  # (目标1：… numbers an item of the goal, not the goal)
    label = _nospace(split[0])
    if vocab.GOAL_DONE_LABEL.search(label):
        return "actual"
    return "expected" if vocab.GOAL_EXPECTED_LABEL.search(label) else None


def _turned_fund_header(rows: list[Row], i: int) -> bool:
    """Row i heads a money block with a column per source and a row per money column (项目资金情况 | 资金总额 | 其中：
    中央资金 | …, then 年初预算数 | 600.00 | …): the national template's block, turned."""
    if i + 1 >= len(rows):
        return False
    cells = [clean_cell(c) for c in rows[i].cells if c.strip()]
    below = [clean_cell(c) for c in rows[i + 1].cells if c.strip()]
    return len(cells) >= 2 and len(below) >= 2 and vocab.is_fund_block_label(vocab.normalise_heading(cells[0])) \
        and vocab.fund_column(_nospace(below[0])) is not None and _number(below[1])[1] == "ok" \
        and not any(_number(c)[1] == "ok" or vocab.fund_column(_nospace(c)) for c in cells[1:])


def _opens_fund_pairs(r: Row) -> bool:
    """项目资金情况（万元） | 年初预算数 | 186.00: a money block's label, then a money column's label and its number."""
    cells = [clean_cell(c) for c in r.cells if c.strip()]
    # (cells after the number may say more: 预算调整说明 | 6月追加…)
    return len(cells) >= 3 and vocab.is_fund_block_label(vocab.normalise_heading(cells[0])) \
        and vocab.fund_column(_nospace(cells[1])) is not None \
        and _number(cells[2])[1] == "ok"


def _fund_value(fld: str, raw: str) -> tuple[float | None, str]:
    """A money-table cell's number (_number); 执行率 printed as 95% is the rate 0.95."""
    value, status = _number(raw)
    if fld == "rate" and status == "unreadable" and _nospace(raw).endswith(("%", "％")):
        value, status = _number(_nospace(raw)[:-1])
        value = round(value / 100, 6) if value is not None else None
    elif fld == "rate" and status == "ok" and value is not None and value > 2:
        value = round(value / 100, 6)  # 98 under 执行率（%）: a percentage (no budget is spent twice over)
    return value, status


def _cell(cells: list[str], i: int) -> str:
    return cells[i] if 0 <= i < len(cells) else ""


def _is_noise(cell: str) -> bool:
    """OCR debris: no Chinese character and no digit (`·`, `l`, `}`, `<u> </u>`)."""
    s = _nospace(cell)
    return not _CJK.search(s) and not re.search(r"\d", s)


def _missing(line: int, what: str, raw: str) -> str:
    raw = clean_cell(raw)
    if not raw or raw in _BLANK_MARKS:
        return f"第{line}行 {what}缺失或无法识别（空白）"
    return f"第{line}行 {what}无法识别（原文“{raw[:24]}”）"


# ---------------------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------------------

def parse_self_evaluations(rows: list[Row], source: str, index: int) -> list[SelfEvaluation]:
    """Every self-evaluation in a section, in order. One starts at a title (…绩效自评表), at `项目N:` (seed 004), or at a
    项目名称 row after the 总分 row of the one before."""
    starts: list[int] = []
    closed = True  # no form open, or the open one has reached its 总分 row
    for i, r in enumerate(rows):
        first = next((c.strip() for c in r.cells if c.strip()), "")
        if not first:
            continue
        if PROJECT_START.match(r.text) or title_kind(r.cells) == "self_evaluation":
            if not (starts and _only_titles(rows[starts[-1]:i])):
                starts.append(i)
            closed = False
        elif closed and _nospace(first).startswith(("项目名称", "项目支出名称")):
            starts.append(i)
            closed = False
        elif ("总分" in _nospace(first) and not _nospace(first).startswith("自评")) or "合计" == _nospace(first):
            closed = True  # the table's 总分 row (a 自评总分： label over the table is the header's, no end)
    if not starts:
        return []
    out: list[SelfEvaluation] = []
    for k, s in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(rows)
        out.append(_Project(rows[s:end], source, index + k).parse())
    return out


def _is_total_row(texts: list[str]) -> bool:
    """The filled cells `texts` (without spaces) are a table's 总分 row."""
    first = texts[0] if texts else ""
    return any(t in ("总分", "合计", "总计", "总分值") for t in texts) or first.startswith(("总分", "合计"))


def _only_titles(rows: list[Row]) -> bool:
    """The rows since the last start hold only titles and a year line (二级项目支出绩效自评表 / （2024年度））."""
    return all(title_kind(r.cells) is not None or PROJECT_START.match(r.text) or len(_nospace(r.text)) <= 12
               for r in rows if _nospace(r.text))


@dataclass
class _IndRow:
    row: Row
    pos: int  # column of the 二级 cell (or where it would be)
    level2: str | None
    level2_raw: str | None
    level1_text: str  # printed 一级 text in the cells before the 二级 column
    weight_mark: float | None  # (50分) printed in those cells
    satisfaction_level1: bool  # the 一级 cells name 满意度 itself
    cells: list[str] = field(default_factory=list)


class _Project:
    def __init__(self, rows: list[Row], source: str, index: int):
        m = PROJECT_START.match(rows[0].text)
        title: str | None = f"项目{m.group(1)}" if m else None
        skip = 1 if m else 0
        year: int | None = None
        for r in rows[:4]:  # the title lines: 项目支出绩效自评表 / （2024年度）
            text = _nospace(r.text)
            if title_kind(r.cells) == "self_evaluation":
                title = clean_cell(next(c for c in r.cells if c.strip()))
                skip = rows.index(r) + 1
                y = _YEAR.search(text)
                year = int(y.group(1)) if y else year
            elif skip and rows.index(r) == skip and (y := _YEAR_ONLY.match(text)):
                year = int(y.group(1))
                skip += 1
        self.rows = rows[skip:]
        self.fund_unit: str | None = None
        self.header_unit: str | None = None
        self.fund_gap = False  # the money table's header leaves a blank cell before its first money column
        self.form = SelfEvaluation(source=source, index=index, line=rows[0].line,
                                   layout=LAYOUT if m else "selfeval", title=title, budget_year=year,
                                   budget_year_source="header" if year else None, years=[year] if year else [])

    # ----- driver -------------------------------------------------------------------------------------
    def parse(self) -> SelfEvaluation:
        rows = self.rows
        longhua = self.form.layout == LAYOUT  # the OCR'd 项目N: layout of seed 004: read by its own tolerant rules
        fund_hdr = next((i for i, r in enumerate(rows) if self._is_fund_header(r) or _turned_fund_header(rows, i)), None)
        ind_hdr = next((i for i, r in enumerate(rows) if self._is_indicator_header(r, longhua)), None)
        head_end = fund_hdr if fund_hdr is not None else (ind_hdr if ind_hdr is not None else len(rows))
        if longhua:
            self._header(rows[:head_end])
        else:
            self._header_fields(rows[:head_end])
        goal_start = head_end
        if fund_hdr is not None:
            goal_start = self._funds(rows[fund_hdr], rows[fund_hdr + 1: ind_hdr if ind_hdr is not None else len(rows)])
            goal_start += fund_hdr + 1
        else:
            self.form.unreadable.append(f"第{self.form.line}行 未识别到项目资金表")
        if ind_hdr is not None:
            self._goal(rows[goal_start:ind_hdr])
            if longhua:
                self._indicators(rows[ind_hdr], rows[ind_hdr + 1:])
            else:
                self._table(rows, ind_hdr)
        else:
            self.form.unreadable.append(f"第{self.form.line}行 未识别到绩效指标表")
        self._annual_amount()
        self._grade(rows[head_end:])
        self._conclusion(rows[ind_hdr + 1:] if ind_hdr is not None else [])
        if not any(label in self.form.fields for label in vocab.FILING_DATE_LABELS):
            # the sign-off under the table (填报人：… 填报日期：2028年3月18日): when the form was filed
            self._labelled_field(rows[ind_hdr + 1:] if ind_hdr is not None else [], vocab.FILING_DATE_LABELS)
        return self.form

    def _conclusion(self, rows: list[Row]) -> None:
        """The conclusion a form writes under its table (自评结论：经自评… in one cell, or 自评结论 | 经自评…), kept as a
        field: what it says is checked against the table (JX818)."""
        self._labelled_field(rows, vocab.CONCLUSION_LABELS)

    def _grade(self, rows: list[Row]) -> None:
        """The grade a form gives itself under the table (自评得分 | 88.46 | 自评等级 | 优, or 自评等级：优 in one cell),
        kept as a field as the header's is."""
        if not any(label in self.form.fields for label in vocab.GRADE_LABELS):
            self._labelled_field(rows, vocab.GRADE_LABELS)

    def _labelled_field(self, rows: list[Row], labels: tuple[str, ...]) -> None:
        """The first of `labels` the rows print with a value, in the next filled cell or after its colon in its own
        cell, kept as a field under the label."""
        for r in rows:
            cells = [clean_cell(c) for c in r.cells]
            for i, cell in enumerate(cells):
                split = label_and_value(cell)
                if split is not None and _nospace(split[0]) in labels and split[1]:
                    label, printed, value = _nospace(split[0]), split[0], split[1]
                else:
                    label, printed = _nospace(cell).rstrip(":："), cell
                    value = next((c for c in cells[i + 1:] if c), "") if label in labels else ""
                if value:
                    self.form.fields[label] = HeaderField(label=printed, value=value, line=r.line, cell=r.ref(i))
                    return

    @staticmethod
    def _is_indicator_header(r: Row, longhua: bool) -> bool:
        if longhua:
            return "一级指标" in r.text and "三级指标" in _nospace(r.text)
        from jixiao.parse.columns import header_roles

        return header_roles([clean_cell(c) for c in r.cells]) is not None

    def _header_fields(self, rows: list[Row]) -> None:
        """The header of a self-evaluation in any layout: label/value pairs read as a target form's header is
        (vocab.HEADER_LABELS: 项目名称 / 专项名称, 主管部门 / 预算部门, 实施单位 …)."""
        from jixiao.parse.target import _Builder

        b = _Builder(self.form.source, self.form.index, self.form.line)
        for r in rows:
            b.header_row(r, [clean_cell(c) for c in r.cells])
        f = self.form
        f.fields = {name: HeaderField(**v) for name, v in b.fields.items()}
        f.project_name = b._text("项目名称")
        f.project_code = b._text("项目编码")
        f.department = b._text("一级预算单位")
        f.applicant = b._text("申请单位")
        f.total_amount = b.amounts.get("项目总金额")
        f.annual_amount = b.amounts.get("本年度项目金额")
        f.read_issues.extend(b.issues)
        self.header_unit = b.unit_context  # 资金单位 | 万元 in the header: the money table's unit when it prints none
        self._goal_columns(rows)

    def _goal_columns(self, rows: list[Row]) -> None:
        """A goal block in the header with two columns (项目年度目标 | 年度目标完成情况, 四川): what was planned under the
        first, what was done under the second; 年度目标 holds the plan only."""
        for k, r in enumerate(rows):
            cells = [_nospace(c) for c in r.cells]
            goal = next((i for i, c in enumerate(cells) if c.endswith("年度目标") or c == "预期目标"), None)
            done = next((i for i, c in enumerate(cells) if i > (goal or 0) and "完成情况" in c), None)
            if goal is None or done is None:
                continue
            expected: list[str] = []
            actual: list[str] = []
            for row in rows[k + 1:]:
                texts = [_text(c) for c in row.cells]
                if any(_nospace(c) and header_label_of(c) for c in texts[:goal]):
                    break  # the next labelled row
                expected.extend(c for c in texts[goal:done] if c)
                actual.extend(c for c in texts[done:] if c)
            if expected:
                self.form.goal_expected = "".join(expected)
                self.form.goal_actual = "".join(actual) or None
                self.form.goal_line = rows[k + 1].line if k + 1 < len(rows) else r.line
                hf = self.form.fields.get("年度目标")
                if hf is not None:
                    self.form.fields["年度目标"] = hf.model_copy(update={"value": self.form.goal_expected})
            return

    def _table(self, rows: list[Row], at: int) -> None:
        """The indicator table read as any indicator table is (parse.columns, parse.target): columns by heading, in
        any order (分值 before 年度指标值, 完成值, 权重, 未完成原因分析…); it ends at the 总分 / 合计 row."""
        from jixiao.parse.columns import plan_of
        from jixiao.parse.target import _Builder

        plan = plan_of(rows, at)
        if plan is None:
            self.form.unreadable.append(f"第{rows[at].line}行 绩效指标表表头无法识别")
            return
        b = _Builder(self.form.source, self.form.index, self.form.line)
        b.table_header(plan)
        total: Row | None = None
        body = rows[at + len(plan.lines):]
        for k, r in enumerate(body):
            texts = [_nospace(c) for c in r.cells if c.strip()]
            first = texts[0] if texts else ""
            if _is_total_row(texts):
                total = r
                break
            if first in ("评价结论", "自评结论", "其他需要说明事项"):
                # the table ends; its 总分 row may follow the note (其他需要说明事项 | 无, then 总分 | 100 | 98.68 | 优)
                total = next((x for x in body[k + 1:k + 4]
                              if _is_total_row([_nospace(c) for c in x.cells if c.strip()])), None)
                break
            if len(texts) == 1 and _OUTLINE_HEADING.match(first):
                continue  # 四、总体评价 over the 总分 row: a heading, no indicator
            if first.startswith("预算执行") and self._execution_row(r, plan.roles):
                continue  # 预算执行 | 预算执行率 | 100% | 95.60% | 10 | 9.56: the money's score, no indicator
            b.indicator_row(r, [clean_cell(c) for c in r.cells])
        f = self.form
        for d in b.indicators:
            ind = record(Indicator, d)
            f.indicators.append(ind)
            weight = _WEIGHT_MARK.search(ind.level1_raw or "")
            if weight and ind.level1 and ind.level1 not in f.level_weights:
                f.level_weights[ind.level1] = float(weight.group(1))
        f.repairs.extend(Repair(**r) for r in b.repairs)
        f.read_issues.extend(b.issues)
        printed = next((f.fields[k] for k in vocab.SELF_SCORE_LABELS if k in f.fields), None)
        if total is not None:
            self._total_by_plan(total, plan.roles)
        elif printed is not None and to_float(printed.value) is not None:
            f.total_score = to_float(printed.value)  # 自评总分 | 99.7 in the header; the table has no 总分 row
        else:
            f.unreadable.append(f"第{rows[-1].line}行 未识别到总分行")

    def _execution_row(self, r: Row, roles: list[str | None]) -> bool:
        """A row of the indicator table that scores the budget's execution (预算执行 | 预算执行率 | … | 10 | 9.56): its
        分值 and 得分 are the 年度资金总额's, when the money table prints none. Whether the row was so read."""
        total = next((fr for fr in self.form.funds if fr.label == FUND_ROWS[0][0]), None)
        cells = [clean_cell(c) for c in r.cells]
        read = {role: to_float(cells[k]) for k, role in enumerate(roles) if role in ("weight", "score") and k < len(cells)}
        if total is None or read.get("weight") is None or read.get("score") is None:
            return False
        total.weight = total.weight if total.weight is not None else read["weight"]
        total.score = total.score if total.score is not None else read["score"]
        return True

    def _total_by_plan(self, r: Row, roles: list[str | None]) -> None:
        """The 总分 row: its numbers under the 分值 and 得分 columns (or, printed elsewhere, the last two numbers)."""
        f = self.form
        f.total_line = r.line
        cells = [clean_cell(c) for c in r.cells]
        label_at = next((i for i, c in enumerate(cells) if _nospace(c) in ("总分", "合计", "总计", "总分值")), 0)
        w = _number(_cell(cells, roles.index("weight")))[0] if "weight" in roles else None
        sc = _number(_cell(cells, roles.index("score")))[0] if "score" in roles else None
        if w is None and sc is None or label_at > 0:
            # the numbers after the 总分 label (a row that prints other notes before it)
            nums = [v for v, st in (_number(c) for c in cells[label_at + 1:]) if st == "ok"]
            stated = _WEIGHT_MARK.search(cells[label_at]) if label_at < len(cells) else None
            if len(nums) >= 2:
                w, sc = nums[-2], nums[-1]
            elif len(nums) == 1 and stated:  # 总分(100分) | 100: the label states the points, the number is the score
                w, sc = float(stated.group(1)), nums[0]
            elif len(nums) == 1 and nums[0] != int(nums[0]):
                sc = nums[0]  # 总分 | 98.77: a fraction is a score (the points a form gives are whole)
            elif len(nums) == 1:
                f.unreadable.append(f"第{r.line}行 总分行只识别到一个数字（{nums[0]:g}），无法确定是分值还是得分")
                return
        f.total_weight, f.total_score = w, sc

    def _annual_amount(self) -> None:
        """This year's amount, when the header prints none: the 全年预算数 of the 年度资金总额 row (in the money
        table's unit)."""
        f = self.form
        f.fund_unit = self.fund_unit or self.header_unit
        total = next((r for r in f.funds if r.label == FUND_ROWS[0][0]), None)
        # the 全年预算数, else (a table that prints only 年初预算数, 北京 2016) the 年初预算数
        budget = None if total is None else total.budget if total.budget is not None else total.initial_budget
        if f.annual_amount is None and total is not None and budget is not None:
            unit = self.fund_unit or self.header_unit or "元"
            f.annual_amount = Amount(raw=format_number(budget), yuan=round(budget * vocab.MONEY_UNIT_YUAN[unit], 2),
                                     unit=unit, line=total.line)

    # ----- header -------------------------------------------------------------------------------------
    _LABELS = re.compile(r"(项目名\s*称|项目金\s*额|主管部\s*门|实施单\s*位)")

    def _header(self, rows: list[Row]) -> None:
        values: dict[str, list[str]] = {}
        lines: dict[str, int] = {}
        for r in rows:
            label = None
            for cell in r.cells:
                for part in self._LABELS.split(clean_cell(cell)):
                    if self._LABELS.fullmatch(part):
                        label = re.sub(r"\s+", "", part)
                        values.setdefault(label, [])
                        lines[label] = r.line
                    elif label is not None and part.strip():
                        if vocab.normalise_heading(part) in _OTHER_LABELS:
                            label = None  # another field's label (主管部门 |  | 财政处室 | …): the value has ended
                        else:
                            values[label].append(part.strip())
                if label is not None and not clean_cell(cell):
                    values[label].append("")  # keep cell boundaries for the amount
        f = self.form
        if "项目名称" in values:
            f.project_name = _nospace("".join(values["项目名称"])) or None
        if "主管部门" in values:
            f.department = _nospace("".join(values["主管部门"])) or None
        if "实施单位" in values:
            f.applicant = _nospace("".join(values["实施单位"])) or None
        if "项目金额" in values:
            raw, value = self._amount(values["项目金额"])
            line = lines["项目金额"]
            f.total_amount = Amount(raw=raw, yuan=value, unit="元", line=line)
            if value is None:
                f.unreadable.append(_missing(line, "项目金额", raw))

    @staticmethod
    def _amount(parts: list[str]) -> tuple[str, float | None]:
        """项目金额: the first value; a number cut by a cell border (`4449156.` | `6`) is joined, a stray digit
        cell after a whole number (`9959900` | `0`) makes it uncertain."""
        texts = [p for p in parts if p.strip()]
        if not texts:
            return "", None
        first = texts[0]
        nxt = texts[1] if len(texts) > 1 else ""
        raw = first
        if first.endswith(".") and re.fullmatch(r"\d+", nxt):
            raw = first + nxt
        elif re.fullmatch(r"\d+", nxt):
            return f"{first} {nxt}", None
        return raw, to_float(raw)

    # ----- money table --------------------------------------------------------------------------------
    @staticmethod
    def _is_fund_header(r: Row) -> bool:
        s = _nospace(r.text)
        # the national template's words, or money columns the vocabulary names (预算数(A) | 执行数(B) | 执行率(B/A)),
        # or a money block written as label | value down the rows (项目资金情况（万元） | 年初预算数 | 186.00)
        # or money columns written as labels each followed by its value, two or more (年初预算数（万元） | 420.00 |
        # 全年预算数（万元） | 420.00)
        return ("全年预算数" in s or "年初预算" in s) and ("执行" in s or "得分" in s) or is_fund_header(r.cells) \
            or _opens_fund_pairs(r) or len(_pairs_read(_pairs_apart([clean_cell(c) for c in r.cells]))) >= 2 \
            or _BUDGET_HEADING.match(s) is not None

    def _funds(self, header: Row, rows: list[Row]) -> int:
        """Read the money rows (four in the national template); returns how many rows it used."""
        paired = self._fund_pairs([header, *rows])
        if paired:
            return paired - 1  # (the header row was one of them)
        turned = self._turned_funds(header, rows)
        if turned:
            return turned
        below = 0
        if rows and _is_sub_header(rows[0]):
            # a heading over two rows (预算数 over 年初预算数 | 全年预算数): a column takes the lower row's name
            header, below = _under(header, rows[0]), 1
            rows = rows[1:]
        cols = self._fund_columns(header, self.form.layout == LAYOUT)
        first_col = min(c for c in cols if c >= 0)
        self.fund_gap = first_col >= 2 and not _nospace(_cell(header.cells, first_col - 1))
        self._block_unit(header, rows)
        used = 0
        found: list[tuple[Row, str | None]] = []
        total_pairs: dict[str, float | None] = {}  # 预算执行得分 | 分值 | 10 | 得分 | 9.30 under the rows: the total's
        for r in rows:
            s = _nospace(r.text)
            if not s:
                used += 1
                continue
            cells = [clean_cell(c) for c in r.cells]
            lead = next((c for c in cells if c), "")
            if vocab.fund_column(_nospace(lead)) and (pairs := _pairs_read(_pairs_apart(cells))):
                total_pairs.update(pairs)
                used += 1
                continue
            label_text = _nospace("".join(r.cells[: first_col]))
            kind = next((name for name, rx in FUND_ROWS if rx.search(label_text)), None)
            has_number = any(_number(_cell(r.cells, c))[1] == "ok" for c in cols)
            if (kind is None or _GOAL_WORDS.search(label_text)) and (_GOAL_WORDS.search(s) or not has_number):
                break  # the goal table's heading (当年绩效目标 | 年初绩效目标 …: 当年 is no fund row here)
            if len(found) >= 5:
                break
            found.append((r, kind))
            used += 1
        longhua = self.form.layout == LAYOUT
        if len(found) == 1 and found[0][1] is None:
            found = [(found[0][0], FUND_ROWS[0][0])]  # the block's one row (项目资金 | 3000 | 3250 | …) is its total
        assigned: dict[str, tuple[Row, str | None]] = {}
        others: list[tuple[str, Row]] = []  # rows of other sources, under their own labels (财政专户管理资金…)
        for r, kind in found:
            printed = _text("".join(r.cells[: first_col]))
            if not longhua and kind is None and len(_CJK.findall(printed)) >= 3:
                others.append((re.sub(r"^其中\s*[:：]?\s*", "", printed), r))
                continue
            if kind is None or kind in assigned:
                # an OCR'd label (seed 004): the rows stand in the template's order
                kind = next((name for name, _ in FUND_ROWS if name not in assigned), None)
            if kind is not None and kind not in assigned:
                assigned[kind] = (r, kind)
        for name, _ in FUND_ROWS:
            if name in assigned:
                self.form.funds.append(self._fund_row(name, assigned[name][0], cols))
                if name == FUND_ROWS[0][0]:
                    total_row = self.form.funds[-1]
                    for fld, value in total_pairs.items():
                        if getattr(total_row, fld) is None:
                            setattr(total_row, fld, value)
            elif longhua or name == FUND_ROWS[0][0]:
                self.form.unreadable.append(f"第{header.line}行 项目资金表缺少“{name}”行")
        for label, r in others:
            self.form.funds.append(self._fund_row(label, r, cols))
        total = next((fr for fr in self.form.funds if fr.label == FUND_ROWS[0][0]), None)
        if total is not None and total.initial_budget is None and "年初预算数" not in total.unreadable and any(
                fr.initial_budget is not None for fr in self.form.funds):
            # the parts print their 年初预算数: the total's blank one is a value lost (an OCR'd cell), not a column unused
            total.unreadable.append("年初预算数")
            self.form.unreadable.append(_missing(total.line, f"{total.label}年初预算数", ""))
        return used + below

    def _block_unit(self, header: Row, rows: list[Row]) -> None:
        """The money block's unit: a heading's (项目资金（万元）), or a unit line in its first rows."""
        self.fund_unit = next((u for c in header.cells if (u := unit_in_label(clean_cell(c)))), None) or next(
            (m.group(1) for r in rows[:2] for c in r.cells if (m := _MONEY_UNIT.search(clean_cell(c)))), None)

    def _turned_funds(self, header: Row, rows: list[Row]) -> int:
        """The money block turned (项目资金情况 | 资金总额 | 其中：中央资金 | 自治区资金, then 年初预算数 | 600.00 | 400.00 |
        120.00 and a row for each money column): a money row for each source column, the 资金总额 column the project's
        年度资金总额. How many rows it used (0: not so laid out)."""
        if not _turned_fund_header([header, *rows], 0):
            return 0
        cells = [clean_cell(c) for c in header.cells]
        first = next(i for i, c in enumerate(cells) if c)
        # (来源 over the rows' labels, 预算数 / 执行数 under it: no source of its own)
        sources = {j: c for j, c in enumerate(cells) if j > first and c and _nospace(c) not in vocab.FUND_ROW_HEADINGS}
        values: dict[int, dict[str, str]] = {j: {} for j in sources}  # column -> money column -> its cell
        used = 0
        total_pairs: dict[str, float | None] = {}  # 预算执行率分值 | 10 | 预算执行率得分 | 9.60: the total's
        for r in rows:
            row_cells = [clean_cell(c) for c in r.cells]
            lead = next((i for i, c in enumerate(row_cells) if c), None)
            fld = vocab.fund_column(_nospace(row_cells[lead])) if lead is not None else None
            if fld is None:
                break
            pairs = _pairs_read(_pairs_apart(row_cells))
            if len(pairs) >= 2:
                total_pairs.update(pairs)
                used += 1
                continue
            for j in sources:
                if j < len(row_cells) and row_cells[j]:
                    values[j][fld] = row_cells[j]
            used += 1
        self._block_unit(header, rows)
        # the total's column: the one its heading names so (资金总额, 合计), else the first
        total = next((j for j, c in sources.items() if FUND_ROWS[0][1].search(_nospace(c))), min(sources))
        names = dict(zip(FUND_FIELDS, FUND_COLUMNS))
        for j, printed in sources.items():
            label = FUND_ROWS[0][0] if j == total else _SUBTOTAL.sub("", _text(printed)).strip()
            fr = FundRow(label=label, line=header.line)
            for fld, raw in values[j].items():
                value, status = _fund_value(fld, raw)
                if status == "ok":
                    setattr(fr, fld, value)
                elif status == "unreadable":
                    fr.unreadable.append(names[fld])
                    self.form.unreadable.append(_missing(header.line, f"{label}{names[fld]}", raw))
            if j == total:
                for fld, value in total_pairs.items():
                    if getattr(fr, fld) is None:
                        setattr(fr, fld, value)
                for fld in ("budget", "spent"):
                    if fld not in values[j]:
                        fr.unreadable.append(names[fld])
                        self.form.unreadable.append(_missing(header.line, f"{label}{names[fld]}", ""))
            self.form.funds.append(fr)
        return used

    def _fund_pairs(self, rows: list[Row]) -> int:
        """The money block as labels each followed by its value (预算执行 | 年初预算数 | 280 | 全年预算数 | 265 | …, then
        执行率 | 98.00% | 分值 | 10 | 得分 | 9.8): the project's 年度资金总额 row. How many rows it used (0: not so laid out)."""
        fr = FundRow(label=FUND_ROWS[0][0], line=rows[0].line)
        used = read_in_all = 0
        headed = bool(rows) and _BUDGET_HEADING.match(_nospace(rows[0].text)) is not None  # 一、预算执行情况 over pairs
        for r in rows[1:] if headed else rows:
            cells = _pairs_apart([clean_cell(c) for c in r.cells])
            read = _pairs_read(cells)
            if not read or (len(read) < 2 and not used and not headed and not _opens_fund_pairs(r)):
                break  # (the first row: the block is laid out in columns, read as such)
            for fld, value in read.items():
                setattr(fr, fld, value)
            if self.fund_unit is None:  # 年初预算数（元）: the unit a label names
                self.fund_unit = next((u for c in cells if vocab.fund_column(_nospace(c)) and (u := unit_in_label(c))),
                                      None)
            used += 1
            read_in_all += len(read)
        if not used or fr.budget is None or read_in_all < 2:
            return 0
        self.form.funds.append(fr)
        return used + headed

    @staticmethod
    def _fund_columns(header: Row, longhua: bool = True) -> list[int]:
        """Column of each of the six money columns, by heading (vocab.FUND_COLUMNS: 调整后预算数 is the full-year
        budget); unnamed ones are placed next to the named ones."""
        pos: dict[int, int] = {}
        for i, cell in enumerate(header.cells):
            fld = vocab.fund_column(_nospace(cell)) if _nospace(cell) else None
            if fld is not None and FUND_FIELDS.index(fld) not in pos:
                pos[FUND_FIELDS.index(fld)] = i
        if not pos:
            return [3 + k for k in range(len(FUND_COLUMNS))]
        if not longhua:
            return [pos.get(k, -1) for k in range(len(FUND_COLUMNS))]  # a column the header does not print: none
        base_k, base_i = min(pos.items())
        return [pos.get(k, base_i + (k - base_k)) for k in range(len(FUND_COLUMNS))]

    def _fund_row(self, label: str, r: Row, cols: list[int]) -> FundRow:
        if self.form.layout != LAYOUT:
            cols = _aligned(r, cols, self.fund_gap)
        raws = [_cell(r.cells, c) for c in cols]
        # A cell holding several numbers spreads over the empty cells after it (`0.00 — 1.00 —`).
        k = 0
        while k < len(raws):
            toks = _tokens(raws[k]) if _number(raws[k])[1] == "unreadable" else None
            if toks and k + len(toks) <= len(raws) and all(_is_blank(x) for x in raws[k + 1: k + len(toks)]):
                raws[k: k + len(toks)] = toks
                k += len(toks)
            else:
                k += 1
        fr = FundRow(label=label, line=r.line)
        total = label == FUND_ROWS[0][0]
        for name, fld, raw, col in zip(FUND_COLUMNS, FUND_FIELDS, raws, cols):
            if col < 0:
                continue  # the form prints no such column
            value, status = _fund_value(fld, raw)
            # a blank cell of a part (其他资金, 上年结转) is no money, not a value lost; the total's cells must be there,
            # but for its 年初预算数 when no row prints one (a project added in the year: _funds looks at the parts)
            required = total and fld != "initial_budget"
            if status == "ok":
                setattr(fr, fld, value)
            elif status == "unreadable" or required:
                fr.unreadable.append(name)
                self.form.unreadable.append(_missing(r.line, f"{label}{name}", raw))
        return fr

    # ----- goal ---------------------------------------------------------------------------------------
    def _goal(self, rows: list[Row]) -> None:
        split = 6
        expected: list[str] = []
        actual: list[str] = []
        done_label: tuple[str, int] | None = None  # the label of what was done, as printed, and its line
        longhua = self.form.layout == LAYOUT
        for r in rows:
            s = _nospace(r.text)
            if not s:
                continue
            marker = next((i for i, c in enumerate(r.cells) if re.search(r"实际完|际完成|\*实", _nospace(c))), None)
            # (a long text beside it is what was done; the OCR'd 项目N: layout prints its headings with stray text)
            if marker is not None and len(s) < 40 and not any(
                    _SENTENCE.search(c) or (len(_nospace(c)) > 12 and not longhua)
                    for i, c in enumerate(r.cells) if i != marker):
                split = marker  # the heading of a column of what was done (预期目标 | | 实际完成情况), no text of its own
                done_label = (clean_cell(r.cells[marker]), r.line)
                continue
            cells = [_text(c) for c in r.cells]
            if sum(1 for c in cells if c) == 1 and _OUTLINE_HEADING.match(_nospace(next(c for c in cells if c))):
                continue  # 二、年度目标完成情况: the block's heading, no text of the goal
            if any(_goal_side(c) for c in cells):
                self.form.goal_line = self.form.goal_line or r.line
                # cells that say which text they are (年度目标：… | 完成情况：…) decide, not the row's label (年度目标完成
                # 情况, which names both); a cell without a label of its own goes on the text before it in the row
                side = None
                for c in cells:
                    own = _goal_side(c)
                    if own is not None:
                        side, c = own, label_and_value(c)[1]  # type: ignore[index]
                    if side is not None and c and not _is_noise(c):
                        (actual if side == "actual" else expected).append(c)
                continue
            # the row's label: its first text, in one of its first two cells (年度总体目标完成情况 | …, or | 实际完成情况 | …)
            at = next((i for i, c in enumerate(cells[:2]) if c), None)
            other = header_label_of(cells[at]) if at is not None and len(_nospace(cells[at])) <= 14 else None
            if other is not None and (other in vocab.OTHER_HEADER_LABELS or other == "备注"):
                # another field's row between the money and the goal (预算调整说明 | 旗级配套资金调减…): kept, not the goal
                value = "".join(c for c in cells[at + 1:] if c)
                if value:
                    self.form.fields[other] = HeaderField(label=cells[at], value=value, line=r.line, cell=r.ref(at + 1))
                continue
            if self.form.goal_line is None:
                self.form.goal_line = r.line
            if at is not None and len(cells) > at + 1 and len(_nospace(cells[at])) <= 14 \
                    and vocab.GOAL_DONE_LABEL.search(_nospace(cells[at])):
                # the row says what was done, not what was aimed at
                actual.extend(c for c in cells[at + 1:] if c and not _is_noise(c))
                continue
            cells[0] = re.sub(r"年度总体\s*目?标?|^标$", "", cells[0])
            cells[:2] = ["" if _nospace(c) in vocab.GOAL_EXPECTED_LABELS or _nospace(c) == "年度目标" else c
                         for c in cells[:2]]  # the goal's label
            expected.extend(c for c in cells[:split] if c and not _is_noise(c))
            actual.extend(c for c in cells[split:] if c and not _is_noise(c))
        if expected or actual:  # a goal block the header held already (_goal_columns) stays
            self.form.goal_expected = "".join(expected) or None
            self.form.goal_actual = "".join(actual) or None
        if expected and not actual and done_label is not None and not longhua:  # (OCR'd text loses cells: unsure)
            # 实际完成情况 printed, and nothing under it: kept empty, so that a rule can say it was left blank
            self.form.fields["实际完成情况"] = HeaderField(label=done_label[0], value="", line=done_label[1], cell=None)

    # ----- indicators ---------------------------------------------------------------------------------
    def _indicators(self, header: Row, rows: list[Row]) -> None:
        hdr = {role: i for word, role in _IND_HEADER
               for i, c in reversed(list(enumerate(header.cells))) if word in _nospace(c)}
        l2col = hdr.get("level2", 2)
        offsets = dict(_IND_OFFSETS_DEFAULT)
        for role in offsets:
            if role in hdr and hdr[role] > l2col:
                offsets[role] = hdr[role] - l2col
        parsed: list[_IndRow] = []
        total_seen = False
        for r in rows:
            s = _nospace(r.text)
            if not s or all(_is_noise(c) or not clean_cell(c) for c in r.cells) and not re.search(r"\d", s):
                continue
            if "总分" in s or re.search(r"(^|\t)\s*总\s*\t+\s*分\s*(\t|$)", r.text) or self._looks_like_total(r):
                self._total(r, offsets, l2col)
                total_seen = True
                break
            parsed.append(self._classify(r, l2col))
        if not total_seen:
            self.form.unreadable.append(f"第{rows[-1].line if rows else header.line}行 未识别到总分行")
        self._infer_level2(parsed)
        self._build_indicators(parsed, offsets)

    @staticmethod
    def _looks_like_total(r: Row) -> bool:
        """The 总分 row whose label the OCR lost: only numbers (the first 100) and debris."""
        cells = [c for c in r.cells if clean_cell(c)]
        nums = [_number(c) for c in cells if not _is_noise(c)]
        return bool(nums) and all(st == "ok" for _, st in nums) and nums[0][0] == 100 and len(nums) <= 3

    def _total(self, r: Row, offsets: dict[str, int], l2col: int) -> None:
        f = self.form
        f.total_line = r.line
        wcol, scol = l2col + offsets["weight"], l2col + offsets["score"]
        w, ws = _number(_cell(r.cells, wcol))
        sc, ss = _number(_cell(r.cells, scol))
        if not (ws == "ok" and ss == "ok"):
            nums = [v for v, st in (_number(c) for c in r.cells) if st == "ok"]
            if len(nums) == 2:
                w, sc = nums
            elif len(nums) == 1:
                f.unreadable.append(f"第{r.line}行 总分行只识别到一个数字（{nums[0]:g}），无法确定是分值还是得分")
                return
            else:
                f.unreadable.append(_missing(r.line, "总分", "" if not nums else " ".join(f"{x:g}" for x in nums)))
                return
        f.total_weight, f.total_score = w, sc

    def _classify(self, r: Row, l2col: int) -> _IndRow:
        cells = r.cells
        pos, level2, level2_raw = l2col, None, None
        if _level2(_cell(cells, l2col)):
            level2, level2_raw = _level2(cells[l2col]), _text(cells[l2col])
        else:
            for i, c in enumerate(cells):
                if _level2(c):
                    level2, level2_raw = _level2(c), _text(c)
                    if clean_cell(_cell(cells, i + 1)):
                        pos = i
                    break
        # the cells before the 二级 column: the 一级 (满意度指标 there is a 一级, though it reads as a 二级 too) and its
        # printed weight
        before = " ".join(_text(c) for c in cells[: min(pos, l2col) if pos >= 1 else 0]
                          if not _level2(c) or vocab.level1_of(_nospace(c)))
        m = _WEIGHT_MARK.search(before)
        lv1 = _LEVEL1_CELL.search(_nospace(before))
        return _IndRow(r, pos, level2, level2_raw, before.strip(), float(m.group(1)) if m else None,
                       bool(lv1 and lv1.group(1) == "满意度"), list(cells))

    @staticmethod
    def _infer_level2(parsed: list[_IndRow]) -> None:
        """A merged 二级 cell prints its label on one row (the middle one): unlabelled rows take the label of the
        nearest labelled row (the one above on a tie)."""
        labelled = [i for i, p in enumerate(parsed) if p.level2]
        for i, p in enumerate(parsed):
            if p.level2 or not labelled:
                continue
            j = min(labelled, key=lambda k: (abs(k - i), k > i))
            p.level2 = parsed[j].level2
            p.level2_raw = None

    def _build_indicators(self, parsed: list[_IndRow], offsets: dict[str, int]) -> None:
        f = self.form
        group = None
        printed_level1: dict[str, str] = {}
        pending_name = ""
        for k, p in enumerate(parsed):
            c = lambda role: _cell(p.cells, p.pos + offsets[role])  # noqa: E731
            name, target_raw, actual_raw = _text(c("name")), _text(c("target")), _text(c("actual"))
            w, wst = _number(c("weight"))
            s, sst = _number(c("score"))
            nxt = parsed[k + 1] if k + 1 < len(parsed) else None
            # A name wrapped over two rows: this row has the start of the name and no values; the next row has no
            # 二级 label of its own and repeats the same 分值/得分.
            if (nxt is not None and name and not target_raw and not actual_raw and not nxt.level2_raw
                    and wst == "ok" and sst == "ok"
                    and _number(_cell(nxt.cells, nxt.pos + offsets["weight"])) == (w, "ok")
                    and _number(_cell(nxt.cells, nxt.pos + offsets["score"])) == (s, "ok")):
                pending_name += name
                f.repairs.append(Repair(line=p.row.line, kind="wrapped_name", indicator=name,
                                        message=f"第{p.row.line}行的三级指标名称接续到下一行，已合并"))
                nxt.level2 = nxt.level2 or p.level2
                continue
            name = pending_name + name
            pending_name = ""
            if vocab.TEMPLATE_FILLER_NAME.match(name) and not (target_raw or actual_raw or w is not None
                                                               or s is not None):
                continue  # 指标2 / …… of a blank template, left blank: no indicator
            lv1 = vocab.parent_of(p.level2)
            if lv1 == "满意度" and not p.satisfaction_level1 and group == "效益":
                lv1 = "效益"  # this layout prints 满意度指标 as a 二级 inside 效益指标 (40分)
            group = lv1 or group
            if p.level1_text and group:
                printed_level1.setdefault(group, p.level1_text)
            if p.weight_mark is not None and group and group not in f.level_weights:
                f.level_weights[group] = p.weight_mark
            if p.level2_raw is None and p.level2:
                f.repairs.append(Repair(line=p.row.line, kind="level_inferred", indicator=name or None,
                                        message=f"第{p.row.line}行未印出二级指标，按相邻行推定为“{p.level2}”"))
            ind = Indicator(level1=group, level2=p.level2, level1_raw=printed_level1.get(group or ""),
                            level2_raw=p.level2_raw, name=name, target=parse_target(target_raw), line=p.row.line,
                            cell=p.row.ref(p.pos + offsets["name"]), actual=parse_target(actual_raw),
                            weight=w, score=s,
                            deviation=_text(" ".join(p.cells[p.pos + offsets["deviation"]:])) or None)
            if not name and (target_raw or actual_raw) and (wst == "ok" or sst == "ok"):
                # Values without a 三级 name: a row the OCR broke apart; its numbers cannot be attributed.
                f.unreadable.append(f"第{p.row.line}行 三级指标名称无法识别，该行分值、得分不予采用")
                ind.weight = ind.score = None
            elif not ind.not_applicable and ind.target.kind != "not_applicable":
                if wst != "ok":
                    f.unreadable.append(_missing(p.row.line, "分值", c("weight")))
                if sst != "ok":
                    f.unreadable.append(_missing(p.row.line, "得分", c("score")))
            f.indicators.append(ind)


def _is_sub_header(r: Row) -> bool:
    """The second row of a money table's heading: two or more money column names and no number."""
    names = [c for c in r.cells if _nospace(c) and vocab.fund_column(_nospace(c))]
    return len(names) >= 2 and not any(_number(c)[1] == "ok" for c in r.cells if _nospace(c) not in names)


def _under(header: Row, sub: Row) -> Row:
    """The heading read as one row: each column by its lower row's name where it has one, else by the upper's."""
    width = max(len(header.cells), len(sub.cells))
    cells = [_cell(sub.cells, i) if _nospace(_cell(sub.cells, i)) else _cell(header.cells, i) for i in range(width)]
    refs = header.refs if header.refs is not None and len(header.refs) == width else None
    return Row(header.line, cells, refs)


def header_label_of(cell: str) -> str | None:
    """The header field a cell labels (项目名称, 预算执行情况…), or None."""
    from jixiao.parse.target import header_label

    return header_label(clean_cell(cell))[0]


def _level2(cell: str | None) -> str | None:
    s = _nospace(cell)
    m = _LEVEL2_CELL.match(s)
    if not m:
        return None
    return vocab.level2_of(m.group(1))
