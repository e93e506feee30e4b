"""An indicator table's columns, read from its header row(s): the role of each column (vocab.TABLE_COLUMNS).

    一级指标 | 二级指标 | 三级指标 | 指标值 | 度量单位 | 指标解释          the seeds' layout
    序号 | 指标名称 | 指标性质 | 计量单位 | 目标值 | 权重                   another province's
    一级指标 | 二级指标 | 三级指标 | 指标值 |      |      | 指标说明         a target over sub-columns:
             |          |          | 符号   | 数值 | 单位 |                 the second header row names them

A header row holds a name column and a target, level or actual column. The row below it is a second header row when
every cell it fills names a column (符号, 数值, 单位, 年度, 中期…) and none holds a value. A heading the vocabulary does
not know leaves its column unmapped (`ColumnPlan.unmapped`): its cells are kept as printed (Indicator.extra) and the
reader says so.
"""

from __future__ import annotations

import re

from jixiao import vocab
from jixiao.parse.rows import Row
from jixiao.scan import AnyChar, hitting_chars
from jixiao.values import clean_cell

# Roles read into an Indicator's own fields; the others are kept in Indicator.extra under their printed heading
LEVEL_ROLES = ("level1", "level2")
FIELD_ROLES = ("level1", "level2", "name", "target", "target_cmp", "target_num", "unit", "explanation", "actual",
               "actual_unit", "weight", "score", "deviation")


class ColumnPlan:
    """The columns of one indicator table. Plain class: built once per table, read for every row."""

    __slots__ = ("roles", "headings", "lines", "lead", "levels", "name_col", "rest", "standard", "unmapped",
                 "other_block", "scatter", "rest_fields", "rest_extra", "comparator_headings", "split_target",
                 "self_columns", "areas")

    def __init__(self, roles: list[str | None], headings: list[str], lines: list[int]) -> None:
        roles, headings = list(roles), list(headings)
        while roles and roles[-1] is None and not (headings[len(roles) - 1] if len(roles) <= len(headings) else ""):
            roles.pop()  # blank cells after the last heading: no column
        headings = headings[: len(roles)] + [""] * (len(roles) - len(headings))
        _one_column_per_role(roles, headings)
        self.roles = roles  # role of each column (None: not mapped)
        self.headings = headings  # heading of each column as printed (two header rows joined with "/")
        self.lines = lines  # the header rows' lines
        self.name_col = roles.index("name") if "name" in roles else -1
        levels = [i for i, r in enumerate(roles) if r in LEVEL_ROLES]
        self.levels = levels
        # The seeds' shape, and most provinces': the level columns (if any) stand together right before the name
        # column. Its rows are read by content (parse.target peels level names off the row's start), so a row shifted
        # one cell is still read right; any other shape is read by position.
        block_start = levels[0] if levels else self.name_col
        self.standard = self.name_col >= 0 and (not levels or levels == list(range(block_start, self.name_col))) \
            and [roles[i] for i in levels] in ([], ["level1"], ["level2"], ["level1", "level2"])
        self.lead = block_start if self.standard else 0  # columns before the level block (序号, 项目名称…)
        self.rest = roles[self.name_col:] if self.standard else roles  # roles from the name column on
        self.unmapped = [i for i, (r, h) in enumerate(zip(roles, headings)) if r is None and h and i > block_start]
        self.other_block: list[int] = []  # columns of a second indicator block printed beside this one
        self.scatter = False  # 002: cells scattered by a PDF export (parse.target reads them by content)
        # Read once per table, for every row: the rest's positions by role, and the headings of the other columns
        first = self.name_col if self.standard else 0
        self.rest_fields = [(i, r) for i, r in enumerate(self.rest) if r in FIELD_ROLES and r not in LEVEL_ROLES]
        self.rest_extra = [(i, headings[first + i] or "（无列名）") for i, r in enumerate(self.rest)
                           if r not in FIELD_ROLES]
        # columns whose cells may hold the comparator of the target (指标方向 / 指标性质: ≥, or 正向 / 定量)
        self.comparator_headings = [h or "（无列名）" for r, h in zip(roles, headings) if r in ("direction", "nature")]
        self.split_target = "target_num" in roles or "target_cmp" in roles  # the target printed in parts
        self.self_columns = any(r in ("weight", "actual", "score", "deviation") for r in roles)
        self.areas: list[int] = []  # a value column per place, the first read as the target (_values_by_area)

    def has(self, role: str) -> bool:
        return role in self.roles

    def heading(self, role: str) -> str:
        return self.headings[self.roles.index(role)] if role in self.roles else ""



# A character of each heading (or word of one) of a column a table header needs: its names' (or the group label over
# them) and a key column (vocab.TABLE_KEY_ROLES)
_HEADER_ROLES = ("name", *vocab.TABLE_KEY_ROLES)
_HEADER_CHARS = AnyChar(hitting_chars([*(h for h, role in vocab.TABLE_COLUMNS.items() if role in _HEADER_ROLES),
                                       *(w for w, role in vocab.TABLE_COLUMN_WORDS if role in _HEADER_ROLES),
                                       *vocab.TABLE_GROUP_LABELS]))


def may_be_header(cells: list[str]) -> bool:
    """Cheap test before a row is read as a table header: two short cells hold a character of a key column's heading
    (a header row of the form, `项目名称 | …`, has one at most)."""
    found = 0
    for c in cells:
        if c and len(c) <= 24 and not _HEADER_CHARS.isdisjoint(c):
            found += 1
            if found == 2:
                return True
    return False


def _one_column_per_role(roles: list[str | None], headings: list[str]) -> None:
    """A role two columns claim (指标值及单位 and 绩效标准 both read as targets): the column whose heading says 值 (or
    the first) keeps it; the other is kept as printed, under its heading. Names are left alone: two name columns are
    two indicator blocks side by side (_split_blocks)."""
    if roles.count("name") > 1:
        return  # two blocks side by side: each keeps its columns (_split_blocks sets one aside)
    for role in set(r for r in roles if r not in (None, "name", "level1", "level2", "remark")):  # remarks: kept, any number
        at = [i for i, r in enumerate(roles) if r == role]
        if len(at) < 2:
            continue
        years = [vocab.YEAR_WORD.match(vocab.normalise_heading(headings[i])) for i in at]  # 2029年目标值
        if role == "target" and all(years):
            # 2028年目标值 | 2029年目标值 | 2030年目标值: the first year's is the target, the later years' are kept as
            # printed (targets of other years, not columns the reader cannot place)
            first = min(range(len(at)), key=lambda k: int(years[k].group(1)))  # type: ignore[union-attr]
            for k, i in enumerate(at):
                if k != first:
                    roles[i] = "later_target"
            continue
        keep = next((i for i in at if "值" in headings[i]), at[0])
        for i in at:
            if i != keep:
                # a second explanation (指标解释 and 评分标准) is a remark kept as printed; any other second column is
                # not read, and said (which of two 指标值 columns holds the target, the reader cannot tell)
                roles[i] = "remark" if role == "explanation" else None


def _roles(cells: list[str]) -> list[str | None]:
    return [vocab.column_role(c) if c and len(c) <= 24 else None for c in cells]


def header_roles(cells: list[str]) -> list[str | None] | None:
    """The roles of a row's cells when the row is an indicator table's header, else None."""
    if not may_be_header(cells):
        return None
    roles = _roles(cells)
    if "name" not in roles and any(r in ("target", "target_num") for r in roles):
        # 绩效指标 over the names' column when no other column names them (考核维度 | 考核要点 | 绩效指标 | 目标值)
        for i, c in enumerate(cells):
            if roles[i] is None and vocab.normalise_heading(c) in vocab.TABLE_GROUP_LABELS:
                roles[i] = "name"
                break
    if "name" in roles and "goal" in roles and not any(r in ("target", "target_num") for r in roles):
        # 指标名称 | 绩效目标 | 绩效标准: beside the indicators' names, 绩效目标 heads their targets (no other column does)
        roles[roles.index("goal")] = "target"
    if "name" not in roles or not any(r in vocab.TABLE_KEY_ROLES for r in roles):
        if not ("level1" in roles and "level2" in roles):
            return None
    if "name" in roles and "level1" not in roles and "level2" not in roles:
        # headings no vocabulary names right before the names' column (评价内容 | 绩效内容 | 指标名称, 评价指标 | 评价内容 |
        # 指标名称): the level columns, the nearer one the 二级
        at = roles.index("name")
        unnamed: list[int] = []
        while at > 0 and roles[at - 1] is None and cells[at - 1] and len(unnamed) < 2:
            at -= 1
            unnamed.append(at)
        for k, i in enumerate(unnamed):
            roles[i] = "level2" if k == 0 else "level1"
    mapped = [r for r in roles if r is not None]
    if len(mapped) < 2:
        return None
    return roles


def _second_row_roles(row: Row) -> list[str | None] | None:
    """The roles of a row that can be half of a two-row header, or None: every cell it fills names a column or a
    group (绩效指标) or a year (年度, 中期), and none reads as a value or a level name."""
    cells = [clean_cell(c) for c in row.cells]
    if not any(cells):
        return None
    roles: list[str | None] = []
    for c in cells:
        if not c:
            roles.append(None)
            continue
        role = vocab.column_role(c)
        if role is None and c not in _SUB_HEADINGS and vocab.normalise_heading(c) not in vocab.TABLE_GROUP_LABELS:
            return None
        roles.append(role)
    return roles


_SUB_HEADINGS = ("年度", "本年", "本年度", "中期", "实施期", "上年")


def plan_of(rows: list[Row], at: int) -> ColumnPlan | None:
    """The plan of the table whose header is rows[at], with the second header row below it (sub-columns of a merged
    heading) or above it (a caption row whose headings stand over columns this row leaves blank)."""
    top_cells = [clean_cell(c) for c in rows[at].cells]
    roles = header_roles(top_cells)
    if roles is None:
        return None
    headings = list(top_cells)
    lines = [rows[at].line]
    if at + 1 < len(rows):
        below = _second_row_roles(rows[at + 1])
        if below is not None:
            roles, headings = _merge_rows(roles, top_cells, below, [clean_cell(c) for c in rows[at + 1].cells])
            lines.append(rows[at + 1].line)
    if at > 0 and ("target" not in roles and "target_num" not in roles):
        above = _second_row_roles(rows[at - 1])
        if above is not None:
            above_cells = [clean_cell(c) for c in rows[at - 1].cells]
            merged, merged_headings = _merge_rows(above, above_cells, roles, headings)
            if "target" in merged or "target_num" in merged:
                roles, headings = merged, merged_headings
                lines.insert(0, rows[at - 1].line)
    by_content = _level_columns_by_content(roles, rows[at + len(lines): at + len(lines) + 12])
    if len(by_content) > len(roles):  # a column the header does not print: its heading is blank
        at_name = roles.index("name")
        headings = [*headings[:at_name], "", *headings[at_name:]]
    roles = by_content
    roles, areas = _values_by_area(roles, headings)
    plan = ColumnPlan(roles, headings, lines)
    plan.areas = areas
    first = headings[0] if headings else ""
    headed = [r for r, h in zip(plan.roles, plan.headings) if r is not None or h]  # columns with a heading
    if roles and roles[0] is None and first and any(first.startswith(g) for g in vocab.TABLE_GROUP_LABELS) and (
            headed == [None, "level1", "level2", "name", "target"]):
        # a caption column before the levels (002: 年度绩效指标) with nothing but levels, names and values after it:
        # the shape of a PDF export that scatters its cells; its rows are read by content (parse.target)
        plan.scatter = True
        plan.lead = 0
    return _split_blocks(plan)


def _level_columns_by_content(roles: list[str | None], rows: list[Row]) -> list[str | None]:
    """Columns whose heading does not say they hold levels, read by what their cells say:
    - before the name column, a column headed otherwise (考核维度, 考核要点…) whose cells all name levels is a level
      column (the first 一级, the next 二级);
    - a header that prints no 二级 heading over a column of 二级 names (数量指标, 质量指标…): the headings after it
      stand one column to the left of their cells, so the columns from there on move one to the right;
    - a header with no name column whose 一级 heading stands over 二级 names and whose 二级 heading over cells that
      name no level (一级指标 | 二级指标 | 绩效标准 | 当年预期实现值 over 数量指标 | 办公大楼维修次数 | …): each of the two
      headings stands one level above its cells."""
    if "name" not in roles:
        return _levels_one_up(roles, rows)
    if "level1" in roles and "level2" in roles:
        return roles
    # the reader's own reading of a level cell
    from jixiao.parse.target import level_kind

    name = roles.index("name")
    if "level2" not in roles:
        in_name = [level_kind(clean_cell(r.cells[name])) for r in rows if name < len(r.cells) and r.cells[name].strip()]
        if len(in_name) >= 2 and all(k is not None for k in in_name) and "level2" in in_name:
            return [*roles[:name], "level2", *roles[name:]]
    out = list(roles)
    rows = [r for r in rows if not is_total_row(r.cells)]
    for i in range(roles.index("name")):
        if roles[i] is not None and roles[i] != "nature":
            continue  # (指标类型 names 定量/定性 in most templates, the levels in some: its cells say which)
        kinds = [level_kind(clean_cell(r.cells[i])) for r in rows if i < len(r.cells) and r.cells[i].strip()]
        named = len(kinds) - kinds.count(None)
        # most of its cells name levels (评价内容 over 制度指标 | 数量指标 | 质量指标 | 时效指标: a level the vocabulary
        # does not know is read as one, and said so, as in any level column)
        if named >= 2 and named * 3 >= len(kinds) * 2:
            out[i] = "level1" if "level1" not in out and kinds.count("level1") >= kinds.count("level2") else "level2"
    return out


_POINTS = re.compile(r"\d+(\.\d+)?\s*(分|%|％)?")  # a weight or score as a total row prints it (100, 100分)


def is_total_row(cells: list[str]) -> bool:
    """The indicator table's total row (合计 | | | 100, 总 分 | … | 100分): a total's label first, then points only.
    It is no indicator, and its first cell names no level."""
    filled = [c for c in cells if c.strip()]
    return 0 < len(filled) <= 3 and _is_total_label("".join(filled[0].split())) \
        and all(_POINTS.fullmatch(c.strip()) for c in filled[1:])


def _is_total_label(label: str) -> bool:
    """合计, 总分…, a level's subtotal (产出指标小计, 效益指标合计), the indicators' (指标得分小计), or the money's
    score restated in the table (预算执行得分)."""
    if label in vocab.TABLE_TOTAL_LABELS or label in vocab.FUND_SCORE_LABELS:
        return True
    if not label.endswith(vocab.TABLE_TOTAL_LABELS):
        return False
    head = next((label[: -len(t)] for t in vocab.TABLE_TOTAL_LABELS if label.endswith(t)), None)
    return bool(head) and (vocab.level1_of(head) is not None or vocab.level2_of(head) is not None
                           or head in vocab.TABLE_TOTAL_HEADS)


def _values_by_area(roles: list[str | None], headings: list[str]) -> tuple[list[str | None], list[int]]:
    """A table with no target column and a value column per place after the names (… | 指标方向 | 笏石街道办 | 埭头镇):
    the first place's column is read as the target, the others kept as printed (the reader says so)."""
    if "target" in roles or "target_num" in roles or "name" not in roles:
        return roles, []
    after = roles.index("name")
    areas = [i for i, (r, h) in enumerate(zip(roles, headings)) if i > after and r is None and h
             and len(vocab.normalise_heading(h)) <= 12 and vocab.normalise_heading(h).endswith(vocab.AREA_HEADING_ENDINGS)]
    if len(areas) < 2:
        return roles, []
    out = list(roles)
    out[areas[0]] = "target"
    return out, areas


def _levels_one_up(roles: list[str | None], rows: list[Row]) -> list[str | None]:
    """The third case of _level_columns_by_content: 一级指标 | 二级指标 over 二级 names and indicator names."""
    from jixiao.parse.target import level_kind

    if "level1" not in roles or "level2" not in roles or roles.index("level2") != roles.index("level1") + 1:
        return roles
    first, second = roles.index("level1"), roles.index("level2")

    def kinds(i: int) -> list[str | None]:
        return [level_kind(clean_cell(r.cells[i])) for r in rows if i < len(r.cells) and r.cells[i].strip()]

    firsts, seconds = kinds(first), kinds(second)
    if (len(firsts) >= 2 and "level2" in firsts and None not in firsts  # 成本指标 (一级 or 二级) among 二级 names
            and len(seconds) >= 2 and all(k is None for k in seconds)):
        out = list(roles)
        out[first], out[second] = "level2", "name"
        return out
    return roles


def _merge_rows(top: list[str | None], top_cells: list[str], below: list[str | None], below_cells: list[str]
                ) -> tuple[list[str | None], list[str]]:
    """Roles of a two-row header: a sub-heading names its column; under a merged target heading the sub-columns are
    the comparator, the number and the unit (符号 | 数值 | 单位), or the year they are for (中期 | 年度)."""
    width = max(len(top), len(below))
    roles: list[str | None] = []
    headings: list[str] = []
    owner: str | None = None  # the role of the top heading spanning this column (merged: blank cells to its right)
    owner_heading = ""
    for i in range(width):
        t = top[i] if i < len(top) else None
        tc = top_cells[i] if i < len(top_cells) else ""
        b = below[i] if i < len(below) else None
        bc = below_cells[i] if i < len(below_cells) else ""
        if tc:
            owner, owner_heading = t, tc
        role = t if tc else owner if not bc else None
        if bc:
            if owner == "target":
                role = _target_part(b, bc)
            elif owner == "actual" and b in ("target", "target_num", "unit", "actual"):
                # 实际完成值 over 数值 | 单位: the actual printed in parts
                role = "actual_unit" if b == "unit" else "actual"
            elif b is not None:
                role = b
        roles.append(role)
        headings.append("/".join(x for x in ((tc or owner_heading) if bc else tc, bc) if x))
    return roles, headings


def _target_part(role: str | None, heading: str) -> str | None:
    """A sub-column of a merged 指标值 heading: 指标性质 / 指标方向 there holds the comparator."""
    if role in ("nature", "direction"):
        return "target_cmp"
    if role in ("target_cmp", "target_num", "unit", "midterm_target", "last_actual"):
        return role
    if "中期" in heading or "实施期" in heading:
        return "midterm_target"
    if "上年" in heading:
        return "last_actual"
    if "年度" in heading or "本年" in heading or role == "target":
        return "target"
    return role


def _split_blocks(plan: ColumnPlan) -> ColumnPlan:
    """Two indicator blocks side by side (a name and a target column twice): the plan reads the block whose headings
    say 年度 (else the first); the other block's columns are set aside (ColumnPlan.other_block) and reported."""
    names = [i for i, r in enumerate(plan.roles) if r == "name"]
    if len(names) < 2:
        return plan
    cut = names[1]
    # the second block starts at its own level columns, if it prints them
    while cut - 1 > names[0] and plan.roles[cut - 1] in LEVEL_ROLES:
        cut -= 1
    second_annual = any("年度" in h or "本年" in h for h in plan.headings[cut:])
    first_annual = any("年度" in h or "本年" in h for h in plan.headings[:cut])
    keep_second = second_annual and not first_annual
    start = 0
    if "level1" not in plan.roles[cut:]:
        # the second block prints no 一级 of its own: the first block's 一级 column serves both
        while start < names[0] and plan.roles[start] in ("level1", "seq"):
            start += 1
    other = list(range(start, cut)) if keep_second else list(range(cut, len(plan.roles)))
    roles = [None if i in other else r for i, r in enumerate(plan.roles)]
    kept = ColumnPlan(roles, plan.headings, plan.lines)
    kept.other_block = other
    kept.unmapped = [i for i in kept.unmapped if i not in other]
    return kept
