"""Turn a rule's `bad` / `good` example into a Form, so the examples in `jixiao rules CODE` are run as tests.

An example is either a whole form text (it contains a form title or starts with 项目名称/项目编码), parsed as is,
or a snippet: optional header lines `标签: 值` followed by indicator rows in the 6-column layout of seed 000
(一级 二级 三级 指标值 度量单位 指标解释). A snippet is completed with a neutral header and the table heading.
"""

from __future__ import annotations

from jixiao.model import Form
from jixiao.parse import parse_text
from jixiao.parse.target import header_label

DEFAULT_HEADER = {
    "项目编码": "440300000000000000001",
    "项目名称": "示例项目",
    "申请单位": "深圳市示例区数据服务中心",
    "一级预算单位": "深圳市示例区政务服务数据管理局",
    "实施期限": "1",
    "项目总金额(中期规划,元)": "1,000,000.00",
    "本年度项目金额(元)": "1000000",
}
TABLE_HEADER = "一级指标\t二级指标\t三级指标\t指标值\t度量单位\t指标解释"


def example_text(snippet: str) -> str:
    if "绩效目标申报表" in snippet or snippet.lstrip().startswith(("项目编码", "项目编号")) or "一级指标" in snippet:
        return snippet
    header: list[str] = []
    rows: list[str] = []
    labels_given: set[str] = set()
    for line in snippet.split("\n"):
        name = header_label(line.split("\t")[0])[0]
        if name and not rows:
            header.append(line)
            labels_given.add(name)
        else:
            rows.append(line)
    defaults = [f"{k}: {v}" for k, v in DEFAULT_HEADER.items() if header_label(k)[0] not in labels_given]
    return "\n".join(["二级项目支出绩效目标申报表", *header, *defaults, TABLE_HEADER, *rows])


def example_forms(snippet: str) -> list[Form]:
    result = parse_text(example_text(snippet), "<example>")
    if result.errors:
        raise ValueError(f"example does not parse: {result.errors[0]}")
    return result.forms
