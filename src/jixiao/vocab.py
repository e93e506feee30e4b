"""Domain vocabulary, in one place: indicator levels and their variants, polarity of indicator names, unit
families, qualitative grades. Parsers, rules, the drafter and the prompts all read it from here; a new
indicator name is handled by adding a pattern, not a rule.

Sources: ../shared/RULES-REFERENCE.md (财预〔2021〕101号 and local templates) and the seed forms.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterator, Literal

from jixiao.scan import NamesEndingIn, guarded

# ---------------------------------------------------------------------------------------------------------
# Levels
# ---------------------------------------------------------------------------------------------------------

LEVEL1 = ("投入", "产出", "成本", "效益", "满意度", "决策", "过程")
# The 一级 of how a project was decided and run (决策, 过程: the evaluation framework of 财预〔2020〕10号, on which some
# provinces score self-evaluations; 投入 of the 2021 template): scored in a self-evaluation, but no output or effect
# the target rules check
PROCESS_LEVEL1 = ("投入", "决策", "过程")

# canonical 二级 -> canonical 一级 it belongs to (成本 under 产出 in older templates; 101-style 成本 一级 has
# 经济成本/社会成本/生态环境成本 under it), each 一级's 二级 in the order a form prints them.
LEVEL2_PARENT: dict[str, str] = {
    "数量": "产出",
    "质量": "产出",
    "时效": "产出",
    "成本": "产出",
    "经济成本": "成本",
    "社会成本": "成本",
    "生态环境成本": "成本",
    "经济效益": "效益",
    "社会效益": "效益",
    "生态效益": "效益",
    "可持续影响": "效益",
    "服务对象满意度": "满意度",
    "其他满意度": "满意度",
    "测算明细": "投入",
    "资金支出进度": "投入",
    # the evaluation framework (财预〔2020〕10号) and its provincial variants (宁夏: 项目管理 — 投入管理, 财务管理, 项目实施)
    "项目立项": "决策",
    "绩效目标": "决策",
    "资金投入": "决策",
    "资金管理": "过程",
    "组织实施": "过程",
    "投入管理": "过程",
    "财务管理": "过程",
    "项目实施": "过程",
    "业务管理": "过程",
}

# The 二级 whose rows state the project's money cost (社会成本 and 生态环境成本 state harm it may do, often none)
ECONOMIC_COST_LEVEL2 = ("成本", "经济成本")

# printed variant -> canonical 二级 (after normalise_level has removed *, ★, spaces, 指标, (50分)).
LEVEL2_VARIANTS: dict[str, str] = {
    "工作时效": "时效",
    "时效性": "时效",
    "环境效益": "生态效益",
    "可持续影响力": "可持续影响",
    "社会公众满意度": "服务对象满意度",
    "社会公众或服务对象满意度": "服务对象满意度",
    "服务对象满意": "服务对象满意度",
    "满意度": "服务对象满意度",  # 004 prints 满意度指标 as a 二级 under 效益; a 二级 满意度 means the service users
    "资金支出": "资金支出进度",
    "支出进度": "资金支出进度",
    "预算控制": "成本",  # older templates: 预算(或投资规模)控制指标 for 成本指标
    "投资规模控制": "成本",
}

# The 满意度 二级 as templates print it under the 效益 一级 (004: 满意度指标; the older national template: 社会公众或服务对象
# 满意度指标), after normalise_level: under a merged 效益 cell such a row stays under 效益, even in an export that
# scatters its cells (where 服务对象满意度指标 under 效益 means the 满意度 一级 was lost)
SATISFACTION_UNDER_BENEFIT = ("满意度", "社会公众或服务对象满意度", "社会公众满意度")

# printed 一级 variant -> canonical 一级: older templates (预期产出, 效果), a province's own (项目完成, 项目效益), OCR (产业)
LEVEL1_VARIANTS: dict[str, str] = {"产业": "产出", "预期产出": "产出", "项目产出": "产出", "项目完成": "产出", "效果": "效益",
                                   "项目效益": "效益", "预期效果": "效益", "项目效果": "效益",
                                   "项目决策": "决策", "项目过程": "过程", "项目管理": "过程"}

# ---------------------------------------------------------------------------------------------------------
# What forms print around their values: titles, header labels, column headings (the reader reads by these)
# ---------------------------------------------------------------------------------------------------------

# Form titles -> the kind of form they head. Matched as substrings of a title cell (after normalise), first match wins.
FORM_TITLES: tuple[tuple[str, str], ...] = (
    ("自评表", "self_evaluation"),
    ("自评情况表", "self_evaluation"),
    ("整体支出绩效目标", "department"),
    ("整体绩效目标", "department"),
    ("部门绩效目标表", "department"),
    ("绩效目标申报表", "target"),
    ("绩效目标表", "target"),
    ("绩效目标批复表", "target"),
    ("绩效目标审批表", "target"),
    ("绩效目标审核表", "target"),
    ("绩效目标评审申报表", "target"),  # (陕西: 绩效目标评审申报表（2028年度）)
    ("绩效目标公开表", "target"),
    ("绩效评价指标表", "target"),  # a project's indicators with their 目标值 (河北: …项目绩效评价指标表)
)

# Header labels (after normalise_label: no spaces, no colon, no parenthetical, no 其中) -> the canonical field.
# The first stem of each field is the name used in messages.
HEADER_LABELS: dict[str, tuple[str, ...]] = {
    "项目编码": ("项目编码", "项目编号", "项目代码"),
    "项目名称": ("项目名称", "项目支出名称", "专项资金名称", "专项名称", "资金名称", "二级项目名称", "转移支付名称",
             "转移支付项目名称"),
    "申请单位": ("申请单位", "实施单位", "填报单位", "项目实施单位", "项目单位", "下达地方或单位", "项目执行单位", "执行单位",
             "项目承担单位", "承担单位", "具体实施单位", "资金使用单位", "编制单位"),
    "一级预算单位": ("一级预算单位", "项目主管部门", "主管部门", "主管预算部门", "预算部门", "部门名称", "部门单位名称", "单位名称",
               "预算单位", "业务主管部门", "申报单位"),
    "实施期限": ("实施期限", "实施周期", "项目期限", "项目周期"),
    "项目类型": ("项目类型",),
    "是否新增项目": ("是否新增项目",),
    "项目属性": ("项目属性名称", "项目属性"),
    "分配方式": ("分配方式",),
    "起止时间": ("项目起止时间", "起止时间", "项目支出实施期", "项目实施期", "实施期", "项目期", "执行期限",
             # this year's period of a multi-year project: what its annual targets' deadlines fall within
             "本年度实施期限", "年度实施期限", "本年度起止时间", "本年度实施期", "年度实施期"),
    # a period printed as two labelled dates (项目开始日期 | 2028-01-01 | 项目结束日期 | 2028-06-30): read as 起止时间
    "开始日期": ("项目开始日期", "开始日期", "项目开始时间", "开始时间", "起始日期", "预计开始时间", "计划开始时间"),
    "结束日期": ("项目结束日期", "结束日期", "项目结束时间", "结束时间", "预计完成时间", "计划完成时间", "项目完成日期",
             "完成日期"),
    "项目总金额": ("项目总金额", "中期资金总额", "项目资金总额", "项目总投资", "项目总预算", "实施期资金总额"),
    "本年度项目金额": ("本年度项目金额", "本年预算金额", "本年度金额", "年度资金总额", "年度本级预算金额", "本年度资金总额",
                "年度预算金额", "本年度预算金额", "本年预算数", "当年资金总额", "资金总额", "项目预算金额",
                "下达中央预算内投资", "项目金额", "预算金额", "预算总额", "本年度安排", "年度安排", "本年安排",
                "本年度投资", "年度投资", "项目资金合计", "资金合计", "下达预算资金", "下达资金", "资金规模", "预算申报数"),
    "财政拨款资金": ("财政拨款资金", "财政拨款", "当年财政拨款", "一般公共预算拨款", "本级财政资金", "财政资金"),
    "其他资金": ("其他资金", "其它资金", "自筹资金", "单位自筹"),
    "转移支付资金": ("转移支付资金", "上级补助资金", "中央补助资金", "中央资金", "中央财政资金", "省级资金", "省级财政资金",
               "省级补助资金"),
    "政府购买服务资金": ("政府购买服务资金",),
    "上年结转资金": ("上年结转资金", "上年结转"),
    "政策依据": ("政策依据", "项目申报依据", "立项依据", "设立依据", "项目设立依据"),
    "测算依据": ("测算依据", "测算明细", "资金测算依据", "项目测算依据", "预算测算依据"),
    "项目概况": ("项目概况", "项目简介", "项目内容", "项目基本情况", "项目总体概况"),
    "项目用途": ("项目用途", "资金用途"),
    "年度目标": ("项目年度目标", "年度目标", "本年度绩效目标", "年度绩效目标", "年度总体目标", "本年度目标", "当年绩效目标",
             "年度整体绩效目标", "部门整体绩效目标", "整体绩效目标"),  # (a whole department's goal for the year)
    "长期目标": ("长期目标", "项目中期目标", "中期目标", "实施期绩效目标", "实施期目标", "总体目标", "中长期目标",
             "实施期总目标"),
    "备注": ("备注", "其他说明的问题", "其他需要说明的问题", "其他需说明的问题", "其他说明事项"),
    # the unit's rules and measures that secure the project (a template's row, above or under the indicator table)
    "保障措施": ("保障措施", "项目实施保障措施", "保证项目实施的制度、措施", "单位已有的保证项目实施的制度、措施",
             "单位已有的或拟订的保证项目实施的制度、措施"),
}
# Government levels a label may start with (市级主管部门, 自治区主管部门, 市县财政部门): the label of that level's unit or
# money. Higher = nearer the implementing unit: of two department labels, the nearer names the unit's own department.
GOVERNMENT_LEVELS: dict[str, int] = {"中央": 1, "省级": 2, "自治区": 2, "市级": 3, "市县": 4, "县级": 4, "区级": 4,
                                     "区县": 4, "乡镇": 5,
                                     # 地方 (中央主管部门 | 财政部, 地方主管部门 | …): the levels below the centre, the
                                     # unit's own among them
                                     "地方": 4}
_LEVELS_LONGEST_FIRST = sorted(GOVERNMENT_LEVELS, key=len, reverse=True)


def government_level(label: str) -> str:
    """The government level a (normalised) label starts with, '' for none: 自治区 of 自治区主管部门."""
    return next((level for level in _LEVELS_LONGEST_FIRST if label.startswith(level)), "")


# A unit's code printed before its name (404-永济市文化和旅游局, (433001)乌海市…, 305006-泸县住房保障服务中心) or after it
# (…综合执法局 308001)
_UNIT_CODE_BEFORE = r"^\s*[(（]?(?P<code>\d{3,})[)）]?\s*[-－—_\s]?\s*"
_UNIT_CODE_AFTER = r"\s*[(（]?(?P<code>\d{3,})[)）]?\s*$"
UNIT_CODE = re.compile(_UNIT_CODE_BEFORE)
UNIT_CODE_AFTER = re.compile(_UNIT_CODE_AFTER)
# A department label holding this (主管部门, 业务主管部门) names the department; the others of 一级预算单位 (预算单位,
# 单位名称) may name the unit itself, and give way to it when a form prints both
DEPARTMENT_LABEL_MARK = "主管"
# The labels of the date a form was filled in (填报日期 | 2028年3月8日)
FILING_DATE_LABELS = ("填报日期", "填表日期", "评价日期", "自评日期", "编制日期")
# The labels of a reviewer's opinion printed under a form (审核意见 | 同意申报。（盖章）)
REVIEW_LABELS = ("审核意见", "主管部门审核意见", "财政部门审核意见", "审批意见")
# A whole-department form's money by what it is spent on (按支出性质分 | 基本支出 | 1,920.50 / 项目支出 | 1,045.80): a
# second account of the same total as its income by kind
EXPENDITURE_SPLIT_LABELS = ("基本支出", "项目支出")
# The labels of a form's money unit, printed apart from its amounts (金额单位 | 万元, 单位：万元)
MONEY_UNIT_LABELS = ("金额单位", "单位", "资金单位", "货币单位")
# The labels a self-evaluation prints its total score under in its header (自评总分 | 99.7)
SELF_SCORE_LABELS = ("自评总分", "自评得分")
# The heading of a fund table's column of years, its rows a year each (年度 | 合计 | 中央财政资金, then 2028年 | 900.00)
YEAR_COLUMN_HEADINGS = ("年度", "年份", "资金年度", "预算年度")
# The heading over a fund table's row labels (资金总额及构成 | 项目 | 总额 | 财政拨款 | …, then 项目总额 | 1,040 | …): no
# amount's column
FUND_ROW_HEADINGS = ("项目", "类别", "资金类别", "资金项目", "来源")
# Words of a label that names money (下达预算资金（万元）, 项目资金合计, 资金构成): a figure beside one is an amount
MONEY_LABEL_WORDS = re.compile(r"资金|金额|预算|投资|经费|拨款")
# A fund table's column of money from elsewhere, its heading the bare word (资金总额 | 财政拨款 | 自有资金 | 其他)
OTHER_MONEY_HEADINGS = ("其他", "其它")
# Words of money that is no government's (自有资金, 农户自筹, 社会资本, 银行贷款): not a breakdown of 财政拨款 by level
NON_FISCAL_WORDS = ("自有", "自筹", "其他", "其它", "社会", "贷款", "银行", "企业", "捐赠", "群众", "农户")
# The labels of a self-evaluation's conclusion, under its table (自评结论：经自评，本项目…)
CONCLUSION_LABELS = ("自评结论", "评价结论", "绩效自评结论")
# The labels a self-evaluation prints its grade under (自评等级 | 良)
GRADE_LABELS = ("自评等级", "评价等级", "自评结果等级", "绩效等级", "绩效评价等级")
# Labels a header prints that name no field the checker reads (联系人…): known so their values are not taken for
# the value of the label before them, and kept as fields under their own name.
OTHER_HEADER_LABELS = ("项目负责人", "联系人", "联系电话", "项目负责人及电话", "负责人", "填报人", "填表人", "审核人",
                       *FILING_DATE_LABELS,
                       "单位负责人", "财务负责人", "项目级次", "资金性质", "项目分类", "支出功能分类", "财政处室", "财政部门",
                       *SELF_SCORE_LABELS, *EXPENDITURE_SPLIT_LABELS, "主要领导签字", "领导签字", "负责人签字",
                       "单位负责人签字", *GRADE_LABELS, *REVIEW_LABELS,
                       "预算调整说明", "调整说明", "资金调整说明", "预算调整情况说明", "资金来源说明", "资金使用说明")
# (预算调整说明…: a self-evaluation's money notes)
FREE_TEXT_FIELDS = ("政策依据", "测算依据", "项目概况", "项目用途", "年度目标", "长期目标", "备注", "保障措施")
# The heading of a fund table's amount column, printed where an amount's label expects its value (年度资金总额 |
# 金额(万元)): after normalise (NFKC)
AMOUNT_COLUMN_HEADING = re.compile(r"(?:金额|数额|资金数额|预算数)(?:\((?:万元|元|千元|亿元)\))?")
# A self-evaluation's goal rows: the label of what was done (年度总体目标完成情况, 实际完成情况), and of what was aimed at
GOAL_DONE_LABEL = re.compile(r"完成情况|实际完成|实现情况")
GOAL_EXPECTED_LABELS = ("预期目标", "预期")
# A goal cell's own label (年度目标：… / 完成情况：…) that names what was aimed at
GOAL_EXPECTED_LABEL = re.compile(r"目标|预期")
# The columns of a calculation table (a workbook's 测算明细 sheet), by their headings after normalise_heading
CALCULATION_COLUMNS = {
    "支出内容": "item", "工程内容": "item", "建设内容": "item", "项目内容": "item", "支出项目": "item", "费用名称": "item",
    "测算内容": "item", "明细项目": "item", "主要建设内容": "item", "成本项目": "item", "费用项目": "item", "数量": "quantity", "工程量": "quantity", "单位": "unit", "计量单位": "unit",
    "单价": "price", "标准": "price", "补助标准": "price", "金额": "amount", "测算金额": "amount", "预算金额": "amount",
    "投资": "amount", "投资额": "amount",
}
# A workbook's sheet of instructions for filling it in (填表说明): no form, and nothing of one to report unread
INSTRUCTION_SHEET_WORDS = ("说明", "目录", "注意事项", "填报要求")
# A label over a form's block of amounts (项目资金情况 | 年度资金总额 | 4,800,000.00), its money unit aside
FUND_BLOCK_LABELS = ("资金情况", "项目资金", "项目资金情况", "资金来源", "项目资金来源", "资金投入情况", "资金安排", "资金构成",
                     "预算申请", "资金总额及构成", "资金总额及来源", "项目资金申请", "资金申请")
AMOUNT_FIELDS = ("项目总金额", "本年度项目金额", "财政拨款资金", "其他资金", "转移支付资金", "政府购买服务资金", "上年结转资金")
# Words that end a label naming a property of an amount, not the amount (财政资金预算分类, 财政资金科目代码): a label that
# starts as an amount's does is not that amount when it ends so
AMOUNT_PROPERTY_ENDS = ("分类", "代码", "编码", "科目", "性质", "类型", "类别")
FUNDING_FIELDS = AMOUNT_FIELDS[2:]
# An amount label the stems above do not list, by its words: a multi-year total (中期市财政预算, 项目总投资额) or this
# year's amount (本年度申请市财政预算资金). Only short cells are read this way.
AMOUNT_LABEL_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"^(中期|实施期|项目总|总)\S{0,8}(预算|资金|金额|投资)(额|数|总额)?$", "项目总金额"),
    (r"^(本年度?|当年|年度)\S{0,10}(预算|资金|金额|总额|预算数)$", "本年度项目金额"),
)
# 资金总额 (项目金额, 预算金额) printed beside a label of this year's amount (当年资金总额) is the multi-year total;
# alone, this year's amount (项目金额 of a one-year form)
AMBIGUOUS_TOTAL_LABELS = ("资金总额", "项目金额", "预算金额", "预算总额")
# The fund source a part of an amount names (a line under 其中 whose words would name the amount itself): money of an
# upper level (中央预算内投资, 省级…: the levels above a city's) is a transfer; a city's, a county's or the unit's own
# government's is fiscal money
_UPPER_LEVEL_MONEY = (*(level for level, rank in GOVERNMENT_LEVELS.items() if rank <= 2), "省", "上级")
_OWN_LEVEL_MONEY = (*(level for level, rank in GOVERNMENT_LEVELS.items() if rank >= 3), "财政", "本级")


def fund_part_of(label: str) -> str | None:
    """None when the label names no source (其中：本年度金额 under a multi-year total is this year's amount)."""
    if any(w in label for w in _UPPER_LEVEL_MONEY):
        return "转移支付资金"
    return "财政拨款资金" if any(w in label for w in _OWN_LEVEL_MONEY) else None
# Words of a label naming where money comes from (中央水利发展资金, 上级工会补助, 县级配套, 居民及社会出资): in a form's block
# of amounts, a line so labelled is a part of the amount, kept under its printed name (Form.funding)
FUND_SOURCE_WORDS = ("资金", "补助", "经费", "拨款", "基金", "配套", "财政", "投资", "自筹", "出资", "转移支付", "债券", "贷款",
                     "本级", "资本")  # 本级安排: this level's own money; 社会资本: private money put in
_THIS_YEAR = r"(?:(?:19|20)\d{2}\s*年度?|本年度?|年度|当年)"  # 2027年度, 本年度, 当年: the words of this year
_FUND_BLOCK_PREFIX = re.compile("^" + _THIS_YEAR)


def names_fund_source(label: str) -> bool:
    """The label (normalised) names a source of money, not an amount's property (资金性质) nor a total (合计)."""
    return (2 <= len(label) <= 16 and any(w in label for w in FUND_SOURCE_WORDS) and not any(c.isdigit() for c in label)
            and not label.endswith(AMOUNT_PROPERTY_ENDS) and label not in MONEY_TOTAL_WORDS)


def is_fund_block_label(label: str) -> bool:
    """The label (normalised, no brackets) heads a block of amounts: 资金来源, 2027年度资金来源, 项目资金情况."""
    return label in FUND_BLOCK_LABELS or _FUND_BLOCK_PREFIX.sub("", label) in FUND_BLOCK_LABELS


# The heading of a fund table's column of amounts, by the term its amounts are for: the whole project's (项目总额
# （2027—2029年）, 总投资, 中期) or this year's (2028年度, 本年度安排)
_WHOLE_TERM = re.compile(r"(?:19|20)\d{2}\s*年?\s*[-—–~至到]\s*(?:19|20)?\d{2}|总额|总投资|总预算|总计|实施期|中期|项目总")
_YEAR_TERM = re.compile("^" + _THIS_YEAR + r"(?:预算|安排|资金|金额|预算数|投资|资金总额|总额|预算总额)?$")


def fund_term_of(heading: str) -> str | None:
    """"whole" or "year" for a fund table's column heading (after NFKC, brackets kept), None for any other. The year's
    words first: 年度资金总额 beside 中期资金总额 is the year's (总额 alone would make it the whole's)."""
    # (brackets and spaces dropped, the colon kept: 年度金额(万元): | 397 is a label and its value, no column's heading)
    if _YEAR_TERM.match(_BRACKETED_OR_SPACE.sub("", heading)):
        return "year"
    return "whole" if _WHOLE_TERM.search(heading) else None


_BRACKETED_OR_SPACE = re.compile(r"[(（][^)）]*[)）]|\s")


# A form's yes / no answers (是否新增项目: 是)
YES_NO = {"是": True, "否": False}
_NEW_PROJECT, _CONTINUING_PROJECT = "新增", "延续"


def project_attribute_is_new(text: str) -> bool | None:
    """项目属性 as written (新增项目, 延续项目): whether it says new; None when it says neither or both (☑新增 □延续: the
    boxes are read elsewhere) or only another property (经常性项目, 一次性项目)."""
    new, continuing = _NEW_PROJECT in text, _CONTINUING_PROJECT in text
    return None if new == continuing or any(m in text for m in CHECKED_MARKS) else new


# Labels that end a form's table as a footer rather than starting another form's header
FOOTER_LABELS = ("备注", "保障措施", "填报人", "填表人", "审核人", "联系电话", *FILING_DATE_LABELS, "单位负责人", "财务负责人",
                 "联系人",
                 *REVIEW_LABELS)
# A caption over an indicator table that says which term its targets are for (长期绩效指标 / 年度绩效指标): a form may
# print a multi-year table and an annual one, each with its own header
TABLE_TERM_CAPTION = re.compile(r"^(?P<term>长期|中期|实施期|年度|本年度)(?:绩效)?指标$")
LONG_TERMS = ("长期", "中期", "实施期")
# A caption over a group of a table's indicators (核心绩效指标, 其他绩效指标, 共性指标): no indicator itself
TABLE_GROUP_CAPTION = re.compile(r"^(?:核心|其他|共性|个性|通用|特色|关键|基本)(?:绩效)?指标$")
# A note under a table (注：各地请根据实际情况…, 填表说明：…): the table ends there
TABLE_NOTE = re.compile(r"^\s*(?:注|说明|附注|附件|填表说明)\s*\d*\s*[:：]")
# Marks of a ticked box in checkbox rows (□新增 ☑延续)
CHECKED_MARKS = ("☑", "√", "■", "▇", "✔", "✓", "☒", "þ")

# Indicator-table column headings -> the role of the column. Headings are matched after normalise_heading (NFKC, no
# spaces, no *, no parenthetical such as （万元） or (50分)). Roles: level1 level2 name target unit explanation, the parts
# of a target printed over sub-columns (target_cmp target_num), another target column (midterm_target: 中期, last_actual:
# 上年; later_target: a later year's, parse.columns), the self-evaluation columns (actual weight score deviation;
# actual_unit: the 单位 under 实际完成值), extra columns kept as printed (nature direction
# value_type standard remark seq; score_rate: the share of its weight a row scores), and the columns of a table that
# lists several projects (project amount goal applicant).
TABLE_COLUMNS: dict[str, str] = {
    "一级指标": "level1", "一级": "level1", "一级指标名称": "level1",
    "二级指标": "level2", "二级": "level2", "二级指标名称": "level2",
    "三级指标": "name", "三级": "name", "三级指标名称": "name", "指标内容": "name", "指标名称": "name", "具体指标": "name",
    "绩效指标名称": "name", "指标": "name",
    "指标值": "target", "目标值": "target", "年度指标值": "target", "指标值及单位": "target", "预期实现值": "target",
    "当年预期实现值": "target", "预期目标值": "target", "年度目标值": "target", "指标目标值": "target",
    "本年度指标值": "target", "年度预期指标值": "target", "预期值": "target", "标准值": "target", "指标标准值": "target",
    "年度指标": "target", "绩效指标值": "target", "预期指标值": "target", "目标": "target",
    "中期指标值": "midterm_target", "实施期指标值": "midterm_target", "中期目标值": "midterm_target",
    "实施期目标值": "midterm_target", "整体指标值": "midterm_target", "总体指标值": "midterm_target",
    "上年实际完成值": "last_actual", "上年实际值": "last_actual", "上年完成值": "last_actual",
    "上年度实际完成值": "last_actual", "上年指标值": "last_actual", "上年度指标值": "last_actual", "历史值": "last_actual",
    "度量单位": "unit", "计量单位": "unit", "单位": "unit", "指标单位": "unit", "计量": "unit",
    "指标解释": "explanation", "指标说明": "explanation", "备注说明": "explanation", "指标值说明": "explanation",
    "指标描述": "explanation", "评分标准": "explanation", "评扣分标准": "explanation", "指标定义": "explanation",
    "计算方法": "explanation", "计算公式": "explanation", "指标解释及计算公式": "explanation",
    "计算符号": "target_cmp", "符号": "target_cmp", "比较符": "target_cmp", "比较符号": "target_cmp", "运算符号": "target_cmp",
    "指标值符号": "target_cmp", "数值": "target_num", "指标数值": "target_num", "目标数值": "target_num",
    "实际完成值": "actual", "全年实际值": "actual", "实际值": "actual", "实际完成": "actual", "完成值": "actual",
    "全年实际完成值": "actual", "实际完成指标值": "actual",
    "分值": "weight", "权重": "weight", "指标权重": "weight", "分值权重": "weight", "权重分值": "weight",
    "得分": "score", "自评得分": "score", "评分": "score", "得分系数": "score_rate",
    "偏差原因分析及改进措施": "deviation", "偏差原因": "deviation", "偏差原因分析": "deviation",
    "未完成原因分析": "deviation", "偏差原因及改进措施": "deviation", "偏差原因分析及整改措施": "deviation",
    "指标性质": "nature", "指标属性": "nature", "指标类型": "nature", "定量定性": "nature",
    "指标方向": "direction", "方向": "direction", "指标导向": "direction", "正反向": "direction",
    "指标值类型": "value_type", "值类型": "value_type",
    "指标标准或依据": "standard", "指标值确定依据": "standard", "指标值设定依据": "standard", "取值依据": "standard",
    "评值依据": "standard", "指标来源": "standard", "参考标准": "standard",
    "绩效标准": "standard",  # (计划标准 / 行业标准 on every row, or 反映…: kept as printed)
    "评判方式": "nature", "评价方式": "nature", "考核方式": "nature",  # (≥ or 定量 a row: how the row is judged)
    "数据来源": "remark",  # where the actual value will come from (验收单, 台账): kept, not the target's basis
    # what a self-evaluation's row is proven by (佐证材料 | 监测报告、验收单): kept as printed
    "佐证材料": "remark", "佐证资料": "remark", "证明材料": "remark", "佐证材料名称": "remark",
    "保障绩效目标实现措施": "remark", "保障措施": "remark",
    "绩效目标内容": "remark",  # (陕西: what the template means by each 二级, printed beside it)  # how the unit will meet the targets (merged down the rows)
    "备注": "remark", "是否核心指标": "remark", "核心指标": "remark", "改进措施": "remark", "整改措施": "remark",
    # kept as printed: what a row scored against its target (完成比例, 扣分, 评价等次), a 一级's weight beside its rows
    "完成比例": "remark", "完成率": "remark", "完成程度": "remark", "扣分": "remark", "评价等次": "remark",
    "一级分值": "remark", "一级指标分值": "remark", "一级权重": "remark",
    # how a row is scored: read as 评分标准 is
    "评价标准": "explanation", "评判标准": "explanation", "计分方法": "explanation", "计分规则": "explanation",
    "评分方法": "explanation", "评分规则": "explanation", "计分标准": "explanation",
    # a target adjusted during the year (self-evaluations): kept as printed, and said when a row fills it
    "调整指标值": "adjusted_target", "调整后指标值": "adjusted_target", "调整后目标值": "adjusted_target",
    "序号": "seq", "编号": "seq", "序": "seq",
    "项目名称": "project", "项目": "project", "专项名称": "project",
    "项目金额": "amount", "预算金额": "amount", "资金总额": "amount", "金额": "amount", "预算数": "amount",
    "单位名称": "applicant",
    "年度绩效目标": "goal", "绩效目标": "goal", "年度目标": "goal", "总体目标": "goal",
}
# Headings not listed above, by a word they contain (first match wins): a province's own wording of a known column.
TABLE_COLUMN_WORDS: tuple[tuple[str, str], ...] = (
    ("项目名称", "project"),  # 一级项目名称 | 文物保护专项资金 | 二级项目名称 | …: a header's labels, no level columns
    ("偏差", "deviation"), ("原因", "deviation"), ("实际", "actual"), ("完成值", "actual"), ("上年", "last_actual"), ("中期", "midterm_target"),
    ("实施期", "midterm_target"), ("解释", "explanation"), ("说明", "explanation"), ("描述", "explanation"),
    ("评分", "explanation"), ("计算", "explanation"), ("计量单位", "unit"), ("度量单位", "unit"), ("符号", "target_cmp"),
    ("性质", "nature"), ("方向", "direction"), ("权重", "weight"), ("分值", "weight"), ("得分", "score"),
    ("来源", "standard"), ("依据", "standard"),  # 目标值来源, 指标值来源: where a target comes from (解释…来源 above)
    ("指标值", "target"), ("目标值", "target"), ("实现值", "target"), ("标准值", "target"), ("数值", "target"),
    ("三级", "name"),
    ("二级", "level2"), ("一级", "level1"), ("指标名称", "name"), ("备注", "remark"),
)
# Captions over the level columns (002's first column, the upper row of a two-row header): no column of their own.
TABLE_GROUP_LABELS = ("年度绩效指标", "绩效指标", "项目绩效指标", "绩效指标体系", "指标体系")
# Roles an indicator row must be read with for a row to be a table header: a name column and one of these.
TABLE_KEY_ROLES = ("target", "level1", "level2", "actual", "target_num")
# A whole-department form's duties table (年度主要任务 / 年度履职目标): headings -> what the column holds
DUTY_COLUMNS: dict[str, str] = {
    "任务名称": "name", "履职目标": "name", "支出项目": "name", "支出项目名称": "name", "职能职责": "name",
    "工作任务": "name", "部门职能": "name", "主要内容": "content", "任务内容": "content", "年度目标任务": "content",
    "预算金额": "amount", "金额": "amount",
}
# The self-evaluation money table (项目资金): column headings -> FundRow field, and the rows it prints.
FUND_COLUMNS: dict[str, str] = {
    "年初预算数": "initial_budget", "年初预算": "initial_budget", "年初预算金额": "initial_budget",
    "全年预算数": "budget", "调整后预算数": "budget", "全年预算": "budget", "预算数": "budget", "调整预算数": "budget",
    "全年预算数A": "budget",
    "全年执行数": "spent", "执行数": "spent", "全年实际执行数": "spent", "实际支出数": "spent", "全年执行数B": "spent",
    "分值": "weight", "执行率": "rate", "预算执行率": "rate", "执行率B/A": "rate", "得分": "score",
}
FUND_ROW_LABELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("年度资金总额", ("年度资金总额", "资金总额", "合计", "总额")),
    ("当年财政拨款", ("财政拨款", "当年财政", "本级财政")),
    ("上年结转资金", ("上年结转", "结转")),
    ("其他资金", ("其他资金", "其他")),
)


_HEADING_NOISE = re.compile(r"[(（][^)）]*[)）]|[\s*★☆:：]")


def normalise_heading(text: str) -> str:
    """A column heading or header label as the vocabulary spells it: NFKC, no spaces, no *, no （万元）/(50分)."""
    return _HEADING_NOISE.sub("", unicodedata.normalize("NFKC", text or ""))


# How the heading of a column naming a place ends: a table may print its targets once per town or district
# (… | 指标方向 | 笏石街道办 | 埭头镇), a value column for each
AREA_HEADING_ENDINGS = ("街道办事处", "街道办", "街道", "镇", "乡", "村", "社区", "区", "县", "市", "州", "旗")


@lru_cache(maxsize=4096)  # headings repeat on every form
def column_role(heading: str) -> str | None:
    """The role of an indicator-table column from its printed heading, or None when the heading names none."""
    h = normalise_heading(heading)
    if not h or len(h) > 16:
        return None
    role = TABLE_COLUMNS.get(h)
    if role is not None:
        return role
    if h in TABLE_GROUP_LABELS:
        return None
    for word, role in TABLE_COLUMN_WORDS:
        if word in h:
            return role
    return None


@lru_cache(maxsize=1024)
def fund_column(heading: str) -> str | None:
    """The FundRow field of a 项目资金 column heading (年初预算数 …), or None."""
    h = normalise_heading(heading)
    if h in FUND_COLUMNS:
        return FUND_COLUMNS[h]
    if h.endswith(("得分", "权重", "分值")) and len(h) <= 12:
        # 预算执行率得分, 执行率权重: the score the rate earns and its weight, not the rate
        return "score" if h.endswith("得分") else "weight"
    # (调整后预算 is the year's budget; 预算调整数 is the change to it, no column of FundRow)
    for word, field in (("年初", "initial_budget"), ("调整后", "budget"), ("全年预算", "budget"), ("执行率", "rate"),
                        ("执行数", "spent"), ("得分", "score"), ("分值", "weight"), ("权重", "weight")):
        if word in h and len(h) <= 12:
            return field
    return None


def form_kind_of_title(text: str) -> str | None:
    """The kind of form a title names (绩效目标申报表 -> target), or None when the text is no form title. A title
    without 表 is only taken when short: for a whole-department form (部门整体绩效目标), or a heading ending in
    项目绩效目标."""
    s = "".join(text.split())
    if "表" not in s and s.endswith(PROJECT_TITLE_END) and len(s) <= 40:
        return "target"  # a page's heading over one project's targets (…保洁长效管护项目绩效目标)
    if len(s) > 60 or ("表" not in s and (len(s) > 20 or not any(w in s for w in DEPARTMENT_TITLE_WORDS))):
        return None
    for word, kind in FORM_TITLES:
        if word in s:
            return kind
    return None


DEPARTMENT_TITLE_WORDS = ("整体支出绩效目标", "整体绩效目标")
# How a heading that names one project's targets ends, with no 表 (浙江's published pages: 3岁以下婴幼儿照护服务项目
# 项目绩效目标, then 主管部门: … and the indicator table): a target form's title
PROJECT_WORD = "项目"
PROJECT_TITLE_END = PROJECT_WORD + "绩效目标"
# An outline number before a heading or a label: 一、 (a 一级), （一） (a 二级 under it), 1. (一、产出指标（50分）,
# 1.数量指标, 1.中央资金)
OUTLINE_NUMBER = re.compile(r"^\s*(?:(?P<one>[一二三四五六七八九十]+\s*[、.．])|(?P<two>[(（]\s*[一二三四五六七八九十\d]+\s*[)）])"
                            r"|\d+\s*[.．、])\s*")
# A year as a title or a heading writes it (2023年度项目支出绩效目标表, 2029年目标值): the year is group 1
YEAR_WORD = re.compile(r"((?:19|20)\d{2})\s*年度?")
# A run of years in a text (2026—2028年分三年实施): the years a project spans
YEARS_RANGE = re.compile(r"((?:19|20)\d{2})\s*年?\s*[-—–~至到]\s*((?:19|20)\d{2})\s*年")


def project_in_title(title: str) -> str | None:
    """The project a form's title names (2019年度宁晋县高中助学金项目绩效评价指标表 -> 宁晋县高中助学金项目): what stands
    between the year and the form's word, when it ends in 项目 (a title such as 某区2027年项目支出绩效目标表 names none)."""
    s = "".join(title.split())
    year = YEAR_WORD.match(s)
    s = s[year.end():] if year else s
    for word, kind in FORM_TITLES:
        at = s.find(word)
        if at > 0 and kind == "target":
            head = s[:at].removesuffix("绩效")
            return head if head.endswith(PROJECT_WORD) and len(head) > len(PROJECT_WORD) + 2 else None
    return None


# Required 二级 categories of a complete target form (practice; configurable in the rule).
REQUIRED_LEVEL2 = ("数量", "质量", "时效", "成本", "社会效益", "服务对象满意度")
# The benefits (效益 二级 of a kind of benefit, 可持续影响 aside): JX523's default takes any of them for its 社会效益
REQUIRED_BENEFIT = "社会效益"
BENEFIT_LEVEL2 = ("经济效益", "社会效益", "生态效益")

# The 一级 every template has (RULES-REFERENCE "Levels"), and their 二级 in printed order: the table the drafter writes.
COMMON_LEVEL1 = ("产出", "效益", "满意度")
COMMON_LEVEL2 = tuple(l2 for l1 in COMMON_LEVEL1 for l2, parent in LEVEL2_PARENT.items() if parent == l1)

# 二级 names as a self-evaluation (004) prints them in a level cell: the common ones, 环境效益 for 生态效益, and 满意度
# as a 二级 inside 效益.
SELFEVAL_LEVEL2_PRINTED = COMMON_LEVEL2 + ("环境效益", "满意度")

_LEVEL_NOISE = re.compile(r"</?[a-zA-Z][^<>]*>|[\s*★☆]|[(（][^()（）]*[)）]\s*分?")


def normalise_level(text: str) -> str:
    """`*数量指标` -> `数量`, `产出指标 (50分)` / `成本指标(0-20)分` -> `产出` / `成本`, `数量指标(或建筑规模指标)` -> `数量`,
    `<p>工作时效</p>` -> `工作时效`, `产出值` -> `产出` (a province's 数量值 / 效益值 for 数量指标 / 效益指标)."""
    s = _LEVEL_NOISE.sub("", text or "")
    if s.endswith("等") and len(s) > 3:
        s = s[:-1]  # 服务对象满意度指标等
    if s.endswith(("指标", "目标")) and len(s) > 2:  # (数量目标, 社会效益目标: a province's word for the level)
        s = s[:-2]
    elif s.endswith("值") and len(s) > 2:
        s = s[:-1]
    return s


REQUIRED_MARKS = ("*", "★")  # before a 二级 name: the category is required


def is_required_mark(text: str) -> bool:
    for mark in REQUIRED_MARKS:
        if mark in text:
            return True
    return False


@lru_cache(maxsize=4096)  # level cells repeat on every form
def level1_of(text: str) -> str | None:
    """Canonical 一级 for a printed level-1 name, or None if the text is not one."""
    s = normalise_level(text)
    s = LEVEL1_VARIANTS.get(s, s)
    return s if s in LEVEL1 else None


@lru_cache(maxsize=4096)  # level cells repeat on every form
def level2_of(text: str) -> str | None:
    """Canonical 二级 for a printed level-2 name, or None if the text is not one. Benefits of several kinds in one 二级
    (社会、经济、生态效益指标) are read as 社会效益 when they name it, else as the first kind."""
    s = normalise_level(text)
    if s in LEVEL2_PARENT:
        return s
    if "、" in s and s.endswith("效益"):
        kinds = [k if k.endswith("效益") else k + "效益" for k in s.split("、")]
        known = [LEVEL2_VARIANTS.get(k, k) for k in kinds if LEVEL2_VARIANTS.get(k, k) in LEVEL2_PARENT]
        if len(known) == len(kinds):
            return "社会效益" if "社会效益" in known else known[0]
    return LEVEL2_VARIANTS.get(s)


def parent_of(level2: str | None) -> str | None:
    return LEVEL2_PARENT.get(level2 or "")


# ---------------------------------------------------------------------------------------------------------
# Polarity of indicator names (正向: higher is better; 反向: lower is better)
# ---------------------------------------------------------------------------------------------------------

Polarity = Literal["positive", "negative", "context"]

# A time to act (响应时间, 报告时间): the sooner the better
_TIME_TO_ACT = (r"(响应|处理|办结|等待|修复|处置|到达|排队|审批|办理|恢复|解决|维修|消退|退水|排空|报告|上报|出警|到场|反馈|答复)"
                r"(时间|时长|时限|用时)")
# What goes wrong (an event, a loss, a misuse): a rate or an amount of it is better the lower (差错率, 损失金额), and 0
# is a target, not a mistake (超标准发放补贴资金金额 = 0万元). A 漏X (漏报, 漏检) is one too (POLARITY_PATTERNS).
BAD_EVENT_WORDS = (
    "成讼", "诉讼", "犯罪", "发案", "案发", "纠纷", "故障", "差错", "错误", "误差", "误报", "投诉", "逾期", "事故", "超标",
    "返工", "流失", "空置", "偏差", "失误", "违规", "违约", "缺陷", "退件", "驳回", "发生", "损耗", "死亡", "伤亡", "复发",
    "渗漏", "渗水", "漏水",
    "辍学", "不合格", "延误", "拥堵", "发病", "受害", "受灾", "损失", "成灾", "感染", "致残", "破损", "丢失", "失效", "空驶",
    "闲置", "积压", "滞留", "返贫", "失业", "异常", "贫血", "患病", "罹患", "龋患", "患龋", "肥胖", "近视", "龋齿", "复涝",
    "内涝", "积水",
    "超支", "挪用", "截留", "浪费", "复吸", "再犯", "重复来电", "失访", "超载", "超时", "缺失", "遗漏", "缺勤", "白化", "复现",
    "退课", "退学", "污染", "含杂", "倒伏", "倒塌", "断枝",
    "病穗", "病株", "病果", "病叶", "病粒",  # a crop's diseased ears, plants, fruits (病穗率): not a hospital's 病床
)

# Words of a scoring rule (完成目标值得满分，未完成按完成比例计分): a 评分标准 column may print one rule on every row
SCORING_RULE_WORDS = ("满分", "扣分", "计分", "得分", "不得分", "按比例", "按完成比例")

# What is done about a bad event (纠正, 整改, 处置…): a rate of it is better the higher (差错纠正率, 投诉处理率)
HANDLING_WORDS = ("纠正", "整改", "处置", "处理", "查处", "办结", "化解", "调处", "排除", "修复", "解决", "整治", "防控",
                  "防治", "监测", "检测", "识别", "发现", "报告", "上报", "登记", "受理", "处罚", "回复", "答复", "核查",
                  "销号", "闭环", "响应", "救治", "预警", "拦截", "追回", "清理", "消除")

# Order matters: the first pattern that matches decides. Traps first (下降率 names a reduction but a bigger
# reduction is better), then lower-is-better (a 漏X率 is a rate of misses: 漏报, 漏检, 漏筛, 漏损), then higher-is-better.
POLARITY_PATTERNS: tuple[tuple[str, Polarity], ...] = (
    (r"(下降|降低|减少|节约|节能|压缩|减排|削减)(率|幅度|比例|量)", "positive"),
    # a saving (减少…送水费用, 机收每吨甘蔗节约生产成本): the more the better
    (r"(减少|节约|节省|降低|压减|节支)[\u4e00-\u9fa5]{0,8}(费用|成本|支出|开支)$", "positive"),
    (r"成本控制率", "negative"),
    # 含水率: of sludge or grain the lower, of soil it depends; 检出率: of a screening the higher (患者检出率), of a
    # disease in a stock the lower (苗圃黄龙病检出率)
    (r"(增长|变化|结余|增幅|变动|含水|检出)率|倍数", "context"),
    # a share of a whole: better higher or lower by what the part is (本地采购占比 ≥, 环形沟面积占比 ≤10% by a standard)
    (r"(占比|比重)$", "context"),
    # a miss or a mistake (漏损率, 漏喷重喷率, 误采率, 误报率), not its handling (漏洞修复率: positive below)
    ("(" + "|".join(BAD_EVENT_WORDS) + r"|[漏误](?:(?!" + "|".join(HANDLING_WORDS) + r")[\u4e00-\u9fa5]){1,3})率",
     "negative"),
    (r"(事故|投诉|差错|故障|违规|违纪|安全事件|失误|发案|案发|刑事案件|上访|火灾|灾害|污染事件|崩溃|宕机|中断|瘫痪|停机)(发生)?(数|次数|起数|数量|件数|宗数)?$", "negative"),
    (_TIME_TO_ACT, "negative"),
    (r"(时限|用时|耗时|等候时间|等待时间)$", "negative"),  # a time limit: the sooner the better (公开时限 ≤20个工作日)
    (r"(单价|费用|成本|开支|支出金额|造价|经费|花费|耗时)$", "negative"),
    (r"(自付|自负|负担)(费用)?(比例|率|比重)", "negative"),  # 个人自付比例: what a patient bears, the less the better
    (r"(合格|完成|达标|覆盖|及时|准确|正确|在线|可用|完好|知晓|参与|使用|利用|保障|发放|到位|验收|通过|采纳|"
     r"稳定运行|正常运行|运行|执行|支出进度达标|处置|办结|修复|排除|入库|上线|响应|录入|整改|留存|就业|"
     r"入学|巩固|普及|达成|满足|供给|回应|签约|准时|出勤|在岗|受益|提升|提高|分拨|解决|采集|通报|替换|接通|"
     r"识别|共享|归档|安装|开通|到岗|接种|治愈|好评|国产化|认证|备案|公开|考核|升级|生效|交付|测评)率", "positive"),
    (r"满意度|满意率|好评|获得感|幸福感|知晓度|认可度|信任度", "positive"),
    # a bad event a word or two before 率 (异常刷卡率, 差错发生率), not its handling (差错纠正率, 投诉办结率: positive above)
    ("(" + "|".join(BAD_EVENT_WORDS) + r")(?!" + "|".join(HANDLING_WORDS) + r")[\u4e00-\u9fa5]{1,2}率$", "negative"),
    (r"((?<![频概])率|比例|占比|比率)$", "positive"),
)

# guarded: a name is searched only when it holds a character every match needs (most names match few patterns)
_POLARITY_RE = tuple((guarded(p), pol) for p, pol in POLARITY_PATTERNS)


@lru_cache(maxsize=8192)
def polarity_of(name: str) -> Polarity | None:
    """Polarity of an indicator from its name, or None when the name does not say (e.g. a plain count)."""
    n = re.sub(r"\s+", "", name or "")
    for rx, pol in _POLARITY_RE:
        if rx.search(n):
            return pol
    return None


# ---------------------------------------------------------------------------------------------------------
# Units
# ---------------------------------------------------------------------------------------------------------

UnitFamily = Literal["percent", "count", "time", "money", "area", "length", "mass", "volume", "score", "ratio", "multiplier", "date"]

UNIT_FAMILIES: dict[str, tuple[str, ...]] = {
    "percent": ("%", "％", "百分比", "百分点"),
    "money": ("元", "万元", "亿元", "千元", "元/人", "元/年", "万元/年"),
    "time": ("年", "个月", "月", "周", "天", "日", "个工作日", "工作日", "小时", "分钟", "秒", "h", "min", "季度", "学期"),
    "area": ("平方米", "㎡", "m²", "m2", "平方公里", "亩", "公顷", "万平方米"),
    "length": ("公里", "千米", "米", "km", "延米"),
    "mass": ("吨", "千克", "公斤", "克", "kg", "斤"),
    "volume": ("立方米", "m³", "升", "万立方米", "方", "空方"),  # 空方: a reef's volume of voids
    "score": ("分",),
    "ratio": ("倍",),
    "multiplier": ("万", "亿", "千", "百"),
    "date": ("日期", "年月日"),  # 度量单位 of a deadline (2025年12月31日前); matches facts.target_family "date"
    "count": (
        "个", "台", "套", "人", "人次", "次", "场", "场次", "份", "篇", "件", "户", "项", "本", "册", "家", "所", "条",
        "批", "期", "座", "处", "辆", "部", "张", "门", "名", "例", "起", "宗", "单", "间", "栋", "支", "架", "块",
        "组", "点", "路", "页", "课时", "学时", "节", "班", "轮", "笔", "盏", "棵", "株", "只", "头", "床", "床位",
        "户次", "人天", "人日", "人月", "篇次", "期次", "车次", "批次", "项次", "个次", "家次", "所次", "校", "村",
        "份次", "GB", "TB", "剂次", "剂", "位", "路次", "套次", "颗", "把", "箱", "类", "种", "卷", "集", "幅", "首", "场所", "所学校", "顶",
        # doors and windows (樘), boats (艘), wells (眼, 口, 孔), poles (杆, 根), fish fry (尾), poultry (羽), trips and classes
        "樘", "艘", "扇", "眼", "口", "孔", "杆", "根", "尾", "羽", "趟", "班次", "课次", "台套", "台次", "宗次", "片", "画幅", "羽次",
        "盘", "袋", "瓶", "针",
        # livestock counted by head or by animal, as 头（只）, and their vaccinations (头（只）次); a bus network's
        # service in vehicle-kilometres (车公里), counted like 人次
        "头（只）", "头(只)", "头（只）次", "头(只)次", "头只", "车公里", "万车公里",
    ),
    # installed capacity (装机容量) and energy (发电量, 节电量)
    "power": ("千瓦", "兆瓦", "kW", "MW", "万千瓦"),
    "energy": ("千瓦时", "kWh", "万千瓦时", "兆瓦时"),
}

# Families that measure how much was done (an output quantity), as opposed to how well (percent, score).
QUANTITY_FAMILIES = ("count", "area", "length", "mass", "volume", "power", "energy")

_UNIT_INDEX: list[tuple[str, str]] = sorted(
    ((u, fam) for fam, us in UNIT_FAMILIES.items() for u in us), key=lambda x: -len(x[0])
)

# Units that are durations, with their length in hours (月 = 30 days, 年 = 365 days: for comparisons only).
DURATION_HOURS: dict[str, float] = {
    "秒": 1 / 3600, "分钟": 1 / 60, "min": 1 / 60, "小时": 1, "h": 1, "天": 24, "日": 24, "工作日": 24,
    "个工作日": 24, "周": 168, "个月": 720, "月": 720, "季度": 2160, "年": 8760,
}

SCALES = {"千": 1e3, "万": 1e4, "亿": 1e8}

# How the name of a fund source ends: an amount cell may print the source before the sum (中央就业补助资金186,
# 中央衔接推进乡村振兴补助资金(少数民族发展任务)50)
FUND_NAME_ENDS = ("资金", "补助", "经费", "拨款", "基金")
# Money units as written (元, 万元, a bare 万 or 亿 in text), in yuan.
MONEY_UNIT_YUAN: dict[str, float] = {"元": 1.0, "千元": 1e3, "万元": 1e4, "万": 1e4, "亿元": 1e8, "亿": 1e8}
# The unit a filer slips into under a table's money unit (2,565,000 元 under a 万元 heading)
MONEY_UNIT_SLIPS = {"万元": "元", "元": "万元"}
# One of them written after an amount in a table's cell (372.29万元, 150万): the number is in the table's unit
MONEY_UNIT_AT_END = re.compile("(" + "|".join(sorted(MONEY_UNIT_YUAN, key=len, reverse=True)) + ")$")

# The units a stated time limit is written in (48小时内, 20个工作日, 3个月内): a regex alternation, longest first where
# one unit starts another (个工作日 before 工作日, 个月 before 月).
LIMIT_UNITS = r"个工作日|工作日|个小时|小时|分钟|天|日|周|个月|月"

# What a unit family is called in messages (`24小时内` 是时长).
UNIT_FAMILY_NAMES: dict[str, str] = {
    "percent": "百分比", "count": "计数单位", "time": "时长", "money": "金额", "area": "面积", "length": "长度",
    "mass": "重量", "volume": "体积", "score": "分值", "ratio": "倍数", "date": "日期", "multiplier": "数量级",
}


@lru_cache(maxsize=4096)
def unit_family(unit: str | None) -> str | None:
    """Family of a unit as written (`件/年` -> count; `个系统` -> count by its leading unit)."""
    if not unit:
        return None
    u = unit.strip()
    base = u.split("/")[0] if "/" in u and u not in UNIT_FAMILIES["money"] else u
    for cand in (u, base):
        for known, fam in _UNIT_INDEX:
            if cand == known:
                return fam
    for known, fam in _UNIT_INDEX:
        if base.startswith(known) and fam != "multiplier":
            return fam
    if len(base) > 1 and base[0] in "万亿千百":  # 万人次, 万立方米: a scaled unit is of its unit's family
        return unit_family(base[1:])
    return None


# ---------------------------------------------------------------------------------------------------------
# Kinds of indicator, by name: what a value of this indicator should look like
# ---------------------------------------------------------------------------------------------------------

IndicatorKind = Literal["rate", "duration", "deadline", "money", "count", "quality_text"]

KIND_PATTERNS: tuple[tuple[str, IndicatorKind], ...] = (
    # (免疫密度, 接种密度: the share of animals or people immunised, public health's word for a coverage rate)
    (r"(满意度|满意率)$|((?<![效频概])率|比例|占比|比率|百分比)$|率[（(]|覆盖面|(免疫|接种)密度$", "rate"),
    (r"(时间|时长|时限|用时|期限|周期|工期)$|(响应|处理|办结|到达)时间", "duration"),
    (r"(完成|交付|上线|验收|竣工)(时间|日期|节点)$", "deadline"),
    (r"(金额|费用|成本|单价|资金|经费|造价|投资|开支|价格|补贴标准|补助标准)$", "money"),
    # a count by its noun or by its unit (抽检批次, 服务人次, 走访户次)
    ((r"(数量|数|人数|次数|个数|场次|台数|套数|户数|项数|篇数|份数|件数|天数|条数|(?<![质能])量|规模|面积|长度|里程|场数|"
      r"批次|人次|户次|车次|架次|班次)$"), "count"),
)
_KIND_RE = tuple((guarded(p), k) for p, k in KIND_PATTERNS)  # guarded, as _POLARITY_RE
# A deadline that recurs (每月10日前, 每季度末, 每周五前): a time target a self-evaluation checks each period
RECURRING_DEADLINE = re.compile(r"^每(?:个)?(?:月|季度?|周|年|学期)[^，。,;；]{0,10}?(?:前|内|以前|之前|底|末|完成)$")
# The name of a cost indicator that states the whole year's cost (项目总成本, 油茶项目总成本, 成本总额): it cannot exceed
# the year's money
TOTAL_COST_NAME = re.compile(r"总成本$|成本总额$|项目成本$|总费用$|总支出$|总额$")  # 劳务补助总额: a cost's whole too
# Words every deadline's name holds (完成时间, 时限, 按期): no evidence that a text's deadline is a row's (JX726)
DEADLINE_NAME_WORDS = frozenset("完成时间日期限前之内按期及时年月")
# A whole, of which a rate's numerator should count a part (教室总数, 总面积): a formula dividing it by a part is upside down
WHOLE_WORDS = ("总数", "总面积", "总量", "总人数", "总户数", "总次数", "总长度", "总里程", "总数量", "全部")
# Names of a measure that has no unit (灌溉水利用系数 ≥0.85, 综合指数, 容积率 aside): a bare number is its value
DIMENSIONLESS_NAME_ENDS = ("系数", "指数", "比值", "郁闭度", "盖度")  # 林带郁闭度 ≥0.6, 植被盖度: a fraction of one


@lru_cache(maxsize=8192)
def indicator_kind(name: str) -> IndicatorKind | None:
    n = re.sub(r"\s+", "", name or "")
    for rx, k in _KIND_RE:
        if rx.search(n):
            return k
    return None


# ---------------------------------------------------------------------------------------------------------
# Qualitative grades and placeholders
# ---------------------------------------------------------------------------------------------------------

# Grade words (分级分档): a target made of these is qualitative.
GRADE_WORDS = (
    "显著", "明显", "较明显", "一般", "有效", "及时", "良好", "优秀", "优", "良", "满意", "全部满意", "基本满意",
    "合格", "达标", "提高", "有所提高", "提升", "有所提升", "长期有效", "有效落实", "持续", "完成", "按时完成",
    "是", "高", "较高", "准确", "规范", "稳定", "正常", "逐步提升", "达到预期", "符合要求", "验收合格", "通过验收",
    "内容准确", "及时有效", "改善", "增强", "降低", "减少", "好", "较好", "充分", "全覆盖", "无",
    "收支平衡", "略有结余",  # a fund's state at the year's end (医保基金运行情况)
)
# Everything done (全面完成, 已全部完成): not after 未/基本/部分
_ALL_DONE = r"(?<![未没基部])(?:全面|全部|圆满|均已|已全部)完成"
# A 偏差原因 that says there was none (无偏差, 已按计划全面完成), on a row that lost points
NO_DEVIATION_CLAIM = re.compile(r"无偏差|没有偏差|不存在偏差|" + _ALL_DONE)
# Words giving a cause (因房屋拆迁, 由于…, 受冻雨影响): a 偏差原因 holding one explains a shortfall, though it may say the
# rest was done (应装户已全部完成)
CAUSE_WORDS = re.compile(r"因|由于|受[^，,。；;]{1,12}影响|原因|导致|造成")
# A 偏差原因 that says the row missed its target (单产未达到年度目标), on a row that met it
MISSED_CLAIM = re.compile(r"未(?:能)?(?:达到|完成|实现)(?:年度|预期)?(?:目标|指标)|没有(?:达到|完成)(?:年度|预期)?(?:目标|指标)")
# The bands a qualitative indicator is scored in (财预〔2020〕10号), by the words of its actual value, the first that
# matches: (words, the lowest and the highest share of its 分值)
QUALITATIVE_BANDS: tuple[tuple[str, float, float], ...] = (
    ("部分达成", 0.6, 0.8), ("基本达成", 0.6, 0.8), ("未达成", 0.0, 0.6), ("达成", 0.8, 1.0),
)
# A text admitting a target missed (观众人次未达目标, 培训人次未完成): a claim of everything done beside it is of a part
ADMITS_MISS = re.compile(r"未(?:能)?(?:达到|达成|完成|实现)|未达|没有(?:达到|完成)|差距|欠缺")
# A self-evaluation's text saying every target was met (全面完成年度目标, 各项指标均达到预期): not after 未/基本/部分
ALL_TARGETS_MET = re.compile(_ALL_DONE + r"(?:了)?(?:年度|全年|预期)?(?:绩效)?(?:目标|任务)"
                             r"|各项(?:绩效)?指标(?:(?:均|全部|都)(?:已)?(?:全面|全部)?|已?(?:全面|全部))(?:达到|完成|实现)"
                             r"|(?<![未没])(?:均|全部|都)(?:已)?达到(?:预期|目标)"
                             r"|(?:目标|任务)[^，,。；;]{0,24}?(?<![未没基部])(?:全部|全面|均已|均)完成")
# A state the year's end shows done or not, as 完成 (全部建立, 已建成, 全面落实, 逐步健全): the whole target, since the words
# are common in names (规章制度建立与否, 机制建立情况)
DONE_STATE = re.compile(r"^(?:已|全部|全面|均已|全部已|按期|按时|逐步|基本)?(?:建立|建成|落实|健全|完善){1,2}(?:到位|完成)?$")
# An achievement as a target (建成县乡两级服务体系, 建立县乡村三级工作机制, 通过省级胸痛中心验收): done or not at the year's
# end, a qualitative target (scored in the bands of 达成), not an unreadable one
ACHIEVEMENT = re.compile(r"^(?:全面|全部|按期|按时|如期)?(?:建成|建立|通过|完成|实现|取得|形成|出台|制定|印发|获得|获评|创建|创成)"
                         r"[^\d０-９]{2,20}$")
# A state kept through the year (修缮后保持原有传统风貌, 维持现有生态功能): done or not at the year's end, a qualitative
# target as an achievement is
KEPT_STATE = re.compile(r"^[^\d，,。；;]{0,4}?(?:保持|维持)[^\d，,。；;]{2,16}$")
# Conformity to a named document (符合《梧州骑楼城保护规划》风貌管控要求, 达到《…标准》): checked against it, done or
# not; a bare 符合相关规定 names none, and stays unreadable
CONFORMS_TO_DOCUMENT = re.compile(r"^(?:全部|均)?(?:符合|达到|满足)《[^》]{2,40}》[^\d，,。；;]{0,12}$")
# A class a standard defines (达到国家C级及以上, A级, 3A级, 二级, Ⅱ类, 四星级): a grade the standard itself bands
STANDARD_CLASS = re.compile(r"^(?:达到|符合)?(?:国家|省级|省|市级|市|行业)?(?:标准)?(?:[A-Da-d]|[1-5]A|[甲乙丙丁一二三四五]|[ⅠⅡⅢⅣⅤ])"
                            r"(?:级|类|星级)(?:标准)?(?:及以上|以上)?$")
# Grades that 指标解释 commonly defines as a percentage band (显著 = 80%–100%).
BANDED_GRADES: tuple[str, ...] = ("显著", "较明显", "明显", "一般", "有效", "良好", "优秀", "较好", "部分达成", "达成")

PLACEHOLDERS = ("*", "**", "***", "/", "-", "—", "--", "——", "…", "...", "详见", "见附件", "待定", "待填", "另附", "略")
NOT_APPLICABLE = ("不适用", "不涉及", "无此项", "N/A", "n/a", "NA")
# A blank template's numbered or elided row (指标1, 指标2, ……) that nobody filled: no indicator, nothing to check
TEMPLATE_FILLER_NAME = re.compile(r"^(?:指标\s*[0-9一二三四五六七八九十]+|[…\.。．·]+|[xX×]+)$")


def is_not_applicable(text: str | None) -> bool:
    """A cell that says the row does not apply (不适用, 不涉及, N/A…)."""
    return bool(text) and text.strip() in NOT_APPLICABLE  # type: ignore[union-attr]


def says_not_applicable(text: str | None) -> bool:
    """A cell that says the row does not apply, with or without its reason (不适用（2027年未发生理赔）, 不涉及：…)."""
    t = (text or "").strip()
    word = next((w for w in NOT_APPLICABLE if t.startswith(w)), None)
    return word is not None and (len(t) == len(word) or t[len(word)] in "（(：:，,。 ")

# Level-2 canonical names whose targets should be numbers, dates or durations, not grades (practice).
QUANTITATIVE_LEVEL2 = ("数量", "时效", "成本", "经济成本", "服务对象满意度", "其他满意度")

# Level-2 canonical names that do not measure time: a deadline or duration target there belongs under 时效 (数量 is
# not listed: a service duration under 数量, 服务时长 1年, is common).
NON_TIME_LEVEL2 = ("质量", "社会效益", "经济效益", "服务对象满意度")

# Units of one quantity in different sizes, by their size in the family's base (平方米, 米, 千克): 200公顷 is 3,000亩
UNIT_SCALE: dict[str, float] = {
    "平方米": 1.0, "㎡": 1.0, "m²": 1.0, "m2": 1.0, "亩": 10000 / 15, "公顷": 10000.0, "万平方米": 1e4, "平方公里": 1e6,
    "米": 1.0, "延米": 1.0, "公里": 1000.0, "千米": 1000.0, "km": 1000.0,
    "千克": 1.0, "公斤": 1.0, "kg": 1.0, "斤": 0.5, "克": 0.001, "吨": 1000.0,
}
# Units that count the same thing: 68名 and ≥62人 are both persons.
UNIT_SYNONYMS = {"名": "人", "位": "人"}
_UNIT_ALTERNATIVE = re.compile(r"[(（][^)）]{1,3}[)）]")  # 台(套), 头（只）次: the alternative wherever it stands


def same_unit(unit: str | None) -> str | None:
    """The spelling a unit is compared by: 名/位 -> 人, 台(套) -> 台, 头（只）次 -> 头次 (a unit with its alternative in
    brackets)."""
    if not unit:
        return unit
    u = _UNIT_ALTERNATIVE.sub("", unit) or unit
    return UNIT_SYNONYMS.get(u, u)

# Words of events that are bad (a 正常运行率 must not count them in its numerator) and good: those the polarity of a name
# is read by (BAD_EVENT_WORDS), but 发生, which a good count may say (发生火情后及时处置的次数), and a few of failing
_BAD_EVENT_NOUNS = tuple(dict.fromkeys(("错误", "故障", "失败", "不合格", "投诉", "差错", "事故", "逾期", "异常", "中断", "宕机",
                                        "缺陷", "死亡", "伤亡", "污染", *(w for w in BAD_EVENT_WORDS if w != "发生"))))
# A bad event, or a good one negated (未按协议完成, 不规范, 未达标): what the numerator of a lower-is-better rate counts
BAD_EVENT = re.compile("|".join(_BAD_EVENT_NOUNS) + r"|不规范|不达标|不准确|不及时|"
                       r"未(?:[\u4e00-\u9fa5]{0,6}?)(?:完成|履约|达标|通过|合格|到位|办结|解决|落实|兑现)")
GOOD_EVENT = re.compile(r"合格|正常|成功|达标|完成|准确|正确|满意|在线|可用|解决|处理|修复|排除|按时|及时|响应")
# Handling a bad thing (已核查处置的不合格产品批次, 已整改问题数) counts good events, unless it is negated (未完成整改的问题数)
HANDLED_BAD_EVENT = re.compile(r"处置|整改|查处|纠正")
NOT_HANDLED = re.compile(r"未|没有")
# A bad event negated (未发生故障, 无损坏、无丢失): a good count
NEGATED_BAD_EVENT = re.compile(r"(未|无|不|没有|非)(发生|出现|发现)?(" + "|".join(_BAD_EVENT_NOUNS) + ")")
# What the numerator of a rate must count, by the word before 率 (就业率 counts 就业): the word and the words that say
# the same. A formula whose numerator says none of them computes another quantity (就业率 = 取得证书人数/参训人数).
RATE_EVENT_WORDS: dict[str, tuple[str, ...]] = {
    "就业": ("就业", "上岗", "录用", "签约", "创业"),
    "有效": ("有效", "好转", "改善", "显效", "达到", "提高", "提升"),
    "治愈": ("治愈", "痊愈", "康复"),
    "合格": ("合格", "通过", "达标", "符合", "验收"),
    "准确": ("准确", "正确", "无误", "一致", "规范", "相符", "吻合", "符合"),
    "履约": ("履约", "按协议", "按合同", "完成"),
    "参与": ("参与", "参加", "参训"),
    "到位": ("到位", "拨付", "到账", "下达", "就诊", "到达", "报到", "落实", "配齐", "配备", "安装", "交付"),
    "办结": ("办结", "办理", "完成", "处理"),
    "使用": ("使用", "利用", "启用", "运行", "更新", "调阅", "访问"),  # (a record is used when updated or read)
    "回收": ("回收", "回用", "收回", "捡拾", "拾捡"),
}

# What an explanation copied from another row talks about (验收合格 under a 稳定运行率).
EXPLANATION_TOPICS = ("验收合格", "合格情况", "满意度", "及时性", "完成情况", "支出进度")

# Rates that count more than one per head of what they are rates of, and so may exceed 100% (产羔率 230%: lambs per ewe;
# 出栏率, 周转率: turnovers in a year)
MAY_EXCEED_WHOLE = re.compile(r"(?:产羔|产仔|产犊|繁殖|出栏|周转)率")
# Names of satisfaction indicators, and what may stand under 一级 满意度 (satisfaction or its measured proxies).
SATISFACTION_NAME = guarded(r"满意度|满意率|满意程度|好评率")  # guarded: run on a name holding 满 or 好
SATISFACTION_LEVEL_NAME = re.compile(r"满意|好评|评价|认可|获得感|考核|评分|得分|测评")

# How a complete organisation name ends (a name that does not was cut off: …数据管理).
ORG_TYPE_ENDINGS = ("局", "中心", "委员会", "委", "办公室", "办事处", "办", "院", "卫生院", "所", "站", "队", "公司", "馆",
                    "学校", "小学", "中学", "幼儿园", "校", "医院", "处", "科", "部", "会", "厅", "署", "街道", "社区",
                    "政府", "镇", "乡", "集团", "室", "联合社", "合作社", "社", "场", "台",
                    "股", "段", "大学", "学院")  # 股: a county bureau's section; 段: 公路养护段; 老年大学, 职业技术学院
# What a budget system prints around a unit's name: its code before ((433), 433001 ) or after (… 308001), a mark of
# the level it reports at ((部门), 部门, (单位)), and the unit's other plate in brackets after its name (…市场监督管理局
# （知识产权局）); the name is what is left
ORG_NAME_WRAPPING = re.compile("|".join(p.replace("?P<code>", "") for p in (_UNIT_CODE_BEFORE, _UNIT_CODE_AFTER))
                               + r"|\s*[(（](?:部门|单位)[)）]\s*$|(?<=[局委办院所站队会厅署])(?:部门|单位)\s*$"
                               + r"|(?<=[局委办院所站队会厅署心])\s*[(（][^()（）]{1,20}(?:" + "|".join(ORG_TYPE_ENDINGS)
                               + r")[)）]\s*$|\s*[(（]盖章[)）]\s*$")
# the endings of a complete name: a type word, or the mark of the unit itself (（本级）)
ORG_NAME_ENDS = (*ORG_TYPE_ENDINGS, "（本级）", "(本级)", "本级")


@lru_cache(maxsize=1024)  # a unit's name stands on every form of its department
def org_name_proper(value: str) -> str:
    """A unit name as a form prints it, without the code and the level mark around it (ORG_NAME_WRAPPING)."""
    return ORG_NAME_WRAPPING.sub("", value.strip())


# --- text_inconsistency (JX612–JX614): brackets of names, 的 before the type word, type words of one kind ---
# Bracket pairs of a name; full- and half-width parentheses are one kind, so `(本级）` is balanced.
NAME_BRACKETS: tuple[tuple[str, str], ...] = (("（(", "）)"), ("《", "》"), ("【", "】"), ("“", "”"))
# A 的 right before the type word that ends a unit name (…建设的中心, …管理的局): official names have none.
ORG_NAME_DE_END = re.compile("的(?:管理服务|管理|服务|分)?(?:" + "|".join(ORG_TYPE_ENDINGS) + ")$")
# Type words that name one kind of unit: a name that agrees up to the type word and ends in another word of the
# same group (…福田管理局 / …福田分局, …数据管理局 / …数据局) is the same organisation written two ways. Words of
# different kinds (…局 / …中心: a bureau and the centre under it) name different units and are not listed together.
ORG_TYPE_VARIANTS: tuple[tuple[str, ...], ...] = (("管理局", "分局", "局"),)
ORG_TYPE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    sorted(((w, g) for g in ORG_TYPE_VARIANTS for w in g), key=lambda x: -len(x[0])))
# --- end JX612–JX614 ---
ORG_NAME_ENDINGS_IN_TEXT = ("管理局", "数据局", "中心", "委员会", "办公室", "服务局", "研究院", "医院", "学校", "街道办事处")
# An organisation name written in a text (`…建设中心`): 6 to 40 Han characters or brackets, then an ending
_ORG_NAMES = NamesEndingIn(ORG_NAME_ENDINGS_IN_TEXT, "\u4e00-\u9fa5（）()", shortest=6, longest=40)
ORG_NAME_IN_TEXT = _ORG_NAMES.pattern


def org_names_in_text(text: str) -> Iterator[str]:
    """The organisation names written in a text: what ORG_NAME_IN_TEXT.finditer finds."""
    return _ORG_NAMES.find(text)


# A name that asks how soon (a limit or a completion time), not how long a service runs (服务时长, 开放时间)
# The unit an indicator's name carries at its end: 实施营造林总面积(亩), 苗木成活率(≥**%) (a template's placeholder
# that the filer kept, with the unit it asks for)
NAME_UNIT = re.compile(r"[(（]\s*(?:[≥≤><=＞＜]=?\s*)?\**\s*(?P<unit>[^()（）\d*≥≤<>=\s]{1,6})\s*[)）]\s*$")
# A rate per thousand (死亡率(‰)): a unit of no family the rules compare, written as a rate's own unit
PER_MILLE = "‰"
# A template's placeholder left in a name or a value: (≥**人), ××, XX
TEMPLATE_PLACEHOLDER = guarded(r"\*\*|××|XX|xx")  # guarded: run on a name holding *, ×, X or x
# A template's hint in brackets at a name's end (（≥**%）, (≥**人)), and the stars that mark a required row (★★★): the
# template's words, not the indicator's name
TEMPLATE_HINT = re.compile(r"[(（][^()（）]*(?:\*\*|××|XX|xx)[^()（）]*[)）]\s*$|^[★☆*]+")
# Count units of different things: a target in one and an actual in another (≥500人次, 520人) are no one measure
COUNTED_APART: tuple[frozenset[str], ...] = (frozenset(("人", "名", "位", "万人")), frozenset(("人次", "万人次")),
                                             frozenset(("户", "万户")))


def counted_apart(a: str | None, b: str | None) -> bool:
    """Two count units that count different things (persons and person-times, persons and households)."""
    ga = next((g for g in COUNTED_APART if a in g), None)
    gb = next((g for g in COUNTED_APART if b in g), None)
    return ga is not None and gb is not None and ga is not gb


# What an indicator's name says it counts, by its last words, and the units that count that (a 人数 is counted in 人,
# not in 人次): name ending -> units (or a unit family, after "family:")
NAME_MEASURE_UNITS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("人数", ("人", "名", "位", "万人")), ("人次", ("人次", "万人次")),
    ("用户数", ("人", "户", "个", "万人", "万户")),  # users: people or accounts, not households (户数)
    ("户数", ("户", "万户")),
    # parcels and pieces are counted, not weighed (年处理快递包裹量 in 万吨)
    ("包裹量", ("件", "万件", "个", "万个", "单", "万单")), ("快递量", ("件", "万件", "单", "万单")),
    # times, also of a thing that moves or is dispatched (出车 3.6万车次, 航班架次); 人次 counts people, not times
    ("人天数", ("人天", "人日", "人·天", "人/天")),  # person-days, before 天数
    ("次数", ("次", "万次", "车次", "万车次", "架次", "台次", "班次", "趟次", "批次", "航次", "船次", "场次",
             "起", "宗", "例", "件")),  # (事故发生次数 0 起: events are counted in 起, 宗, 例, 件)
    # 场数 counts sessions (演出场数: 场) or places (养殖场数, 停车场数: 个, 家, 处)
    ("场次", ("场", "次", "场次")), ("场数", ("场", "个", "家", "处")), ("天数", ("天", "日", "个工作日", "工作日")),
    ("面积", ("family:area",)), ("长度", ("family:length",)), ("里程", ("family:length",)),
    # money: a price or a cost is counted in 元 (0.65 万元/台), not in the things it buys (台)
    ("单价", ("family:money",)), ("造价", ("family:money",)), ("成本", ("family:money",)), ("补助", ("family:money",)),
    ("补贴", ("family:money",)), ("费用", ("family:money",)),
)
# A name that states an aim (促进…发展, 教学条件改善、办学水平提高) rather than a measure: a % target has nothing to be a
# percentage of. Names with a rate word, a count word or a measure are not aims.
QUALITATIVE_AIM = re.compile(r"^(?:促进|提高|提升|改善|增强|巩固|推动|实现|保障|确保)|(?:提高|提升|改善|增强|发展)$")
MEASURE_WORD = re.compile(r"率|比例|比重|占比|覆盖|满意|达标|指数|程度|[度性]|情况|水平$|数$|量$|人次|次数|面积|长度|金额|费用|"
                          r"成本|时间|天数")

# An indicator name that asks for an average (日均分出量, 年均接待量, 平均费用): a level, not a count of outputs
AVERAGE_NAME = re.compile(r"[日月年周人户次]均|平均|均值")
# A dimension a work must meet (疏浚后港池水深 ≥3.5米, 路面厚度, 净空高度): a specification, which measures quality, not an
# amount of work done
SPEC_DIMENSION = re.compile(r"(?:水深|深度|厚度|高度|宽度|直径|孔径|粒径|净空|净高|坡度|埋深)$")
# An effect of the project's money, not its product (带动烧烤从业人员就业, 带动农户增收, 户均增收): a benefit
OUTCOME_NAME = re.compile(r"带动[\u4e00-\u9fa5]{0,12}(?:就业|增收)|(?:户均|人均|农户|群众|村民)增收")
# A count of results that met a standard (取得职业技能等级证书人数, 考核合格人数, 保种血统保持数): how many passed, which
# measures quality, not an amount of work done
PASSED_COUNT = re.compile(r"(?:取得|获得|获评|通过|合格|达标|持证|保持)[\u4e00-\u9fa5]{0,8}(?:数|数量|人数|户数|个数)$")
TIME_LIMIT_NAME = re.compile(r"(时限|期限|完成时间|办结时间|响应时间|处置时间|到位时间|拨付时间|用时)$")

# Money a service handles as its output (a housing fund's 归集额, 贷款发放额; 追发工资), not the project's money put in
MONEY_OUTPUT_NAME = re.compile(r"归集|贷款|追发|追回|追缴|收缴|征收|营业额|交易额|销售额|成交额|担保|理赔|赔付|收入")
# Indicator names that are inputs (money/staff put in), not outputs, when found under 数量.
INPUT_NAME_PATTERN = re.compile(r"^(投入|拨付|安排|下达)(资金|经费|金额)|投入(资金|经费)|资金(投入|规模)")


# ---------------------------------------------------------------------------------------------------------
# Self-evaluation scoring (绩效自评表)
# ---------------------------------------------------------------------------------------------------------

# Default weights (财预〔2020〕10号): 预算执行率 (资金) 10, 产出 50, 效益 30, 满意度 10 — 100 in all. Local forms print
# 效益 (40分) with 满意度 inside it.
SELFEVAL_STANDARD_WEIGHTS: dict[str, float] = {"资金": 10.0, "产出": 50.0, "效益": 30.0, "满意度": 10.0}
SELFEVAL_BENEFIT_WEIGHT_WITH_SATISFACTION = 40.0
# The grade of a total score (财预〔2020〕10号: 90（含）以上为优，80（含）—90为良，60（含）—80为中，60以下为差): the grade
# and the lowest score it takes (the labels a form prints it under: GRADE_LABELS)
SCORE_GRADES: tuple[tuple[str, float], ...] = (("优", 90.0), ("良", 80.0), ("中", 60.0), ("差", 0.0))
SCORE_GRADE_SPELLINGS = {"优秀": "优", "良好": "良", "中等": "中", "较差": "差"}

# What a 偏差原因 cell holds when it gives no reason (besides blank).
# 实际完成值 / 偏差原因 words that say the work was not done (财预〔2020〕10号: an output not delivered scores nothing)
NOT_DONE = re.compile(r"未(能)?(实施|开展|启动|执行|开工|建设|采购|举办|支出|发生|落实)|尚未(实施|开展|启动|开工)|"
                      r"(已|被|予以|全部)?取消|暂停|暂缓|中止|终止|调整至\d{4}年|推迟至|延期至|顺延至|未完成任何")
NO_DEVIATION_REASON = ("无", "/", "-", "—", "_", "无偏差")


# ---------------------------------------------------------------------------------------------------------
# Money in calculation texts (测算依据 / 测算明细): what the words before and around an amount say it is
# ---------------------------------------------------------------------------------------------------------

# After a bare 万 these make a count, not money: 50万平方米, 100万头, 3万册, 10万人次, 5万字 (but 10万人民币 is
# money, and 10万起 a price "from 10万"): regex alternatives built from the quantity units above.
WAN_COUNT_UNITS = ("人(?!民币)", "字", "平方", "立方", *sorted(
    (re.escape(u) for fam in QUANTITY_FAMILIES for u in UNIT_FAMILIES[fam] if u not in ("人", "起")),
    key=len, reverse=True))
# Words in the clause before an amount that make it a unit price: 每顶800元, 单价40000元, 亩均3,000元, 标准为500元.
MONEY_PER_UNIT_BEFORE = re.compile(r"每|单价|单个|单台|单套|单次|单位价格|均价|平均|[亩人户次件台套座只年月日]均|标准(为|是)?[:：]?\s*$")
# Right before an amount: it states the total of the items before it (合计90万元, 以上共计652.8万, 总计约：277.6万元,
# 小计13.5万元).
MONEY_TOTAL_WORDS = ("合计", "共计", "总计", "总共", "共需")  # the whole of what was listed (小计: a part of it)
SUBTOTAL_WORD = "小计"
# A fund table's column of the whole (合计, or 总额 over the amounts: not a text's stated total, whose words are above)
FUND_TOTAL_HEADINGS = (*MONEY_TOTAL_WORDS, "总额")
# The first cell of an indicator table's total row (合计 | | | | 100: the points added up), not an indicator's name
TABLE_TOTAL_LABELS = ("合计", "总计", "小计", "总分", "分值合计", "合计分值", "权重合计")
# What a subtotal of all the indicators' points is called before its 小计 / 合计 (指标得分小计), and the label of a row
# that restates the money's score inside the indicator table (预算执行得分 | 10 | 9.9): no indicator either
TABLE_TOTAL_HEADS = ("指标", "指标得分", "指标分值", "绩效指标", "三级指标")
FUND_SCORE_LABELS = ("预算执行得分", "预算执行率得分", "资金执行得分", "执行率得分")
MONEY_TOTAL_BEFORE = re.compile("(" + "|".join((*MONEY_TOTAL_WORDS, SUBTOTAL_WORD))
                                + r")(金额|费用|经费|资金|需要|需)?\s*(为|是|约|大约|≈|[:：]\s*)*$")
# Right before an amount: it states the result of its own clause (每顶800元，计40万元; 3.25万元，共13万元; …=20万元).
MONEY_RESULT_BEFORE = re.compile(r"((?<![合总设会预估累统审共小])计|(?<![合总公])共(?!计)|即|[=＝])\s*(为|是|约|≈|[:：]\s*)*$")
# An amount that is only approximately stated.
MONEY_APPROX_BEFORE = re.compile(r"(约|≈|大约|左右)\s*[:：]?\s*$")
# Words that make the amounts of a clause something other than parts of a sum: shares of a contract (%), sub-items
# (其中), references (参考…报价), payments made or left (已支付, 剩余), totals and ceilings of something else (合同总额,
# 不超过), and cuts (核减, 压减). A sum over such clauses is not checked. Every alternative starts with a literal
# character (% ％ ‰ written apart, not as a class): the regex engine then skips to those characters instead of trying
# each alternative at every position of the clause.
MONEY_NOT_ADDITIVE = re.compile(r"%|％|‰|其中|参考|参照|报价|询价|往年|历年|以往|上年|去年|前年|已支付|已付|已拨|剩余|"
                                r"总金额|总额|总价|总投资|概算|合同额|合同金额|合同总|合同价|中标|控制价|不超过|不高于|最高|上限|"
                                r"核减|调减|压减|削减|折扣|下浮|上浮")
# A payment due this year for work of an earlier year (2022年…服务费（尾款）4.266万元) is part of this year's money.
MONEY_PAID_LATER = re.compile(r"尾款|未付|欠款|应付|质保金")
# Before a list: it names only the main items, so the items may add up to less than the whole.
LIST_NOT_EXHAUSTIVE = re.compile(r"主要|包括|包含|例如|比如|部分")


# ---------------------------------------------------------------------------------------------------------
# Department budget tables (部门预算表1–14)
# ---------------------------------------------------------------------------------------------------------

# Row labels that head a group of the rows below them (economic classification 301/302/303/310…, project kinds),
# in tables without subject codes (基本支出总表, 项目支出总表).
BUDGET_GROUP_LABELS = ("工资福利支出", "商品和服务支出", "对个人和家庭的补助", "资本性支出", "对企业补助",
                       "债务利息及费用支出", "一般性项目")

# Figures that several tables of one report print and that must agree: name -> (table title pattern, row, column).
# row: "first" (first data row: the department), "总计" (last total row) or a text the row label contains;
# column: a text the column name contains, or None for the first amount column.
BUDGET_SAME_FIGURES: tuple[tuple[str, tuple[tuple[str, str, str | None], ...]], ...] = (
    ("收入总计", (("^收支总表（收入）", "总计", None), ("^收入总表", "first", "收入总计"))),
    ("支出总计", (("^收支总表（支出）", "总计", None), ("^支出总表", "first", "支出总计"),
              ("整体支出绩效目标", "总计", "总额"))),
    ("基本支出", (("^支出总表", "first", "基本支出"), ("^基本支出总表", "first", "总计"))),
    ("项目支出", (("^支出总表", "first", "项目支出"), ("^项目支出总表", "first", "总计"),
              ("绩效管理项目情况表", "first", "合计"))),
    ("政府采购", (("^支出总表", "first", "政府采购"), ("^政府采购项目支出表", "first", "金额"))),
    ("政府预算拨款", (("^收支总表（收入）", "政府预算拨款", None), ("^政府预算拨款收支总表（收入）", "总计", None))),
)


# ---------------------------------------------------------------------------------------------------------
# Drafting: the verbs that introduce a counted output, and the people a project serves by what it names (the rows a
# form for a kind of work carries are in draft/templates.py).
# ---------------------------------------------------------------------------------------------------------

# Verbs that introduce an output, with a counted object: 采购电脑120台 / 新建道路3.5公里 / 培训教师200人次.
DRAFT_OUTPUT_VERBS = (
    "采购", "购置", "购买", "配备", "配置", "更新", "更换", "安装", "新建", "建设", "修建", "改建", "扩建", "铺设", "硬化",
    "改造", "修缮", "维修", "翻新", "加固", "养护", "维护", "疏浚", "清淤", "整治", "治理", "种植", "栽植", "绿化",
    "培训", "举办", "开展", "组织", "发放", "补贴", "资助", "服务", "接诊", "筛查", "体检", "巡查", "检测", "监测",
    "提供", "覆盖", "接种", "救治", "走访", "宣讲", "录入", "采集", "建成", "完成",
    "编制", "印制", "出版", "新增", "开设", "招聘", "聘用", "慰问", "救助", "收集", "处理", "清运",
)

# Who a project serves, by what the description names (first match wins).
DRAFT_SUBJECTS: tuple[tuple[str, str], ...] = (
    (r"幼儿园|小学|中学|学校|校园|学生|教师|师生|课堂|教学", "师生"),
    (r"疫苗|接种|儿童保健", "受种儿童家长"),
    (r"诊所|卫生院|医院|门诊|患者|就诊|医疗|健康", "就诊群众"),
    (r"图书馆|阅览|读者|图书|书屋", "读者"),
    (r"养老|老年|长者|敬老", "老年人"),
    (r"道路|公路|桥梁|人行道|交通|出行", "沿线群众"),
    (r"河道|河流|河涌|水环境|湿地|公园|绿化", "周边居民"),
    (r"农户|农民|村民|乡村|农村", "村民"),
    (r"企业|商户|经营主体", "企业"),
    (r"残疾|困难群众|低保|救助", "受助群众"),
    (r"社区|街道|居民", "社区居民"),
)


# ---------------------------------------------------------------------------------------------------------
# Project descriptions (jixiao.description reads them; the drafter writes from what it read)
# ---------------------------------------------------------------------------------------------------------

# Words right before an amount that give its role in the project's money. Checked in this order; the first that matches
# the words of the amount's own clause (since the last amount or clause break) wins.
AMOUNT_CARRYOVER_BEFORE = re.compile(r"(上年|上一年度|以前年度|往年)(度)?(结转|结余)|结转(资金|经费)?")
AMOUNT_SHARE_BEFORE = re.compile(r"(财政|中央|省级|省|市级|市|区级|区|县级|县|镇级|乡镇|专项|补助|转移支付|上级|本级|自筹|单位自有|"
                                 r"社会|企业|银行|债券|配套|其他)(财政)?(资金|拨款|补助|投入|出资|承担|安排|配套|筹集|自筹)|"
                                 r"(自筹|配套)(资金)?|财政拨款|其他资金|(中央|省级|市级|区级|县级)财政\s*$")
AMOUNT_TOTAL_BEFORE = re.compile(r"总投资|总金额|总预算|总额|总价|总经费|总费用|总成本|项目总|合同(总)?(价|金额|额)|概算|"
                                 r"(?<![\d一])(?:[2-9]|[两二三四五六七八九十])(个)?年(共|合计|总|累计|预算|投入|需|安排|计划)|"
                                 r"(共|合计|累计|总共|共计)(需|需要|投入|安排)?(资金|经费|投资)?")
AMOUNT_ANNUAL_BEFORE = re.compile(r"本年度|本年|今年|当年|年度(预算|资金|经费|安排|项目金额)|(19|20)\d{2}年(度)?(预算|安排|资金|需|申请|投入|计划)|"
                                  r"每年|年均|每年度")
AMOUNT_PER_UNIT_BEFORE = re.compile(r"每(?!年)|单价|单个|单台|单套|单次|单位(价格|成本)|均价|平均|人均|户均|亩均|[人户次件台套座]均|"
                                    r"标准(为|是)?|按.{0,8}标准")
# a per-unit amount whose unit is written after it: 4.2元/m², 600元/人/月, 800元每批次
AMOUNT_PER_UNIT_AFTER = re.compile(r"^\s*(/|／|每|一(人|次|户|批|台|套|个|年|月|天))")
MONEY_CONTEXT_WORDS = re.compile(r"金额|预算|资金|经费|投资|费用|补助|补贴|拨款|安排|申请|服务费|总价|价款|造价|成本")

# The project's main activity, for the indicator templates it is drafted with. Each: key, Chinese name, words of
# the activity. The project name counts most, then the verbs of the stated outputs, then the rest of the text.
DRAFT_ACTIVITIES: tuple[tuple[str, str, str], ...] = (
    ("subsidy", "补贴补助", r"补贴|补助|津贴|救助|资助|慰问金|奖励金|奖补|发放|生活费|抚恤|优待金|助学金"),
    ("service", "购买服务", r"购买服务|委托|服务合同|合同期限|服务期|外包|保洁|安保|物业|运营|托管|驻场|巡护|巡查服务|法律援助|"
                          r"法律顾问|家政|助餐|居家养老|上门服务|热线|值守|政府购买"),
    ("construction", "工程建设", r"新建|建设工程|修建|扩建|改建|铺设|施工|工程|建成|硬化|管网|打井|敷设"),
    ("maintenance", "维修养护", r"维修|修缮|养护|维护|翻新|加固|修复|改造|更换|保养|抢修|清淤|疏浚"),
    ("procurement", "采购购置", r"采购|购置|购买|配备|配置|添置|订购|续订|订阅|征订|更新设备|设备更新"),
    ("training", "培训", r"培训|研修|轮训|进修|授课|开设课程|技能提升|实训"),
    ("testing", "检验检测", r"检测|检验|抽检|抽样|化验|监测|快检|评估|测评|普查|筛查"),
    ("it", "信息化", r"系统|平台|信息化|软件|数据库|网络|云|数据中心|电子|数字化|智慧|APP|小程序"),
    ("event", "活动举办", r"活动|演出|比赛|赛事|展览|讲座|宣传|节庆|文艺|惠民|阅读推广"),
    ("ecology", "生态治理", r"河道|河流|河涌|水环境|湿地|造林|植树|绿化|生态|防火|森林|林地|水土|黑臭|保洁"),
)

# Stated limits: the verbs of what must happen within a time (48小时内修复, 2小时内回复, 20个工作日出报告).
LIMIT_ACTIONS = ("修复", "回复", "答复", "响应", "到场", "到达", "处置", "处理", "办结", "出具", "出报告", "反馈", "清运", "整改",
                 "完成", "解决", "上报", "报送", "受理", "审核", "审批", "发放", "拨付", "兑付", "送达", "排除", "恢复", "赶到",
                 "出动", "救援", "检测", "检验", "公示", "录入", "归档", "清理", "处置完毕", "作出", "调运", "提交", "告知",
                 "分派", "恢复运行")
# Deadlines: what is done by a date (9月30日前完工).
DEADLINE_ACTIONS = ("完成", "完工", "竣工", "交付", "验收", "上线", "投入使用", "投用", "发放", "拨付", "到位", "开工", "启动",
                    "建成", "实施", "落实", "开展", "结束", "安装", "部署", "移交", "入库", "兑现", "上岗", "到岗", "通水", "通车",
                    "开放", "运行", "投运", "挂牌", "办结", "入住", "招标")
# Frequencies (每周巡查2次): the periods they count in.
FREQUENCY_PERIODS = {"天": "天", "日": "日", "周": "周", "星期": "周", "旬": "旬", "月": "月", "季度": "季度", "季": "季度",
                     "半年": "半年", "年": "年", "学期": "学期", "小时": "小时"}
# Rates, by what they say about the project: satisfaction (满意度), timeliness (及时率), an outcome (就业率, 水质达标率),
# else quality (合格率, 准确率).
RATE_TIMELY = re.compile(r"及时|按时|准时|按期|时效")
RATE_OUTCOME_ECOLOGY = re.compile(r"水质|空气|达标排放|森林覆盖|绿化覆盖|植被|存活|成活|减排|污染|生态|林木|湿地")
RATE_OUTCOME_SOCIAL = re.compile(r"就业|覆盖|知晓|入住|使用率|利用率|参与|受益|普及|入学|巩固|治愈|康复|好转|下降|降低|减少|"
                                 r"提高|提升|增长|回访|转化|脱贫|留存|上线率|开放率|借阅")
# Words a description uses for an outcome it expects (提高…, 改善…): the 效益 a form states qualitatively.
OUTCOME_VERBS = ("提高", "提升", "改善", "保障", "减少", "降低", "促进", "增强", "缓解", "消除", "确保", "推动", "满足", "优化")
# Who a satisfaction figure asks (受助老人满意度): the people nouns a description names.
AUDIENCE_NOUNS = ("老年人", "老人", "长者", "群众", "居民", "村民", "农户", "学生", "师生", "家长", "教师", "患者", "病人",
                  "就诊群众", "读者", "游客", "企业", "商户", "市民", "残疾人", "受助对象", "服务对象", "参训人员", "学员",
                  "当事人", "受援人", "驾驶员", "乘客", "职工", "儿童", "妇女", "退役军人", "困难群众", "用户", "办事群众",
                  "沿线群众", "周边居民", "受益群众", "受益农户", "受种者", "被监护人")
# Words that end an organisation's name in a description (由区城管局负责, 区城管局委托…).
# Regex alternatives, longest tried first: 委 not in 委托 / 委员 (由街道委托… names no 街道委).
APPLICANT_ENDINGS = ("分局", "局", "委员会", "委(?![托员])", "红十字会", "办公室", "办", "中心", "学校", "小学", "中学", "幼儿园", "医院", "卫生院",
                     "图书馆", "文化馆", "博物馆", "纪念馆", "馆", "站", "所", "队", "院", "街道办事处", "街道办", "街道",
                     "人民政府", "政府", "村委会", "居委会", "社区工作站", "公司", "协会", "联合会", "总工会", "妇联", "团委", "大队",
                     "支队", "林场", "农场", "研究院", "学院")
