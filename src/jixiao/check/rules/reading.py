"""unreadable: what the reader could not read, or read only by a guess (Form.read_issues). A form read in part must
never look clean: its checks ran on what was read, and the rest was not checked at all."""

from __future__ import annotations

from typing import Iterator

from jixiao.check.rule import Context, Hit, rule
from jixiao.model import Form, SelfEvaluation

KINDS = ("target", "department", "self_evaluation", "budget_report")
# Read issues that mean something in the source was not read (error) rather than read by a guess (warning)
_NOT_READ = ("unreadable_value", "skipped_table", "merged_header", "no_indicators")
# Read issues that are notes, no finding: a workbook's list beside its form (附表) is no part of the form, and the
# reader says so on stderr and in the report's notes
_NOTES = ("attachment",)

_FORM = ("二级项目支出绩效目标申报表\n项目编码:\t440300000000000000009\t项目名称:\t示例项目\n"
         "申请单位:\t深圳市示例区数据服务中心\t一级预算单位:\t深圳市示例区政务服务数据管理局\n"
         "本年度项目金额(元):\t100000\n")


@rule("JX001", "unreadable", "error", "表单有内容未能读取", kinds=KINDS)
def not_read(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：读取器没能读出表单的一部分：一个数值（金额、分值、得分）无法识别，一张表格或一个工作表没有读取，指标表的表头
    合并在一个单元格里分不出各列，或者表单根本没有可识别的指标表。没读出的内容没有经过任何检查，所以这张表单不能算“审核
    通过”，也不能签字。请按提示核对原表：把数值写成可识别的形式（如 `95%`、`1,200.00`），或把表头拆成每列一格，再重新审核。

    依据：《中央部门预算绩效目标管理办法》（财预〔2015〕88号）要求绩效目标按规定的表样填报、指标清晰可衡量；审核须看到
    整张表的每一项，读不出的部分由人核对是实践做法。"""
    for issue in form.read_issues:
        if issue.kind in _NOT_READ:
            yield Hit(issue.message, line=issue.line, cell=issue.cell, field=issue.field,
                      suggestion=_SUGGESTION[issue.kind])
    # only a self-evaluation has values left unread (a target form has no such field, and asking for it is slow)
    for text in (form.unreadable or []) if isinstance(form, SelfEvaluation) else []:
        yield Hit(f"自评表{text}", line=_line_of(text), suggestion="核对原表该处的数字，改为可识别的数值后重新审核")


@rule("JX002", "unreadable", "warning", "表单有内容只能按推测读取", kinds=KINDS)
def read_by_guess(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：读取器读出了这部分，但有把握不足之处：指标表有一列的列名无法识别（该列内容按原文保留，没有参与审核），一个层级
    名称不在已知的一级、二级指标名称里，或者读出的指标行看起来像是列错位了（指标值读不出、名称像数值）。请核对这些行读得
    对不对；列名请使用通行的写法（三级指标、指标值、度量单位、指标解释、分值……）。

    依据：实践做法：按推测读出的内容须经人核对后再据以审核、签字。"""
    for issue in form.read_issues:
        if issue.kind not in _NOT_READ and issue.kind not in _NOTES:
            yield Hit(issue.message, line=issue.line, cell=issue.cell, field=issue.field,
                      suggestion=_SUGGESTION[issue.kind])


_SUGGESTION = {
    "unreadable_value": "核对原表该处的数值，改为可识别的写法（如“95%”“1,200.00”）后重新审核",
    "skipped_table": "确认该部分是否属于表单；如是，请按标准表样填写后重新审核",
    "merged_header": "把指标表表头拆成每列一个单元格（一级指标、二级指标、三级指标、指标值……）后重新审核",
    "no_indicators": "补充或恢复指标表（表头须有“三级指标/指标名称”和“指标值/目标值”列）后重新审核",
    "unmapped_column": "确认该列内容；如是指标的组成部分，请使用通行的列名",
    "uncertain": "核对该处是否读取正确，必要时按标准表样调整后重新审核",
}


def _line_of(text: str) -> int | None:
    """The line a self-evaluation's unreadable note names (第158行 …)."""
    if text.startswith("第"):
        digits = text[1: text.find("行")] if "行" in text else ""
        if digits.isdigit():
            return int(digits)
    return None
