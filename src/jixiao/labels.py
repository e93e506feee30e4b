"""The names users read for the checker's codes: one table, read by every report (text, HTML, xlsx), the rule
catalogue (`jixiao rules`) and sign-off. The codes themselves (`direction`, `error`) stay in JSON, configuration
(`--select direction`) and the eval suites."""

from __future__ import annotations

from typing import Final

# Category code -> its Chinese name. The order is the catalogue's (check.engine.CATEGORIES is its keys).
CATEGORY_LABELS: Final[dict[str, str]] = {
    "direction": "方向",
    "impossible_value": "不可能的值",
    "unit_mismatch": "单位不符",
    "missing_unit": "缺少单位",
    "vague_value": "指标值模糊",
    "duplicate_indicator": "重复指标",
    "misplaced_indicator": "指标错位",
    "explanation_mismatch": "解释不符",
    "amount_inconsistency": "金额不一致",
    "count_inconsistency": "数量不一致",
    "date_inconsistency": "日期不一致",
    "missing_required": "缺少必填",
    "text_inconsistency": "文字不一致",
    "format": "格式",
    "score_inconsistency": "评分不一致",
    "unreadable": "未能读取",
}

SEVERITY_LABELS: Final[dict[str, str]] = {"error": "错误", "warning": "警告", "info": "提示"}

KIND_LABELS: Final[dict[str, str]] = {"target": "绩效目标申报表", "self_evaluation": "绩效自评表",
                                      "department": "部门整体支出绩效目标表", "budget_report": "部门预算表"}


def waived_text(reason: str, by: str | None) -> str:
    """`已豁免：reason（豁免人：by）` of a finding a waiver accepts."""
    return f"已豁免：{reason}" + (f"（豁免人：{by}）" if by else "")


def category_label(code: str) -> str:
    """The Chinese name of a category code (the code itself for one not in the table)."""
    return CATEGORY_LABELS.get(code, code)
