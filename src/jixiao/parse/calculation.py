"""A workbook's calculation sheet (测算明细, 投资测算: 支出内容 | 数量 | 单位 | 单价 | 金额, a 合计 row) read as the text of a
测算依据, the way forms write one in a cell: `1.监测点运行维护：36个×1.5万元=54万元；…；合计185.5万元。` The amount checks
(JX703, JX705, JX707) then read it as they read any 测算依据. Only a table whose header names the items and their
amounts is read; anything else stays unread, and said (parse._parse_tables)."""

from __future__ import annotations

from jixiao import vocab
from jixiao.parse.rows import Row
from jixiao.values import clean_cell, format_number, to_float, unit_in_label


def calculation_text(rows: list[Row]) -> tuple[str, Row] | None:
    """The 测算依据 a calculation table states, and its header row; None when the rows hold no such table."""
    for at, row in enumerate(rows):
        cells = [clean_cell(c) for c in row.cells]
        roles = [vocab.CALCULATION_COLUMNS.get(vocab.normalise_heading(c)) if c else None for c in cells]
        if "item" not in roles or "amount" not in roles:
            continue
        col = {role: roles.index(role) for role in set(roles) if role}
        amount_unit = unit_in_label(cells[col["amount"]]) or "元"
        price_unit = unit_in_label(cells[col["price"]]) if "price" in col else None
        items: list[str] = []
        total = None
        for data in rows[at + 1:]:
            texts = [clean_cell(c) for c in data.cells]
            name, amount = _cell(texts, col, "item"), to_float(_cell(texts, col, "amount"))
            label = "".join(name.split())
            if label in vocab.MONEY_TOTAL_WORDS:
                total = amount
                break
            if label.endswith("小计"):
                continue  # a sub-total of the items above it: not an item of its own
            if not name or amount is None:
                if any(texts):
                    break  # a note under the table (注：…): the table ended
                continue
            count, price = to_float(_cell(texts, col, "quantity")), to_float(_cell(texts, col, "price"))
            if count is not None and price is not None and price_unit:
                items.append(f"{name}：{format_number(count)}{_cell(texts, col, 'unit')}×{format_number(price)}{price_unit}"
                             f"={format_number(amount)}{amount_unit}")
            else:
                items.append(f"{name}{format_number(amount)}{amount_unit}")
        if not items:
            return None
        text = "；".join(f"{k}.{item}" for k, item in enumerate(items, 1))
        if total is not None:
            text += f"；合计{format_number(total)}{amount_unit}"
        return text + "。", row
    return None


def _cell(texts: list[str], col: dict[str, int], role: str) -> str:
    return texts[col[role]] if role in col and col[role] < len(texts) else ""
