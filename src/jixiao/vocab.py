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

from jixiao.scan import NamesEndingIn

# ---------------------------------------------------------------------------------------------------------
# Levels
# ---------------------------------------------------------------------------------------------------------

LEVEL1 = ("投入", "产出", "成本", "效益", "满意度")

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
}

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

# printed 一级 variant -> canonical 一级: older templates (预期产出, 效果), a province's own (项目完成, 项目效益), OCR (产业)
LEVEL1_VARIANTS: dict[str, str] = {"产业": "产出", "预期产出": "产出", "项目产出": "产出", "项目完成": "产出", "效果": "效益",
                                   "项目效益": "效益", "预期效果": "效益", "项目效果": "效益"}

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
    ("绩效目标审核表", "target"),
    ("绩效目标公开表", "target"),
)

# Header labels (after normalise_label: no spaces, no colon, no parenthetical, no 其中) -> the canonical field.
# The first stem of each field is the name used in messages.
HEADER_LABELS: dict[str, tuple[str, ...]] = {
    "项目编码": ("项目编码", "项目编号", "项目代码"),
    "项目名称": ("项目名称", "项目支出名称", "专项资金名称", "专项名称", "资金名称"),
    "申请单位": ("申请单位", "实施单位", "填报单位", "项目实施单位", "项目单位"),
    "一级预算单位": ("一级预算单位", "项目主管部门", "主管部门", "预算部门", "部门名称", "部门单位名称", "单位名称", "预算单位"),
    "实施期限": ("实施期限", "实施周期", "项目期限"),
    "项目类型": ("项目类型",),
    "是否新增项目": ("是否新增项目",),
    "项目属性": ("项目属性名称", "项目属性"),
    "分配方式": ("分配方式",),
    "起止时间": ("项目起止时间", "起止时间", "项目支出实施期", "项目实施期", "实施期", "执行期限"),
    "项目总金额": ("项目总金额", "中期资金总额", "项目资金总额", "项目总投资", "项目总预算", "实施期资金总额"),
    "本年度项目金额": ("本年度项目金额", "本年预算金额", "本年度金额", "年度资金总额", "年度本级预算金额", "本年度资金总额",
                "年度预算金额", "本年度预算金额", "本年预算数", "当年资金总额", "资金总额"),
    "财政拨款资金": ("财政拨款资金", "财政拨款", "当年财政拨款", "一般公共预算拨款", "本级财政资金", "财政资金"),
    "其他资金": ("其他资金", "自筹资金", "单位自筹"),
    "转移支付资金": ("转移支付资金", "上级补助资金", "中央补助资金", "中央资金", "中央财政资金", "省级资金", "省级财政资金",
               "省级补助资金"),
    "政府购买服务资金": ("政府购买服务资金",),
    "上年结转资金": ("上年结转资金", "上年结转"),
    "政策依据": ("政策依据", "项目申报依据", "立项依据", "设立依据", "项目设立依据"),
    "测算依据": ("测算依据", "测算明细", "资金测算依据"),
    "项目概况": ("项目概况", "项目简介", "项目内容", "项目基本情况"),
    "项目用途": ("项目用途", "资金用途"),
    "年度目标": ("项目年度目标", "年度目标", "本年度绩效目标", "年度绩效目标", "年度总体目标", "本年度目标", "当年绩效目标"),
    "长期目标": ("长期目标", "项目中期目标", "中期目标", "实施期绩效目标", "实施期目标", "总体目标", "中长期目标",
             "实施期总目标"),
    "备注": ("备注",),
}
# Labels a header prints that name no field the checker reads (联系人…): known so their values are not taken for
# the value of the label before them, and kept as fields under their own name.
OTHER_HEADER_LABELS = ("项目负责人", "联系人", "联系电话", "项目负责人及电话", "负责人", "填报人", "审核人", "填报日期",
                       "单位负责人", "财务负责人", "项目级次", "资金性质", "项目分类", "支出功能分类")
FREE_TEXT_FIELDS = ("政策依据", "测算依据", "项目概况", "项目用途", "年度目标", "长期目标", "备注")
AMOUNT_FIELDS = ("项目总金额", "本年度项目金额", "财政拨款资金", "其他资金", "转移支付资金", "政府购买服务资金", "上年结转资金")
FUNDING_FIELDS = AMOUNT_FIELDS[2:]
# An amount label the stems above do not list, by its words: a multi-year total (中期市财政预算, 项目总投资额) or this
# year's amount (本年度申请市财政预算资金). Only short cells are read this way.
AMOUNT_LABEL_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"^(中期|实施期|项目总|总)\S{0,8}(预算|资金|金额|投资)(额|数|总额)?$", "项目总金额"),
    (r"^(本年度?|当年|年度)\S{0,10}(预算|资金|金额|总额|预算数)$", "本年度项目金额"),
)
# 资金总额 printed beside a label of this year's amount (当年资金总额) is the multi-year total
AMBIGUOUS_TOTAL_LABEL = "资金总额"
# Labels that end a form's table as a footer rather than starting another form's header
FOOTER_LABELS = ("备注", "填报人", "审核人", "联系电话", "填报日期", "单位负责人", "财务负责人", "联系人")
# Marks of a ticked box in checkbox rows (□新增 ☑延续)
CHECKED_MARKS = ("☑", "√", "■", "▇", "✔", "✓", "☒", "þ")

# Indicator-table column headings -> the role of the column. Headings are matched after normalise_heading (NFKC, no
# spaces, no *, no parenthetical such as （万元） or (50分)). Roles: level1 level2 name target unit explanation, the parts
# of a target printed over sub-columns (target_cmp target_num), another target column (midterm_target: 中期, last_actual:
# 上年), the self-evaluation columns (actual weight score deviation), extra columns kept as printed (nature direction
# value_type standard remark seq), and the columns of a table that lists several projects (project amount goal).
TABLE_COLUMNS: dict[str, str] = {
    "一级指标": "level1", "一级": "level1", "一级指标名称": "level1",
    "二级指标": "level2", "二级": "level2", "二级指标名称": "level2",
    "三级指标": "name", "三级": "name", "三级指标名称": "name", "指标内容": "name", "指标名称": "name", "具体指标": "name",
    "绩效指标名称": "name", "指标": "name",
    "指标值": "target", "目标值": "target", "年度指标值": "target", "指标值及单位": "target", "预期实现值": "target",
    "当年预期实现值": "target", "预期目标值": "target", "年度目标值": "target", "绩效标准": "target", "指标目标值": "target",
    "本年度指标值": "target", "年度预期指标值": "target", "预期值": "target", "标准值": "target", "指标标准值": "target",
    "年度指标": "target", "绩效指标值": "target", "预期指标值": "target", "目标": "target",
    "中期指标值": "midterm_target", "实施期指标值": "midterm_target", "中期目标值": "midterm_target",
    "实施期目标值": "midterm_target", "整体指标值": "midterm_target", "总体指标值": "midterm_target",
    "上年实际完成值": "last_actual", "上年实际值": "last_actual", "上年完成值": "last_actual",
    "上年度实际完成值": "last_actual", "上年指标值": "last_actual", "上年度指标值": "last_actual", "历史值": "last_actual",
    "度量单位": "unit", "计量单位": "unit", "单位": "unit", "指标单位": "unit", "计量": "unit",
    "指标解释": "explanation", "指标说明": "explanation", "备注说明": "explanation", "指标值说明": "explanation",
    "指标描述": "explanation", "评分标准": "explanation", "评扣分标准": "explanation", "指标定义": "explanation",
    "计算方法": "explanation", "计算公式": "explanation", "指标解释及计算公式": "explanation", "指标值设定依据": "explanation",
    "计算符号": "target_cmp", "符号": "target_cmp", "比较符": "target_cmp", "比较符号": "target_cmp", "运算符号": "target_cmp",
    "指标值符号": "target_cmp", "数值": "target_num", "指标数值": "target_num", "目标数值": "target_num",
    "实际完成值": "actual", "全年实际值": "actual", "实际值": "actual", "实际完成": "actual", "完成值": "actual",
    "全年实际完成值": "actual", "实际完成指标值": "actual",
    "分值": "weight", "权重": "weight", "指标权重": "weight", "分值权重": "weight", "权重分值": "weight",
    "得分": "score", "自评得分": "score", "评分": "score",
    "偏差原因分析及改进措施": "deviation", "偏差原因": "deviation", "偏差原因分析": "deviation",
    "未完成原因分析": "deviation", "偏差原因及改进措施": "deviation", "偏差原因分析及整改措施": "deviation",
    "指标性质": "nature", "指标属性": "nature", "指标类型": "nature", "定量定性": "nature",
    "指标方向": "direction", "方向": "direction", "指标导向": "direction", "正反向": "direction",
    "指标值类型": "value_type", "值类型": "value_type",
    "指标标准或依据": "standard", "指标值确定依据": "standard", "指标来源": "standard", "数据来源": "standard",
    "备注": "remark",
    "序号": "seq", "编号": "seq", "序": "seq",
    "项目名称": "project", "项目": "project", "专项名称": "project",
    "项目金额": "amount", "预算金额": "amount", "资金总额": "amount", "金额": "amount",
    "年度绩效目标": "goal", "绩效目标": "goal", "年度目标": "goal", "总体目标": "goal",
}
# Headings not listed above, by a word they contain (first match wins): a province's own wording of a known column.
TABLE_COLUMN_WORDS: tuple[tuple[str, str], ...] = (
    ("偏差", "deviation"), ("原因", "deviation"), ("实际", "actual"), ("完成值", "actual"), ("上年", "last_actual"), ("中期", "midterm_target"),
    ("实施期", "midterm_target"), ("解释", "explanation"), ("说明", "explanation"), ("描述", "explanation"),
    ("评分", "explanation"), ("计算", "explanation"), ("计量单位", "unit"), ("度量单位", "unit"), ("符号", "target_cmp"),
    ("性质", "nature"), ("方向", "direction"), ("权重", "weight"), ("分值", "weight"), ("得分", "score"),
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
    for word, field in (("年初", "initial_budget"), ("调整", "budget"), ("全年预算", "budget"), ("执行率", "rate"),
                        ("执行数", "spent"), ("得分", "score"), ("分值", "weight"), ("权重", "weight")):
        if word in h and len(h) <= 12:
            return field
    return None


def form_kind_of_title(text: str) -> str | None:
    """The kind of form a title names (绩效目标申报表 -> target), or None when the text is no form title. A title
    without 表 is only taken for a whole-department form (部门整体绩效目标), and only when short."""
    s = "".join(text.split())
    if len(s) > 60 or ("表" not in s and (len(s) > 20 or not any(w in s for w in DEPARTMENT_TITLE_WORDS))):
        return None
    for word, kind in FORM_TITLES:
        if word in s:
            return kind
    return None


DEPARTMENT_TITLE_WORDS = ("整体支出绩效目标", "整体绩效目标")


# Required 二级 categories of a complete target form (practice; configurable in the rule).
REQUIRED_LEVEL2 = ("数量", "质量", "时效", "成本", "社会效益", "服务对象满意度")

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
    if s.endswith("指标") and len(s) > 2:
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
    """Canonical 二级 for a printed level-2 name, or None if the text is not one."""
    s = normalise_level(text)
    if s in LEVEL2_PARENT:
        return s
    return LEVEL2_VARIANTS.get(s)


def parent_of(level2: str | None) -> str | None:
    return LEVEL2_PARENT.get(level2 or "")


# ---------------------------------------------------------------------------------------------------------
# Polarity of indicator names (正向: higher is better; 反向: lower is better)
# ---------------------------------------------------------------------------------------------------------

Polarity = Literal["positive", "negative", "context"]

# Order matters: the first pattern that matches decides. Traps first (下降率 names a reduction but a bigger
# reduction is better), then lower-is-better, then higher-is-better.
POLARITY_PATTERNS: tuple[tuple[str, Polarity], ...] = (
    (r"(下降|降低|减少|节约|节能|压缩|减排|削减)(率|幅度|比例|量)", "positive"),
    (r"成本控制率", "negative"),
    (r"(增长|变化|结余|增幅|变动)率|倍数", "context"),
    (r"(故障|差错|错误|误报|漏报|投诉|逾期|事故|超标|返工|流失|空置|偏差|失误|违规|违约|缺陷|退件|驳回|发生|损耗|漏损|死亡|伤亡|复发|辍学|不合格|延误|拥堵|发病|受害|受灾|损失|成灾|感染|致残|破损|丢失|失效|空驶|闲置|积压|滞留|返贫|失业)率", "negative"),
    (r"(事故|投诉|差错|故障|违规|违纪|安全事件|失误|发案|案发|刑事案件|上访|火灾|灾害|污染事件|崩溃|宕机|中断|瘫痪|停机)(数|次数|起数|数量|件数|发生数|发生次数)?$", "negative"),
    (r"(响应|处理|办结|等待|修复|处置|到达|排队|审批|办理|恢复|解决|维修)(时间|时长|时限|用时)", "negative"),
    (r"(时限|用时|耗时|等候时间|等待时间)$", "negative"),  # a time limit: the sooner the better (公开时限 ≤20个工作日)
    (r"(单价|费用|成本|开支|支出金额|造价|经费|花费|耗时)$", "negative"),
    (r"(合格|完成|达标|覆盖|及时|准确|正确|在线|可用|完好|知晓|参与|使用|利用|保障|发放|到位|验收|通过|采纳|"
     r"稳定运行|正常运行|运行|执行|支出进度达标|处置|办结|修复|排除|入库|上线|响应|录入|整改|留存|就业|"
     r"入学|巩固|普及|达成|满足|供给|回应|签约|准时|出勤|在岗|受益|提升|提高|分拨|解决|采集|通报|替换|接通|"
     r"识别|共享|归档|安装|开通|到岗|接种|治愈|好评|国产化|认证|备案|公开|考核|升级|生效|交付|测评)率", "positive"),
    (r"满意度|满意率|好评|获得感|幸福感|知晓度|认可度|信任度", "positive"),
    (r"((?<![频概])率|比例|占比|比率)$", "positive"),
)

_POLARITY_RE = tuple((re.compile(p), pol) for p, pol in POLARITY_PATTERNS)


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
    "mass": ("吨", "千克", "公斤", "克", "kg"),
    "volume": ("立方米", "m³", "升", "万立方米", "方"),
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
    ),
}

# Families that measure how much was done (an output quantity), as opposed to how well (percent, score).
QUANTITY_FAMILIES = ("count", "area", "length", "mass", "volume")

_UNIT_INDEX: list[tuple[str, str]] = sorted(
    ((u, fam) for fam, us in UNIT_FAMILIES.items() for u in us), key=lambda x: -len(x[0])
)

# Units that are durations, with their length in hours (月 = 30 days, 年 = 365 days: for comparisons only).
DURATION_HOURS: dict[str, float] = {
    "秒": 1 / 3600, "分钟": 1 / 60, "min": 1 / 60, "小时": 1, "h": 1, "天": 24, "日": 24, "工作日": 24,
    "个工作日": 24, "周": 168, "个月": 720, "月": 720, "季度": 2160, "年": 8760,
}

SCALES = {"千": 1e3, "万": 1e4, "亿": 1e8}

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
    (r"(满意度|满意率)$|((?<![效频概])率|比例|占比|比率|百分比)$|率[（(]|覆盖面", "rate"),
    (r"(时间|时长|时限|用时|期限|周期|工期)$|(响应|处理|办结|到达)时间", "duration"),
    (r"(完成|交付|上线|验收|竣工)(时间|日期|节点)$", "deadline"),
    (r"(金额|费用|成本|单价|资金|经费|造价|投资|开支|价格|补贴标准|补助标准)$", "money"),
    (r"(数量|数|人数|次数|个数|场次|台数|套数|户数|项数|篇数|份数|件数|天数|条数|(?<![质能])量|规模|面积|长度|里程|场数)$", "count"),
)
_KIND_RE = tuple((re.compile(p), k) for p, k in KIND_PATTERNS)


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
)
# Grades that 指标解释 commonly defines as a percentage band (显著 = 80%–100%).
BANDED_GRADES: tuple[str, ...] = ("显著", "较明显", "明显", "一般", "有效", "良好", "优秀", "较好", "部分达成", "达成")

PLACEHOLDERS = ("*", "**", "***", "/", "-", "—", "--", "——", "…", "...", "详见", "见附件", "待定", "另附", "略")
NOT_APPLICABLE = ("不适用", "不涉及", "无此项", "N/A", "n/a", "NA")
# A blank template's numbered or elided row (指标1, 指标2, ……) that nobody filled: no indicator, nothing to check
TEMPLATE_FILLER_NAME = re.compile(r"^(?:指标\s*[0-9一二三四五六七八九十]+|[…\.。．·]+|[xX×]+)$")


def is_not_applicable(text: str | None) -> bool:
    """A cell that says the row does not apply (不适用, 不涉及, N/A…)."""
    return bool(text) and text.strip() in NOT_APPLICABLE  # type: ignore[union-attr]

# Level-2 canonical names whose targets should be numbers, dates or durations, not grades (practice).
QUANTITATIVE_LEVEL2 = ("数量", "时效", "成本", "经济成本", "服务对象满意度", "其他满意度")

# Level-2 canonical names that do not measure time: a deadline or duration target there belongs under 时效 (数量 is
# not listed: a service duration under 数量, 服务时长 1年, is common).
NON_TIME_LEVEL2 = ("质量", "社会效益", "经济效益", "服务对象满意度")

# Units that count the same thing: 68名 and ≥62人 are both persons.
UNIT_SYNONYMS = {"名": "人", "位": "人"}
_UNIT_ALTERNATIVE = re.compile(r"[(（][^)）]*[)）]$")


def same_unit(unit: str | None) -> str | None:
    """The spelling a unit is compared by: 名/位 -> 人, 台(套) -> 台 (a unit with its alternative in brackets)."""
    if not unit:
        return unit
    u = _UNIT_ALTERNATIVE.sub("", unit) or unit
    return UNIT_SYNONYMS.get(u, u)

# Words of events that are bad (a 正常运行率 must not count them in its numerator) and good.
# A bad event, or a good one negated (未按协议完成, 不规范, 未达标): what the numerator of a lower-is-better rate counts
BAD_EVENT = re.compile(r"错误|故障|失败|不合格|投诉|差错|事故|逾期|异常|中断|宕机|缺陷|不规范|不达标|不准确|不及时|"
                       r"未(?:[\u4e00-\u9fa5]{0,6}?)(?:完成|履约|达标|通过|合格|到位|办结|解决|落实|兑现)")
GOOD_EVENT = re.compile(r"合格|正常|成功|达标|完成|准确|正确|满意|在线|可用|解决|处理|修复|排除|按时|及时|响应")
NEGATED_BAD_EVENT = re.compile(r"(未|无|不|没有|非)(发生|出现|发现)?(错误|故障|失败|不合格|投诉|差错|事故|逾期|异常|中断|宕机|缺陷)")
# What the numerator of a rate must count, by the word before 率 (就业率 counts 就业): the word and the words that say
# the same. A formula whose numerator says none of them computes another quantity (就业率 = 取得证书人数/参训人数).
RATE_EVENT_WORDS: dict[str, tuple[str, ...]] = {
    "就业": ("就业", "上岗", "录用", "签约", "创业"),
    "有效": ("有效", "好转", "改善", "显效", "达到", "提高", "提升"),
    "治愈": ("治愈", "痊愈", "康复"),
    "合格": ("合格", "通过", "达标", "符合", "验收"),
    "准确": ("准确", "正确", "无误", "一致", "规范"),
    "履约": ("履约", "按协议", "按合同", "完成"),
    "参与": ("参与", "参加", "参训"),
    "到位": ("到位", "拨付", "到账", "下达"),
    "办结": ("办结", "办理", "完成", "处理"),
    "使用": ("使用", "利用", "启用", "运行"),
}

# What an explanation copied from another row talks about (验收合格 under a 稳定运行率).
EXPLANATION_TOPICS = ("验收合格", "合格情况", "满意度", "及时性", "完成情况", "支出进度")

# Names of satisfaction indicators, and what may stand under 一级 满意度 (satisfaction or its measured proxies).
SATISFACTION_NAME = re.compile(r"满意度|满意率|好评率")
SATISFACTION_LEVEL_NAME = re.compile(r"满意|好评|评价|认可|获得感|考核|评分|得分|测评")

# How a complete organisation name ends (a name that does not was cut off: …数据管理).
ORG_TYPE_ENDINGS = ("局", "中心", "委员会", "委", "办公室", "办事处", "办", "院", "卫生院", "所", "站", "队", "公司", "馆",
                    "学校", "小学", "中学", "幼儿园", "校", "医院", "处", "科", "部", "会", "厅", "署", "街道", "社区",
                    "政府", "镇", "乡", "集团")
ORG_NAME_END = re.compile("(" + "|".join(ORG_TYPE_ENDINGS) + r"|（本级）|\(本级\)|本级)$")
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
# An indicator name that asks for an average (日均分出量, 年均接待量, 平均费用): a level, not a count of outputs
AVERAGE_NAME = re.compile(r"[日月年周人户次]均|平均|均值")
TIME_LIMIT_NAME = re.compile(r"(时限|期限|完成时间|办结时间|响应时间|处置时间|到位时间|拨付时间|用时)$")

# Indicator names that are inputs (money/staff put in), not outputs, when found under 数量.
INPUT_NAME_PATTERN = re.compile(r"^(投入|拨付|安排|下达)(资金|经费|金额)|投入(资金|经费)|资金(投入|规模)")


# ---------------------------------------------------------------------------------------------------------
# Self-evaluation scoring (绩效自评表)
# ---------------------------------------------------------------------------------------------------------

# Default weights (财预〔2020〕10号): 预算执行率 (资金) 10, 产出 50, 效益 30, 满意度 10 — 100 in all. Local forms print
# 效益 (40分) with 满意度 inside it.
SELFEVAL_STANDARD_WEIGHTS: dict[str, float] = {"资金": 10.0, "产出": 50.0, "效益": 30.0, "满意度": 10.0}
SELFEVAL_BENEFIT_WEIGHT_WITH_SATISFACTION = 40.0

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
MONEY_TOTAL_BEFORE = re.compile("(" + "|".join((*MONEY_TOTAL_WORDS, "小计"))
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
# Drafting (offline drafter, issue 5): kinds of work a description names, the people a project serves, and the
# indicator rows a form for that kind of work usually carries. `{obj}` is the object the description names
# (教学电脑), `{subject}` the people served. Rows are (三级指标, 指标值, 度量单位, 指标解释).
# ---------------------------------------------------------------------------------------------------------

DraftRow = tuple[str, str, str, str]

# Verbs that introduce an output, with a counted object: 采购电脑120台 / 新建道路3.5公里 / 培训教师200人次.
DRAFT_OUTPUT_VERBS = (
    "采购", "购置", "购买", "配备", "配置", "更新", "更换", "安装", "新建", "建设", "修建", "改建", "扩建", "铺设", "硬化",
    "改造", "修缮", "维修", "翻新", "加固", "养护", "维护", "疏浚", "清淤", "整治", "治理", "种植", "栽植", "绿化",
    "培训", "举办", "开展", "组织", "发放", "补贴", "资助", "服务", "接诊", "筛查", "体检", "巡查", "检测", "监测",
    "提供", "覆盖", "接种", "救治", "走访", "宣讲", "录入", "采集", "建成", "完成",
    "编制", "印制", "出版", "新增", "开设", "招聘", "聘用", "慰问", "救助", "收集", "处理", "清运",
)

DRAFT_WORK_KINDS: tuple[tuple[str, str, dict[str, tuple[DraftRow, ...]]], ...] = (
    ("ecology", r"河道|河流|河涌|水环境|水质|清淤|疏浚|污水|黑臭|湿地|绿化|植树|造林|生态", {
        "质量": (("{obj}治理工程验收合格率", "100%", "%", "验收合格的治理工程数/完工治理工程数×100%"),),
        "社会效益": (("周边群众生活环境改善情况", "≥90%", "%", "问卷中认为周边环境得到改善的受访群众数/受访群众总数×100%"),),
        "生态效益": (("治理区域水质达标率", "≥90%", "%", "水质监测达标的断面数/监测断面总数×100%"),),
    }),
    ("road", r"道路|公路|桥梁|人行道|路面|路灯", {
        "质量": (("道路工程验收合格率", "100%", "%", "验收合格的单位工程数/完工单位工程数×100%"),),
        "社会效益": (("{subject}出行条件改善满意比例", "≥90%", "%", "认为出行条件得到改善的受访者数/受访者总数×100%"),),
        "可持续影响": (("工程设计使用年限", "≥10年", "年", "按设计文件确定的主体工程设计使用年限"),),
    }),
    ("construction", r"新建|建设|修建|改建|扩建|铺设|硬化|施工|工程|管网", {
        "质量": (("工程验收合格率", "100%", "%", "验收合格的单位工程数/完工单位工程数×100%"),),
        "社会效益": (("建成设施投入使用率", "≥95%", "%", "建成后投入使用的设施数/建成设施总数×100%"),),
        "可持续影响": (("工程设计使用年限", "≥10年", "年", "按设计文件确定的主体工程设计使用年限"),),
    }),
    ("repair", r"维修|修缮|翻新|加固|改造|养护|维护|修复", {
        "质量": (("维修改造工程验收合格率", "100%", "%", "验收合格的维修改造项目数/完成的维修改造项目数×100%"),),
        "社会效益": (("设施正常使用率", "≥95%", "%", "维修改造后正常使用的设施数/维修改造设施总数×100%"),),
    }),
    ("purchase", r"采购|购置|购买|配备|配置|更新|更换|安装", {
        "质量": (("{obj}验收合格率", "100%", "%", "验收合格的{obj}数量/采购{obj}总数量×100%"),),
        "社会效益": (("{obj}投入使用率", "≥95%", "%", "已投入使用的{obj}数量/采购{obj}总数量×100%"),),
    }),
    ("training", r"培训|研修|讲座|授课|辅导|教研", {
        "质量": (("培训考核合格率", "≥90%", "%", "考核合格人数/参训总人数×100%"),),
        "社会效益": (("参训人员业务能力提升比例", "≥85%", "%", "培训后评估认为能力提升的参训人数/参训总人数×100%"),),
    }),
    ("health", r"诊所|卫生院|卫生服务|医院|门诊|接诊|筛查|体检|疫苗|接种|健康|医疗", {
        "质量": (("诊疗服务规范率", "≥95%", "%", "抽查合格的诊疗记录数/抽查诊疗记录总数×100%"),),
        "社会效益": (("辖区居民基本医疗服务可及率", "≥90%", "%", "15分钟内可到达医疗服务点的居民数/辖区居民总数×100%"),),
    }),
    ("event", r"活动|举办|展览|比赛|演出|赛事|宣传|讲坛|阅读推广", {
        "质量": (("活动按计划完成率", "100%", "%", "按计划完成的活动场次/计划活动场次×100%"),),
        "社会效益": (("活动参与人次完成率", "≥90%", "%", "实际参与人次/计划参与人次×100%"),),
    }),
    ("subsidy", r"补贴|补助|资助|救助|慰问|奖励|发放", {
        "质量": (("资金发放准确率", "100%", "%", "准确发放的对象数/应发放对象数×100%"),),
        "社会效益": (("符合条件对象覆盖率", "≥95%", "%", "已获发放的符合条件对象数/符合条件对象总数×100%"),),
    }),
    ("study", r"规划|编制|研究|调研|评估|咨询|课题|方案", {
        "质量": (("成果通过评审率", "100%", "%", "通过专家评审的成果数/提交成果数×100%"),),
        "社会效益": (("成果采纳应用率", "≥80%", "%", "被采纳应用的成果数/提交成果数×100%"),),
    }),
    ("service", r"服务|运营|运维|保障|管理|值守|保洁|安保|物业", {
        "质量": (("服务考核达标率", "≥95%", "%", "考核达标的服务月数/服务总月数×100%"),),
        "社会效益": (("服务覆盖率", "≥95%", "%", "实际服务对象数/应服务对象数×100%"),),
    }),
)

# Generic rows when no kind of work is recognised.
DRAFT_DEFAULT_ROWS: dict[str, tuple[DraftRow, ...]] = {
    "质量": (("项目验收合格率", "100%", "%", "验收合格的工作任务数/完成的工作任务总数×100%"),),
    "社会效益": (("项目目标实现程度", "≥90%", "%", "已实现的年度目标项数/年度目标总项数×100%"),),
}

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
DRAFT_DEFAULT_SUBJECT = "受益群众"  # not 服务对象: 服务对象满意度 is a 二级 name, and a 三级 must not repeat it

# How the unit a description names as carrying out the project ends (由南山区教育局负责): the nearest ending wins, and
# at one place the first listed (委员会 before 委, 街道办事处 before 街道).
DRAFT_APPLICANT_ENDINGS = (
    "局", "委员会", "委", "办公室", "中心", "学校", "小学", "中学", "幼儿园", "医院", "卫生院", "图书馆", "馆", "站", "所", "队",
    "街道办事处", "街道", "镇人民政府", "镇政府", "乡政府", "镇", "村委会", "社区工作站", "公司",
)

# A rate a description states (覆盖率达到95%): how its name ends, and the words between the name and the percentage.
DRAFT_RATE_NAME_ENDINGS = ("率", "覆盖面", "满意度")
DRAFT_RATE_TARGET_WORDS = ("达到", "不低于", "提高到", "提升至", "达", "保持在", "≥", ">=")
