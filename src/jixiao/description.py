"""Reading a project description: what an officer would take from it before filling in a target form.

    d = read_description("区城管局委托物业公司对辖区3,200平方米公厕保洁，每平方米每月4.2元，合同期限为2026年1月至2028年12月")
    d.applicant          # 区城管局
    d.budget_year        # 2026
    d.period_years       # 3
    d.annual_yuan        # 161,280 (3,200 × 4.2 × 12): only when the text states it or the arithmetic is certain
    d.amounts            # every amount with its role: total, annual, unit price, share (财政资金, 上年结转…)
    d.quantities         # 3,200 平方米 of 公厕保洁 (the object counted, the verb, the number and unit)
    d.limits             # time limits and deadlines: 48小时内修复, 20个工作日出报告, 9月30日前完工
    d.rates              # stated rates, satisfaction with whose (受助老人满意度≥95%)
    d.frequencies        # 每周巡查2次
    d.activity           # the main activity (subsidy, service, construction, maintenance, procurement, …)

Numbers are read as values.py reads them (thousands separators, 万, Chinese numerals); the words that decide a role
(总投资, 每人每月, 上年结转…) are in vocab.py. The reader never raises: what it cannot read is missing, and
`Description.missing` says what a person must fill in.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from dataclasses import dataclass, field

from jixiao import vocab
from jixiao.values import CN_NUMERAL, clean_cell, cn_to_number, format_number, rates_in_text

_CJK = re.compile(r"[\u4e00-\u9fff]")
# A number: thousands separators only in groups of three (3,200 / 1,152.5), else digits; or a Chinese numeral.
_NUM = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_CN = CN_NUMERAL
_MONEY = re.compile(rf"(?P<n>{_NUM}|{_CN})\s*(?P<u>亿元|万元|千元|元|亿|万)(?P<rmb>人民币)?")
_MONEY_FACTOR = vocab.MONEY_UNIT_YUAN
_QTY_UNITS = sorted({u for fam in vocab.QUANTITY_FAMILIES for u in vocab.UNIT_FAMILIES[fam]
                     if not u.isascii() and not u.startswith("万")} | {"m²", "m2", "km", "m³", "kg", "TB", "GB"},
                    key=len, reverse=True)
_QTY = re.compile(rf"(?P<n>{_NUM}|{_CN})\s*(?P<scale>万|亿)?\s*(?:余|多)?\s*(?P<u>{'|'.join(map(re.escape, _QTY_UNITS))})")
_TIME_UNITS = vocab.LIMIT_UNITS
_LIMIT = re.compile(rf"(?P<n>{_NUM}|{_CN})\s*(?P<u>{_TIME_UNITS})\s*(?P<within>内|以内|之内)?\s*(?:完成|要求)?\s*"
                    rf"(?P<act>{'|'.join(sorted(vocab.LIMIT_ACTIONS, key=len, reverse=True))})")
_LIMIT_ANY = re.compile(rf"(?P<n>{_NUM}|{_CN})\s*(?P<u>{_TIME_UNITS})\s*(?:内|以内|之内)\s*(?P<act>[\u4e00-\u9fff]{{2,4}}?)(?=[，,。；;、]|$|到位|完毕|处理|决定)")
_EVENT_BEFORE = re.compile(r"(接到|接报|收到|受理|报修|发现|接诉|报案|申请|提出|发生|开学|验收|签订|到货)[\u4e00-\u9fff]{0,8}后$")
_DATE_ACT = "|".join(sorted(vocab.DEADLINE_ACTIONS, key=len, reverse=True))
_DEADLINE = re.compile(rf"(?:(?P<y>(?:19|20)\d{{2}})\s*年)?\s*(?:(?P<m>\d{{1,2}})\s*月(?:(?P<d>\d{{1,2}})\s*日)?(?P<part>底|末|中旬|上旬|下旬)?|"
                       rf"(?P<ye>年底|年末|年内|上半年|下半年|第(?P<q>[一二三四1-4])季度(?:末)?))\s*(?P<before>(?:[\u4e00-\u9fff]{{0,4}}?)(?:前|之前|以前)|内|止)?\s*[）)]?\s*"
                       rf"(?:[\u4e00-\u9fff“”\"]{{0,10}}?)(?:全面|全部|基本|如期)?(?P<act>{_DATE_ACT})")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
_PERIOD_MONTHS = re.compile(r"(?P<y1>(?:19|20)\d{2})\s*年\s*(?P<m1>\d{1,2})\s*月(?:\s*\d{1,2}\s*日)?\s*(?:至|到|~|-|—|–)\s*"
                            r"(?:(?P<y2>(?:19|20)\d{2})\s*年)?\s*(?P<m2>\d{1,2})\s*月")
_PERIOD_YEARS = re.compile(r"(?P<y1>(?:19|20)\d{2})\s*(?:年)?\s*(?:至|到|~|-|—|–)\s*(?P<y2>(?:19|20)\d{2})\s*(?:[两二三四五六七八九十]?年)")
_PERIOD_WORDS = re.compile(rf"(?:实施期限|实施周期|实施期|项目期限|项目周期|合同期限|服务期限|服务期|合同期|周期|期限|为期)\s*(?:为|是|:)?\s*"
                           rf"(?P<n>\d+|{_CN})\s*(?:个)?(?P<u>年|个月|月)")
_SPAN_YEARS = re.compile(r"(?P<n>[2-9]|[两二三四五六七八九十])\s*年(?:内|间|共|合计|累计|总|期)")
_BUDGET_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?:度)?\s*(?:预算|安排|申请|部门预算|项目|资金|计划|拟|实施|起|开始|度)")
_FREQ = re.compile(rf"每(?P<p>{'|'.join(sorted(vocab.FREQUENCY_PERIODS, key=len, reverse=True))})(?P<mid>[\u4e00-\u9fff]{{0,8}}?)"
                   rf"(?:不少于|不低于|至少|开展|组织|进行)?\s*(?P<n>\d+|{_CN})\s*(?P<u>次|轮|场|趟|遍|期)")
_ORG = re.compile(rf"(?P<org>[\u4e00-\u9fff（）()]{{2,24}}?(?:{'|'.join(sorted(vocab.APPLICANT_ENDINGS, key=len, reverse=True))}))")
_APPLICANT_LABEL = re.compile(r"(?:申报单位|申请单位|实施单位|主管单位|项目单位|责任单位)\s*(?:为|是|:|：)?\s*")
_ORG_TAIL = re.compile(r"[\u4e00-\u9fff]{0,8}?(?:分局|分中心|管理所|管理站|管理处|服务站|所|站|队|中心|大队|支队)(?=负责|组织|实施|承担|牵头|申请|申报|[，。；,\d]|$)")
_NOT_ORG = re.compile(r"这个|我们|项目|是|的|了|在|为")
_APPLICANT_AFTER = re.compile(r"^(?:拟|计划|将|委托|组织|负责|牵头|申请|申报|为|对|在|实施|采购|开展|通过|向|于|按|实施|统一|作为|联合)")
_NAME_FIELD = re.compile(r"项目名称\s*(?:为|是|:)?\s*[“\"《]?(?P<n>[^，,。；;\n“”\"《》]{2,50}?)[”\"》]?(?=[，,。；;\n]|$)")
_QUOTED_NAME = re.compile(r"[《“\"](?P<n>[^》”\"]{4,50}?(?:项目|工程|计划|行动|服务|经费))[》”\"]")
_LEAD = re.compile(r"^(?:(?:19|20)\d{2}\s*年度?|今年|明年|本年度|年内|拟|计划|申请|为了|为|对|在|由|用于|主要用于|资金用于|将|并|通过|"
                   r"全年|预计|共|约|累计|新|继续|按照|根据)+")
_CLAUSE = re.compile(r"[，。；;：:！!？?\n]|,(?!\d{3})")
_COMPARATOR_WORDS = re.compile(r"(不少于|不低于|不小于|至少|达到|超过|高于|大于|约|一共|总共|共计|合计|总计|累计|共|计|全年|年均|每年|达|为|"
                               r"不超过|不高于|控制在|以上|以内|左右|逾|近|余)$")
_TRAIL_OBJ = re.compile(r"^(?:的|各类|各种|一批|等)")


# ---------------------------------------------------------------------------------------------------------
# What the reader finds
# ---------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Money:
    yuan: float
    raw: str
    pos: int
    role: str  # total | annual | unit_price | share | carryover | other
    context: str  # the words of its clause before it
    per: str = ""  # a unit price's unit: 人·月, m², 批次


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str
    obj: str  # what is counted: 教学电脑, 公厕保洁, 数据库
    verb: str  # the work that produces it: 采购, 保洁 ("" when the text names only the thing)
    raw: str
    pos: int
    beneficiary: bool = False  # people served (惠及3,200人), not work done
    comparator: str = "≥"

    @property
    def work(self) -> str:
        if self.verb and self.obj and not self.obj.startswith(self.verb) and self.verb not in self.obj:
            return f"{self.verb}{self.obj}"
        return self.obj or self.verb


@dataclass(frozen=True)
class Limit:
    kind: str  # duration (48小时内修复) | deadline (9月30日前完工) | service_hours (7×24小时) | count_cap | cost_cap
    action: str  # 修复, 完工, 出具报告
    text: str  # as written
    value: float | None = None
    unit: str | None = None
    deadline: dt.date | None = None
    event: str = ""  # what the time counts from: 接到报修后
    what: str = ""  # for caps: the thing capped (安全事故); for durations: what the limit is about (重大故障)


@dataclass(frozen=True)
class Rate:
    name: str
    value: float
    comparator: str  # ≥ | ≤ | =
    kind: str  # satisfaction | timely | ecology | social | quality
    audience: str = ""  # for satisfaction: whose (受助老人)
    raw: str = ""
    unit: str = "%"  # % or ‰


@dataclass(frozen=True)
class Frequency:
    period: str  # 周, 月, 年
    count: float
    unit: str  # 次
    action: str  # 巡查
    raw: str


@dataclass
class Description:
    text: str
    project_name: str
    name_given: bool
    applicant: str | None
    budget_year: int
    year_given: bool
    period_years: int
    start: dt.date | None
    end: dt.date | None
    amounts: list[Money]
    annual_yuan: float | None
    total_yuan: float | None
    shares: dict[str, float]
    quantities: list[Quantity]
    limits: list[Limit]
    rates: list[Rate]
    frequencies: list[Frequency]
    activity: str
    activity_scores: dict[str, float] = field(default_factory=dict)
    outcomes: list[str] = field(default_factory=list)
    annual_derived: str = ""  # how annual_yuan was worked out when the text does not state it in one figure

    @property
    def meaningful(self) -> bool:
        return meaningful(self.text)

    @property
    def multi_year(self) -> bool:
        return self.period_years > 1

    @property
    def outputs(self) -> list[Quantity]:
        return [q for q in self.quantities if not q.beneficiary]

    @property
    def beneficiaries(self) -> list[Quantity]:
        return [q for q in self.quantities if q.beneficiary]

    @property
    def unit_prices(self) -> list[Money]:
        return [m for m in self.amounts if m.role == "unit_price"]

    @property
    def audience(self) -> str:
        """Whose satisfaction the form asks: the one the text names with 满意度, else the people it serves."""
        for r in self.rates:
            if r.kind == "satisfaction" and r.audience:
                return r.audience
        staff = re.compile(r"聘用|聘请|派驻|配备|招聘|雇佣|护林员|保安|督导员|网格员|人员$|工作人员|律师|医生|教练")
        for noun in sorted(vocab.AUDIENCE_NOUNS, key=len, reverse=True):
            if noun in self.text and not staff.search(noun):
                return noun
        for q in self.quantities:
            if q.unit in ("人", "人次", "名", "户", "户次", "位") and q.obj and _is_people(q.obj) \
                    and not staff.search(q.work):
                return q.obj
        for pattern, who in vocab.DRAFT_SUBJECTS:  # a school serves 师生, a library its 读者
            if re.search(pattern, self.text):
                return who
        return ""

    @property
    def missing(self) -> list[str]:
        """What the text does not say and a person must fill in (Chinese field names)."""
        out = []
        if not self.applicant:
            out.append("申请单位")
        if self.annual_yuan is None:
            out.append("本年度项目金额")
        if self.multi_year and self.total_yuan is None:
            out.append("项目总金额")
        if not self.year_given:
            out.append("预算年度")
        return out

    def hints(self) -> list[str]:
        """Facts for the LLM request: what the form must carry."""
        out = [f"预算年度：{self.budget_year}", f"实施期限：{self.period_years}年"]
        if self.applicant:
            out.append(f"申请单位：{self.applicant}")
        if self.annual_yuan is not None:
            out.append(f"本年度项目金额：{yuan_text(self.annual_yuan)}")
        if self.total_yuan is not None and self.multi_year:
            out.append(f"项目总金额：{yuan_text(self.total_yuan)}")
        for m in self.unit_prices:
            out.append(f"单价或标准（不是项目金额）：{m.raw}{('/' + m.per) if m.per and '/' not in m.raw else ''}")
        out += [f"产出：{q.work} {format_number(q.value)}{q.unit}" for q in self.outputs]
        out += [f"受益对象：{q.obj or '群众'} {format_number(q.value)}{q.unit}" for q in self.beneficiaries]
        out += [f"时限：{lim.text}" for lim in self.limits]
        out += [f"频次：{f.raw}" for f in self.frequencies]
        out += [f"比率：{r.name}{r.comparator if r.comparator != '=' else ''}{format_number(r.value)}%" for r in self.rates]
        return out


def yuan_text(yuan: float) -> str:
    """An amount as an officer writes it: 万元 from ten thousand up (1,152万元, 86.4万元), else 元."""
    if abs(yuan) >= 1e4:
        return f"{_grouped(yuan / 1e4)}万元"
    return f"{_grouped(yuan)}元"


def _grouped(v: float) -> str:
    v = round(v, 4)
    whole = int(v)
    frac = format_number(round(v - whole, 4))
    return f"{whole:,}" + (frac[1:] if frac not in ("0",) else "")


def meaningful(description: str) -> bool:
    """At least six Chinese characters, not all the same (`啊啊啊啊啊啊`, `asdf`, `123` are not descriptions)."""
    cjk = _CJK.findall(description or "")
    return len(cjk) >= 6 and len(set(cjk)) >= 3


def _num(s: str) -> float | None:
    s = s.replace(",", "")
    try:
        v = float(s)
    except ValueError:
        n = cn_to_number(s)
        v = float(n) if n is not None else math.nan
    return v if math.isfinite(v) else None


def _is_people(word: str) -> bool:
    return any(word.endswith(n) or n.endswith(word) for n in vocab.AUDIENCE_NOUNS) or word.endswith(("人", "者", "员", "户", "生", "民", "工"))


def _normalise(text: str) -> str:
    """The text as the reader matches it: full-width digits and letters half-width, spaces folded, ≧ as ≥; Chinese
    punctuation kept (a full-width comma separates clauses, it is never a thousands separator)."""
    import unicodedata

    out = []
    for ch in clean_cell(text):
        if ch in "，。；：（）！？、“”《》":
            out.append(ch)
        else:
            out.append(unicodedata.normalize("NFKC", ch))
    s = "".join(out).replace("≧", "≥").replace("≦", "≤").replace("＞", ">").replace("＜", "<")
    return re.sub(r"\s+", "", s)


# ---------------------------------------------------------------------------------------------------------
# Amounts
# ---------------------------------------------------------------------------------------------------------

def _clause_before(text: str, pos: int, stop: int = 0, width: int = 16) -> str:
    head = text[max(stop, pos - width):pos]
    cut = max(head.rfind(c) for c in "，,。；;：:（(、")
    return head[cut + 1:] if cut >= 0 else head


def _per_after(text: str, end: int) -> str:
    """A unit price's unit written after it: 4.2元/m² -> m², 600元/人/月 -> 人/月, 800元每批次 -> 批次."""
    m = re.match(r"\s*(?:/|／|每)\s*([^\s，,。；;、)）]{1,8})", text[end:])
    if not m:
        return ""
    per = re.split(r"[的用计共]", m.group(1))[0]
    return per.replace("／", "/")


def _read_amounts(text: str, year: int | None) -> list[Money]:
    out: list[Money] = []
    last_end = 0
    for m in _MONEY.finditer(text):
        n = _num(m.group("n"))
        if n is None:
            continue
        unit = m.group("u")
        after = text[m.end():m.end() + 6]
        if unit in ("万", "亿"):
            # a bare 万 counts things (3万册, 12万人次) unless money words stand before it
            if re.match(r"\s*(?:余|多)?\s*(?:" + "|".join(vocab.WAN_COUNT_UNITS) + ")", after):
                continue
            if not vocab.MONEY_CONTEXT_WORDS.search(text[max(0, m.start() - 10):m.start()]):
                continue
        if text[m.end():m.end() + 1] in ("/", "／") and re.match(r"[/／]\s*(?:年|月)", text[m.end():]) is None:
            per = _per_after(text, m.end())
        else:
            per = _per_after(text, m.end()) if vocab.AMOUNT_PER_UNIT_AFTER.match(after) else ""
        before = _clause_before(text, m.start(), last_end)
        wide = _clause_before(text, m.start(), 0, 24)
        last_end = m.end()
        yuan = round(n * _MONEY_FACTOR[unit], 2)
        role = "other"
        if re.search(r"上年度|去年|上一年|往年|历年|以前年度|已拨付|已支付|已下达", before) and not \
                vocab.AMOUNT_CARRYOVER_BEFORE.search(before):
            role = "previous"  # 上年度该项目预算200万元: last year's money, not this year's
        elif per and per not in ("年", "每年"):
            role = "unit_price"
        elif vocab.AMOUNT_CARRYOVER_BEFORE.search(before):
            role = "carryover"
        elif vocab.AMOUNT_PER_UNIT_BEFORE.search(before) and (re.search(r"每(?!年)|单价|标准", before)
                                                              or not re.search(r"每年|年均|每年度", before)):
            role = "unit_price"
        elif vocab.AMOUNT_TOTAL_BEFORE.search(before):
            role = "total"
        elif vocab.AMOUNT_SHARE_BEFORE.search(before) and not re.search(r"本年度|本年|今年|当年", before[-4:]):
            role = "share"
        elif vocab.AMOUNT_ANNUAL_BEFORE.search(before) or (year and re.search(rf"{year}年", before)):
            role = "annual"
        elif vocab.AMOUNT_TOTAL_BEFORE.search(wide):
            role = "total"
        if role == "unit_price" and not per:
            pm = re.search(r"每(?!年)([\u4e00-\u9fff]{1,6})", before)
            per = pm.group(1) if pm else ""
        out.append(Money(yuan, m.group(0).replace("人民币", ""), m.start(), role, before, per))
    return out


def _money_roles(amounts: list[Money], period_years: int, text: str) -> tuple[float | None, float | None, dict[str, float], str]:
    """(annual, total, shares, how annual was worked out) from the amounts and their roles."""
    shares: dict[str, float] = {}
    for m in amounts:
        if m.role in ("share", "carryover"):
            key = "上年结转" if m.role == "carryover" else _share_name(m.context)
            shares[key] = shares.get(key, 0.0) + m.yuan
    annual_stated = [m for m in amounts if m.role == "annual"]
    totals = [m for m in amounts if m.role == "total"]
    others = [m for m in amounts if m.role == "other"]
    per_year = next((m for m in annual_stated if re.search(r"每年|年均|每年度", m.context)), None)
    derived = ""
    annual: float | None = None
    # a part named as one (另安排贴息资金50万元) is not the whole
    parts = [m for m in others if re.search(r"另|另外|此外|还|以及|再", m.context)]
    others = [m for m in others if m not in parts]
    if annual_stated:
        annual = annual_stated[0].yuan
    elif totals and period_years == 1:
        annual = max(t.yuan for t in totals)  # 合计210万元 (the items before it are parts), 项目资金共360万元
    elif others:
        annual = others[0].yuan
    # shares: 其中 parts of the annual amount, or parts that make it up (the annual amount includes 上年结转)
    share_sum = round(sum(shares.values()), 2)
    if shares:
        parts_of = annual is not None and (abs(share_sum - annual) < 0.5
                                           or share_sum < annual and re.search(r"其中|含|包括", text) is not None)
        if annual is None:
            annual, derived = share_sum, "+".join(f"{k}{yuan_text(v)}" for k, v in shares.items())
        elif not parts_of and "上年结转" in shares and (annual_stated and _is_fiscal(annual_stated[0].context) or not annual_stated):
            derived = f"{yuan_text(annual)}+上年结转{yuan_text(shares['上年结转'])}"
            annual = round(annual + shares["上年结转"], 2)
    total: float | None = max(t.yuan for t in totals) if totals else None
    if period_years > 1:
        if total is None and per_year is not None:
            total = round(per_year.yuan * period_years, 2)
        if annual is None and total is not None and re.search(r"按年平均|平均每年|每年平均|分年平均|按年均摊|平均支付", text):
            annual, derived = round(total / period_years, 2), f"{yuan_text(total)}÷{period_years}年"
        if annual is None and total is not None:
            annual = None  # a multi-year total says nothing of this year's share
    else:
        if annual is None and total is not None:
            annual = total
        if total is None and annual is not None:
            total = annual
    if annual is not None and total is not None and annual > total and period_years > 1:
        total = None  # a "total" smaller than this year's money is a part, not the whole
    if parts and annual is None:
        annual = None  # filled from the unit prices and the parts (_annual_from_prices)
    return annual, total, shares, derived


def _is_fiscal(context: str) -> bool:
    return bool(re.search(r"财政|拨款", context))


def _share_name(context: str) -> str:  # noqa: D401
    m = vocab.AMOUNT_SHARE_BEFORE.search(context)
    word = m.group(0) if m else "其他资金"
    if re.search(r"自筹|自有", word):
        return "单位自筹"
    if re.search(r"中央|省|市|上级|转移支付", word):
        return "上级补助"
    if re.search(r"财政|区|县|本级|专项", word):
        return "财政拨款"
    return "其他资金"


# ---------------------------------------------------------------------------------------------------------
# Quantities
# ---------------------------------------------------------------------------------------------------------

_VERBS = tuple(sorted(set(vocab.DRAFT_OUTPUT_VERBS) | {
    "保洁", "巡护", "巡逻", "养护", "清扫", "收运", "抽检", "快检", "办理", "接待", "受理", "咨询", "讲解", "放映", "演出",
    "举办", "培育", "孵化", "帮扶", "安置", "供养", "托养", "照护", "助餐", "配送", "送餐", "上门", "检修", "修理", "粉刷",
    "铺装", "架设", "敷设", "安装", "搭建", "打造", "布设", "设置", "增设", "采样", "化验", "鉴定", "调解", "援助", "代理",
    "承办", "指导", "辅导", "授课", "开发", "部署", "上线", "改扩建", "改建", "补植", "造林", "种植", "发放", "兑付",
    "拨付", "补助", "资助", "奖励", "扶持", "保障", "储备", "走访", "提升", "提质", "给予", "续订", "订阅", "征订", "办理", "接收", "收治", "巡检", "检查", "维修", "修缮", "更新", "改造", "整治", "建设", "新建", "新增",
    "购置", "采购", "配备", "订购", "编印", "印发", "制作", "拍摄", "完成", "开展", "组织", "实施", "提供", "服务",
}, key=len, reverse=True))
_VERB_RE = re.compile("|".join(map(re.escape, _VERBS)))
_ALL_VERBS = re.compile(f"(?:{_VERB_RE.pattern})+")
# Nouns that are not the thing counted: the place or the plan around it (辖区, 全区, 项目).
_PREP = re.compile(r"(?<![作成行认因关基由对])(?:对(?![象接外比照应于口标])|向(?![导])|给(?![水排予])|为(?![民主期止准]))|^在")
_WORK_AFTER = re.compile(r"(?:开展|进行|实施|给予|予以)([\u4e00-\u9fff]{2,6}?)(?=[，,。；;、]|$)")
_GENERIC_VERBS = re.compile(r"^(?:开展|进行|实施|组织|完成|提供|负责|开始|继续|做好|加强)+(?=[\u4e00-\u9fff]{2})")
_MEASURE = re.compile(r"(长度|面积|里程|体积|重量|数量|总量|规模|人数|人次|次数|户数|件数|方量)$")
_NOT_OBJECT = re.compile(r"^(?:辖区|全区|全市|全县|全镇|本区|区内|市内|我区|我市|各类|项目|工作|任务|计划|合计|总计|共计|累计|其中)+")


def _clean_obj(obj: str) -> str:
    obj = _COMPARATOR_WORDS.sub("", obj)
    obj = _COMPARATOR_WORDS.sub("", obj)
    obj = re.sub(r"^(?:了|各类|各种|一批|约|共|累计|全年|年均|总计|合计|新|其中|包括|含|对|为|向|给|在|于|的|和|及|与|预计|计划|拟|"
                 r"主要是|主要|包括|全县|全区|全市|全镇|到|去|赴)+", "", obj)
    obj = re.sub(r"(?:共|约|计|达|为|的|等|数量|总数|规模|面积|长度|总量|量|日均|月均|年均|人均|总)+$", "", obj)
    obj = _NOT_OBJECT.sub("", obj)
    return obj.strip()


def _noun_after(text: str, end: int) -> str:
    """The thing right after a quantity: 120台电脑 -> 电脑 (up to punctuation, 和/及/与, 用于, or a digit)."""
    m = re.match(r"[\u4e00-\u9fffA-Za-z]{1,14}", text[end:])
    if not m:
        return ""
    word = re.split(r"[和及与并、]|用于|供|进行|开展|实施|完成|提供|给予|予以|的|，|。|以上|左右|以内|不等|为|达|计|，", m.group())[0]
    verb = _VERB_RE.search(word, 2)
    if verb and re.match(r"\d", text[end + len(m.group()):end + len(m.group()) + 1]):
        word = word[:verb.start()]  # 15个乡镇演出60场: the verb starts the next quantity
    return word if len(word) >= 2 and not _VERB_RE.fullmatch(word) else ""


def _read_quantities(text: str, applicant: str | None = None, money: list[Money] = ()) -> list[Quantity]:  # type: ignore[assignment]
    out: list[Quantity] = []
    spans = [(m.pos, m.pos + len(m.raw)) for m in money] + [(m.start(), m.end()) for m in _FREQ.finditer(text)]
    prev_end = 0
    last_verb = ""
    last_clause = -1
    for m in _QTY.finditer(text):
        n = _num(m.group("n"))
        if n is None or n <= 0:
            continue
        if any(a <= m.start() < b for a, b in spans):
            continue
        unit = m.group("u")
        before_all = text[max(0, m.start() - 3):m.start()]
        if re.search(r"第$|每$|每[\u4e00-\u9fff]$|[/／]$", before_all):
            continue  # 第2批 (an ordinal), 每班30人 (a standard), 元/m²
        after = text[m.end():m.end() + 4]
        if re.match(r"\s*(?:元|万元|%|年|月|日|天|小时|个月|周|工作日|学时|以内的|以下的)", after):
            continue  # 800人均 / 3个月 (not a quantity of work)
        if m.group("n").isdigit() and len(m.group("n")) == 4 and unit in ("年",):
            continue
        value = n * vocab.SCALES.get(m.group("scale") or "", 1.0)
        unit = {"m²": "平方米", "m2": "平方米", "km": "公里", "m³": "立方米", "kg": "千克", "名": "人", "位": "人"}.get(unit, unit)
        # the clause the quantity stands in, since the last quantity or clause break
        # a 、 ends a list item only after a quantity (采购电脑120台、白板30块); before any, it joins the things
        # counted together (免疫生猪、牛羊38万头)
        brk = max((text.rfind(c, 0, m.start()) for c in "，,。；;：:（("), default=-1)
        listed = text.rfind("、", 0, m.start())
        start = max(prev_end, (listed if listed > brk and prev_end > max(brk, 0) else brk) + 1)
        clause_start = max((text.rfind(c, 0, m.start()) for c in "，,。；;：:"), default=-1)
        if clause_start != last_clause:
            last_verb, last_clause = "", clause_start
        head = re.sub(r"^(?:(?:19|20)\d{2}\s*年度?|今年|本年度|全年|年内)", "", text[start:m.start()])
        # a prepositional phrase before the thing (对辖区…, 为800名…): the thing follows the preposition
        head = re.split(r"(?:19|20)\d{2}\s*年度?|\d{1,2}月\d{1,2}日(?:前|之前)?[）)]?", head)[-1]
        if applicant and applicant in head:
            head = head.split(applicant, 1)[1]
        preps = [p.end() for p in _PREP.finditer(head)]
        if preps and not _VERB_RE.match(head, preps[-1]):
            head = head[preps[-1]:]
        prev_end = m.end()
        verb, obj = "", ""
        hits = list(_VERB_RE.finditer(head))
        if hits:
            h = hits[0]  # the first verb of the phrase governs it (办理法律援助案件, 购置保洁船)
            pre, verb, obj = _clean_obj(head[:h.start()]), h.group(), head[h.end():]
            obj = _GENERIC_VERBS.sub("", obj)  # 组织开展培训: 开展 links, the work is 培训
            obj = _clean_obj(obj)
            noun_first = pre and len(pre) <= 8 and not re.search(r"委托|公司|单位|机构|企业|主要|包括", pre)
            if noun_first and not obj:
                obj, verb = pre + verb, ""  # 河道保洁长度45公里: the work named noun first
            elif noun_first and (len(pre) >= 3 and len(obj) <= 2 or _VERB_RE.fullmatch(obj or "-")):
                # the verb is inside the thing's name (空气自动监测微站, 木构件加固更换): the whole phrase is the thing
                obj, verb = pre + verb + obj, ""
            elif _VERB_RE.fullmatch(obj or "-"):
                verb, obj = "", verb + obj  # 走访慰问2次, 开展培训1500人次: the object is itself the work
        else:
            obj = _clean_obj(head)
            verb = last_verb  # 采购电脑120台、白板30块: the list goes on under the same verb
        if verb:
            last_verb = verb
        noun = _noun_after(text, m.end())
        if noun and (not obj or len(obj) < 2 or head.endswith(("、", "和", "及", "了", "的"))):
            obj = _clean_obj(noun)  # 对已建成的9个饭堂…: what 的 qualifies follows the number
            verb = "" if head.endswith("的") else verb
        if preps and not verb:
            # 对在用电梯4,800台开展监督抽查, 对9个饭堂给予运营补贴: the work done to them is written after them
            done_to = _WORK_AFTER.match(text, m.end() + len(noun) if noun and text.startswith(noun, m.end()) else m.end())
            verb = done_to.group(1) if done_to else verb
        elif noun and obj and verb and obj == verb:
            obj = _clean_obj(noun)
        if len(obj) > 12:
            # a long run before the number: the object is its end (辖区内的农村公路 -> 农村公路)
            inner = list(_VERB_RE.finditer(obj))
            obj = obj[inner[-1].end():] if inner and inner[-1].end() < len(obj) - 1 else obj[-8:]
            obj = _clean_obj(obj)
        if verb and not obj and not _MEASURE.search(head):
            # 疫苗接种服务…，接种8万剂次: the thing was named with the verb before (obj-first)
            named = re.search(rf"([\u4e00-\u9fff]{{2,4}}){verb}", text[:m.start() - len(head)])
            if named:
                obj, verb = _GENERIC_VERBS.sub("", re.sub(r"^.*(?:开展|组织|实施|进行|提供)", "", named.group(1))) + verb, ""
        # 共计… restates the thing before; 保洁河道11条、总长度46.8公里 measures it
        said = text[start:m.start()]
        restates = out and (re.search(r"(?:共|共计|合计|累计)$", said) or re.fullmatch(r"总?(?:长度|面积|里程|规模)", said)) \
            and m.start() - out[-1].pos < 14
        if out and (restates or (not obj or _ALL_VERBS.fullmatch(obj)) and out[-1].unit == unit and m.start() - out[-1].pos < 30):
            # 新建旅游厕所5座、改造提升11座: the thing is the one counted just before
            prev_obj = out[-1].obj if not out[-1].verb else out[-1].obj
            verb, obj = (verb or obj), prev_obj
        if not obj and not verb and re.fullmatch(r"(?:共|共计|合计|累计|总计)", text[start:m.start()]) and clause_start > 0:
            # …的文书档案进行扫描加工，共计320万画幅: the thing is the work of the clause before
            prev = re.split(r"[，,。；;：:]", text[:clause_start])[-1]
            prev = re.sub(r"^.*的", "", prev)
            obj = _clean_obj(re.sub(r"进行|开展|实施|组织", "", prev))[:12]
        if not obj and not verb:
            continue
        if not re.match(r"\d", m.group("n")):
            # a Chinese numeral counts only as a number on its own (三百台), not inside a word (八一期间, 一次性)
            if re.match(r"[零〇一二两三四五六七八九十百千]", text[m.start() - 1:m.start()] or "x") \
                    or re.match(r"[间限性内中人]", text[m.end():m.end() + 1]):
                continue
        people = unit in ("人", "人次", "户", "户次")
        wide = text[max(0, m.start() - 12):m.start()]
        beneficiary = people and bool(re.search(r"惠及|受益|覆盖|辐射|带动|服务(?:对象|人口|群众)|受众", wide)) and \
            not re.search(r"培训|体检|接种|救助|资助|补贴|补助|发放|慰问|安置|招聘|帮扶|筛查|援助", wide)
        cmp_words = text[max(0, m.start() - 4):m.start()] + text[m.end():m.end() + 3]
        comparator = "≥"
        if re.search(r"不超过|不高于|不多于|控制在|以内|以下", cmp_words):
            comparator = "≤"
        out.append(Quantity(round(value, 4), unit, obj, verb, m.group(0), m.start(), beneficiary, comparator))
    # one quantity per (object, unit): a total restating the parts (共计…) keeps the first reading
    seen: set[tuple[str, str, float]] = set()
    uniq = []
    for q in out:
        key = (q.work, q.unit, q.value)
        if key not in seen:
            seen.add(key)
            uniq.append(q)
    return uniq


# ---------------------------------------------------------------------------------------------------------
# Limits, deadlines, frequencies, rates
# ---------------------------------------------------------------------------------------------------------

def _read_limits(text: str, budget_year: int) -> list[Limit]:
    out: list[Limit] = []
    for m in _LIMIT.finditer(text):
        n = _num(m.group("n"))
        if n is None or n <= 0:
            continue
        unit = m.group("u").replace("个小时", "小时")
        act = m.group("act")
        if act == "出报告":
            act = "出具报告"
        obj = re.match(r"[\u4e00-\u9fff]{0,6}?(?=[，,。；;、和及并]|$)", text[m.end():m.end() + 8])
        what = obj.group() if obj else ""
        action = act + (what if what and len(what) <= 4 and act not in ("完成",) else "")
        if act in ("完成", "作出", "办结", "处理"):
            tail = re.split(r"[，,。；;、]", text[m.end():m.end() + 16])[0]
            tail = re.split(r"的", tail)[-1][:4] if "的" in tail else tail[:4]
            if len(tail) >= 2 and not re.search(r"\d", tail):
                action = f"{tail}{act}" if act == "作出" else tail  # 决定作出, 安装调试
        ev = _EVENT_BEFORE.search(text[max(0, m.start() - 14):m.start()])
        out.append(Limit("duration", action, m.group(0), n, unit, event=ev.group() if ev else ""))
    done = {lim.text for lim in out}
    for m in _LIMIT_ANY.finditer(text):  # 7个工作日内作出决定, 12小时内调运到位: any verb after 内
        n = _num(m.group("n"))
        if n is None or n <= 0 or any(m.group(0) in t or t in m.group(0) for t in done):
            continue
        act = m.group("act")
        if not re.match(r"(?:的|以|为|每|共|累计|全部)", act):
            if act in ("完成", "作出", "办结", "处理") or re.match(r"作出", act):
                tail = re.split(r"[，,。；;、]", text[m.end():m.end() + 16])[0]
                tail = re.split(r"的", tail)[-1][:4] if "的" in tail else tail[:4]
                if len(tail) >= 2 and not re.search(r"\d", tail):
                    act = f"{tail}作出" if act.startswith("作出") else tail
            ev = _EVENT_BEFORE.search(text[max(0, m.start() - 14):m.start()])
            out.append(Limit("duration", act, m.group(0), n, m.group("u").replace("个小时", "小时"),
                             event=ev.group() if ev else ""))
    for m in _DEADLINE.finditer(text):
        y = int(m.group("y")) if m.group("y") else budget_year
        d: dt.date | None = None
        try:
            if m.group("m"):
                mo = int(m.group("m"))
                if not 1 <= mo <= 12:
                    continue
                part = m.group("part") or ""
                day = int(m.group("d")) if m.group("d") else (10 if part == "上旬" else 20 if part == "中旬" else calendar.monthrange(y, mo)[1])
                d = dt.date(y, mo, day)
            else:
                ye = m.group("ye")
                if ye in ("年底", "年末", "年内"):
                    d = dt.date(y, 12, 31)
                elif ye == "上半年":
                    d = dt.date(y, 6, 30)
                elif ye == "下半年":
                    d = dt.date(y, 12, 31)
                elif m.group("q"):
                    q = {"一": 1, "二": 2, "三": 3, "四": 4}.get(m.group("q")) or int(m.group("q"))
                    d = dt.date(y, q * 3, calendar.monthrange(y, q * 3)[1])
        except ValueError:
            continue
        if d is None:
            continue
        if not m.group("before") and m.group("m") and not m.group("d") and not m.group("part"):
            # 2026年9月完成: by the end of that month
            pass
        out.append(Limit("deadline", m.group("act"), m.group(0), deadline=d))
    for m in re.finditer(r"(?P<d>\d+)\s*[×*xX]\s*(?P<h>\d+)\s*小时", text):
        out.append(Limit("service_hours", "服务", m.group(0), float(m.group("h")), "小时/天"))
    for m in re.finditer(rf"每(?:天|日)(?P<mid>[\u4e00-\u9fff]{{0,6}}?)(?:不少于|不低于|至少)?(?P<n>{_NUM}|{_CN})\s*(?:个)?小时", text):
        n = _num(m.group("n"))
        if n:
            out.append(Limit("service_hours", m.group("mid") or "服务", m.group(0), n, "小时/天"))
    for m in re.finditer(rf"每周(?P<mid>[\u4e00-\u9fff]{{0,6}}?)(?:不少于|不低于|至少)?(?P<n>{_NUM}|{_CN})\s*(?:个)?小时", text):
        n = _num(m.group("n"))
        if n:
            out.append(Limit("service_hours", m.group("mid") or "服务", m.group(0), n, "小时/周"))
    for m in re.finditer(r"(?P<what>[\u4e00-\u9fff]{0,6}(?:事故|投诉|差错|火灾|事件|案件|纠纷|死亡|伤亡|失误))(?:发生)?(?:数|起数|次数)?"
                         r"(?:为|保持|控制为)?(?P<n>0|零)\s*(?P<u>起|次|件|例|宗)?", text):
        what = re.sub(r"^(?:全年|年度|确保|力争|其中|且|并|年内|辖区|不发生)+", "", m.group("what"))
        if what:
            out.append(Limit("count_cap", "", m.group(0), 0.0, m.group("u") or "起", what=what))
    for m in re.finditer(rf"(?P<what>[\u4e00-\u9fff]{{2,8}}?)(?:不超过|不多于|不高于|控制在|(?<!不)少于|(?<!不)低于)(?P<n>{_NUM}|{_CN})\s*"
                         rf"(?P<u>起|次|件|例|宗|人次|个)(?:以内|以下)?", text):
        n = _num(m.group("n"))
        what = re.sub(r"^(?:全年|年度|确保|力争|其中|且|并|年内|发生|辖区)+", "", m.group("what"))
        if n is not None and what:
            out.append(Limit("count_cap", "", m.group(0), n, m.group("u"), what=what))
    for m in re.finditer(rf"(?P<what>[\u4e00-\u9fff]{{2,8}}?(?:成本|单价|造价|费用|价格))(?:不超过|不高于|控制在|(?<!不)低于)(?P<n>{_NUM})\s*"
                         rf"(?P<u>元|万元)(?P<per>[/／][\u4e00-\u9fff²a-zA-Z·]{{1,6}})?", text):
        n = _num(m.group("n"))
        if n is not None:
            out.append(Limit("cost_cap", "", m.group(0), n, m.group("u") + (m.group("per") or "").replace("／", "/"),
                             what=m.group("what")))
    for m in re.finditer(rf"(?P<what>[\u4e00-\u9fff]{{2,10}}?(?:时间|时长|用时|时限|周期))(?:不超过|控制在|不多于|少于|低于|≤|在)"
                         rf"(?P<n>{_NUM}|{_CN})\s*(?P<u>{_TIME_UNITS})(?:以内|内)?", text):
        n = _num(m.group("n"))
        if n:
            out.append(Limit("duration", "", m.group(0), n, m.group("u"), what=_RATE_LEAD.sub("", m.group("what"))))
    # what each duration is about: the words before its number (一般故障4小时内修复, 重大故障24小时内修复)
    for i, lim in enumerate(out):
        if lim.kind == "duration" and not lim.what:
            at = text.find(lim.text)
            head = re.split(r"[，,。；;、：:（(]", text[max(0, at - 12):at])[-1] if at > 0 else ""
            head = re.sub(r"(?:接到|接报|收到|受理|报修|发现|接诉|接警|上报|申请|发生|提出)[\u4e00-\u9fff]{0,4}?后$|后$|须$|应$|要$|在$", "", head)
            head = re.sub(r"^(?:并|且|和|确保|要求|其中|对|均|一律)+", "", head)
            if 2 <= len(head) <= 8 and not re.search(r"\d", head):
                out[i] = Limit(lim.kind, lim.action, lim.text, lim.value, lim.unit, lim.deadline, lim.event, head)
    # one limit per text position (a cap may also read as a duration)
    seen: set[str] = set()
    uniq = []
    for lim in out:
        if lim.text not in seen:
            seen.add(lim.text)
            uniq.append(lim)
    return uniq


def _read_frequencies(text: str) -> list[Frequency]:
    out = []
    for m in re.finditer(r"按(?P<p>月|季度|季|年|周|半年)(?:社会化)?(?P<act>发放|拨付|支付|兑付|结算|申报|考核|巡查)", text):
        out.append(Frequency(vocab.FREQUENCY_PERIODS[m.group("p")], 1.0, "次", m.group("act"), m.group(0)))
    for m in _FREQ.finditer(text):
        n = _num(m.group("n"))
        if n is None or n <= 0:
            continue
        mid = re.sub(r"^(?:至少|不少于|开展|组织|进行|对)+|(?:不少于|至少|开展|组织|进行|一次)+$", "", m.group("mid"))
        hit = list(_VERB_RE.finditer(mid))
        action = mid if not hit else mid[hit[0].start():]
        if not action:
            pre = list(_VERB_RE.finditer(text[max(0, m.start() - 8):m.start()]))
            action = pre[-1].group() if pre else ""
        out.append(Frequency(vocab.FREQUENCY_PERIODS[m.group("p")], n, m.group("u"), action, m.group(0)))
    return out


def _rate_kind(name: str) -> str:
    if vocab.SATISFACTION_NAME.search(name):
        return "satisfaction"
    if re.search(r"供水|饮水|自来水|饮用水", name):
        return "quality"  # the water people drink: the service's quality, not the environment
    if vocab.RATE_TIMELY.search(name):
        return "timely"
    if vocab.RATE_OUTCOME_ECOLOGY.search(name):
        return "ecology"
    if vocab.RATE_OUTCOME_SOCIAL.search(name):
        return "social"
    return "quality"


_RATE_LEAD = re.compile(r"^(?:年度|年|确保|力争|使|实现|保证|保持|全年|年度|项目|其中|并|且|达到|提高|提升|以上|群众对|对|的|和|及|、)+")


_RATE_MORE = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,12}?(?:率|比例|占比|密度|覆盖面|满意度))(?:[\u4e00-\u9fff]{0,4}?)"
                        r"(?P<cmp>不低于|不少于|达到|达|≥|不超过|控制在|低于|≤)?\s*(?P<n>\d+(?:\.\d+)?)\s*(?P<u>%|％|‰)(?P<suffix>以上|以内|以下)?")
_GROWTH = re.compile(r"(?P<what>[\u4e00-\u9fff]{2,10}?)(?:同比|较上年)?(?P<dir>增长|增加|提高|提升|下降|降低|减少)"
                     r"(?:不低于|不少于|达到|超过|以上)?\s*(?P<n>\d+(?:\.\d+)?)\s*%")


def _rates_more(text: str) -> list[Rate]:
    """Rates the values reader does not take: 比例/占比/密度 names, words between the name and its number
    (满意度要求不低于85%), per mille (受害率控制在0.8‰以内), growth (接待游客人次同比增长不低于8%)."""
    out = []
    found = set()
    for m in _RATE_MORE.finditer(text):
        name = _RATE_LEAD.sub("", m.group("name"))
        raw = m.group(0)
        cmp = "≥" if re.search(r"不低于|不少于|达|≥|以上", raw) else "≤" if re.search(r"不超过|控制在|低于|≤|以内|以下", raw) else \
            "=" if float(m.group("n")) == 100 else "≥"
        key = (name, float(m.group("n")))
        if key in found or len(name) < 2:
            continue
        found.add(key)
        kind = _rate_kind(name)
        audience = re.sub(r"(?:的)?(?:满意度|满意率)$", "", name) if kind == "satisfaction" else ""
        out.append(Rate(name, float(m.group("n")), cmp, kind, audience, raw, m.group("u").replace("％", "%")))
    for m in _GROWTH.finditer(text):
        what = _RATE_LEAD.sub("", re.sub(r"^.*?(?:力争|确保|全年)", "", m.group("what")))
        if what and not what.endswith(("率", "度")):
            out.append(Rate(f"{what}{m.group('dir')}率", float(m.group("n")), "≥", "social", "", m.group(0)))
    return out


def _read_rates(text: str) -> list[Rate]:
    out = []
    for name, pct, bound, raw in rates_in_text(text):
        name = _RATE_LEAD.sub("", name)
        name = re.sub(r"^.*?(?:，|,|；|。)", "", name)
        if len(name) < 2 or pct > 100:
            continue
        verb = raw[len(raw) - len(raw.lstrip()):]
        cmp = "≥"
        if re.search(r"不低于|不少于|不小于|以上|达到|≥|高于|大于", raw):
            cmp = "≥"
        elif bound == "以下" or re.search(r"不超过|不高于|低于|控制在|以内|以下|小于|≤", raw):
            cmp = "≤"
        elif pct == 100 and not re.search(r"不低于|达到|以上|≥", raw):
            cmp = "="
        kind = _rate_kind(name)
        audience = ""
        if kind == "satisfaction":
            audience = re.sub(r"(?:的)?(?:满意度|满意率)$", "", name)
            audience = re.sub(r"^(?:服务对象|群众对|对)", "", audience) if audience not in ("服务对象",) else audience
            audience = re.sub(r"对.*$", "", audience)
        out.append(Rate(name, pct, cmp, kind, audience, raw))
        del verb
    seen = {(r.name, r.value) for r in out}
    for extra in _rates_more(text):
        if (extra.name, extra.value) not in seen and not any(extra.name.endswith(r.name) or r.name.endswith(extra.name)
                                                             for r in out if r.value == extra.value):
            out.append(extra)
    return out


# ---------------------------------------------------------------------------------------------------------
# Name, applicant, years
# ---------------------------------------------------------------------------------------------------------

def _read_applicant(text: str) -> str | None:
    """The organisation that applies: a label (申请单位：…), 由…负责, an organisation opening a clause and doing something,
    then one opening the text. An organisation right after another (…局路灯管理所) is the one named."""
    def whole(o: re.Match[str], within: str, loose: bool = False) -> str | None:
        org = re.sub(r"^由", "", o.group("org"))
        if loose and re.search(r"公司|企业|机构$", org):
            return None  # 由服务公司自行配…: a contractor, not the applicant of a budget form
        tail = _ORG_TAIL.match(within, o.end())
        if tail and tail.group() and not _VERB_RE.search(tail.group()):
            org += tail.group()
        return None if _NOT_ORG.search(org) else org

    m = _APPLICANT_LABEL.search(text)
    if m:
        o = _ORG.match(text, m.end())
        if o and whole(o, text):
            return whole(o, text)
    strict = re.search(r"由(?P<org>[\u4e00-\u9fff（）()]{3,30}?)(?:负责|组织|牵头|统一|具体|承担|实施|申请|申报)", text)
    if strict and re.search(f"(?:{'|'.join(vocab.APPLICANT_ENDINGS)})$", strict.group("org")) and not _NOT_ORG.search(strict.group("org")):
        return strict.group("org")
    # a clause that opens with an organisation doing something: 区城管局委托…, 县卫健委拟…
    for start in [0] + [i + 1 for i, c in enumerate(text) if c in "。；;\n，"]:
        seg = re.sub(r"^(?:(?:19|20)\d{2}\s*年度?|今年|明年|本年度|年内)[，,]?", "", text[start:start + 40])
        o = _ORG.match(seg)
        rest = re.sub(r"^(?:(?:19|20)\d{2}\s*年度?|今年|明年|本年度|年内)", "", seg[o.end():]) if o else ""
        if o and (_APPLICANT_AFTER.match(rest) or _VERB_RE.match(rest)) and whole(o, seg, loose=True):
            return whole(o, seg, loose=True)
    for m in re.finditer(r"由", text):  # 由区住房建设局按进度拨付
        o = _ORG.match(text, m.end())
        if o and whole(o, text, loose=True):
            return whole(o, text, loose=True)
    # the description opens with the organisation (区档案馆2026年…)
    seg = re.sub(r"^(?:(?:19|20)\d{2}\s*年度?|今年|明年|本年度|年内)[，,]?", "", text[:40])
    o = _ORG.match(seg)
    if o and not re.match(r"[为对向在给]", seg) and (re.match(r"(?:19|20)\d{2}", seg[o.end():]) or seg is not text[:40]):
        return whole(o, seg)
    return None


def _read_years(text: str, today: dt.date) -> tuple[int, bool, int, dt.date | None, dt.date | None]:
    """(budget year, whether the text gives one, period in years, start, end)."""
    start = end = None
    period = 1
    m = _PERIOD_MONTHS.search(text)
    if m:
        y1, m1, m2 = int(m.group("y1")), int(m.group("m1")), int(m.group("m2"))
        y2 = int(m.group("y2")) if m.group("y2") else y1
        if 1 <= m1 <= 12 and 1 <= m2 <= 12 and (y2, m2) >= (y1, m1) and y2 - y1 <= 20:
            start, end = dt.date(y1, m1, 1), dt.date(y2, m2, calendar.monthrange(y2, m2)[1])
            months = (y2 - y1) * 12 + m2 - m1 + 1
            period = max(1, math.ceil(months / 12 - 1e-9)) if months > 12 else 1
            if y2 > y1 and months > 12:
                period = max(period, y2 - y1 + (1 if m2 >= m1 else 0))
    if start is None:
        m = _PERIOD_YEARS.search(text)
        if m and 0 <= int(m.group("y2")) - int(m.group("y1")) <= 20:
            y1, y2 = int(m.group("y1")), int(m.group("y2"))
            start, end, period = dt.date(y1, 1, 1), dt.date(y2, 12, 31), y2 - y1 + 1
    w = _PERIOD_WORDS.search(text)
    if w:
        n = _num(w.group("n")) or 1
        years = n if w.group("u") == "年" else math.ceil(n / 12)
        if 1 <= years <= 20 and (start is None or years > period):
            period = int(years)
    elif start is None:
        s = _SPAN_YEARS.search(text)
        if s:
            n = _num(s.group("n"))
            if n and 2 <= n <= 20:
                period = int(n)
    s = re.search(r"分(?P<n>[2-9]|[两二三四五六七八九十])(?:个)?年(?:实施|完成|建设)", text)
    if s and start is None and not w:
        period = int(_num(s.group("n")) or period)
    years = [int(y) for y in _YEAR.findall(text) if 2000 <= int(y) <= 2100]
    if not years and re.search(r"明年|下一年度|下年度", text):
        years = [today.year + 1]
    elif not years and re.search(r"今年|本年度|当年", text):
        years = [today.year]
    by = _BUDGET_YEAR.search(text)
    if by and 2000 <= int(by.group(1)) <= 2100 and not (start and by.group(1) == str(start.year) and "至" in text[by.end():by.end() + 3]):
        year, given = int(by.group(1)), True
    elif start is not None:
        year, given = start.year, True
    elif years:
        year, given = years[0], True
    else:
        year, given = today.year, False
    return year, given, period, start, end


def _project_name(text: str, applicant: str | None, quantities: list[Quantity]) -> tuple[str, bool]:
    m = _NAME_FIELD.search(text)
    if m:
        name = m.group("n").strip()
        return (name if name.endswith(("项目", "工程", "经费", "计划", "服务")) else f"{name}项目"), True
    m = _QUOTED_NAME.search(text)
    if m:
        return m.group("n"), True
    first = next((c for c in re.split(r"[。；;\n]", text) if _CJK.search(c)), text)
    m = re.search(r"([\u4e00-\u9fff（）()A-Za-z0-9]{4,40}?(?:项目|工程))(?![\u4e00-\u9fff])", first)
    if m:
        name = _LEAD.sub("", m.group(1))
        if applicant and name.startswith(applicant):
            name = name[len(applicant):]
        name = re.sub(r"^((?:19|20)\d{2}\s*年度?)(?:实施|开展|推进|组织|继续)", r"\1", name)
        name = re.sub(r"^(?:19|20)\d{2}\s*年度?(?=实施|开展)", "", name)
        name = re.sub(r"^(?:实施|开展|推进|组织|继续)", "", name)
        name = re.sub(r"^(?:负责|组织|实施|承担|申报|牵头|拟|计划|对|为|在)+", "", name)
        if len(name) >= 4 and not re.search(r"\d", re.sub(r"(?:19|20)\d{2}\s*年度?", "", name)):
            return name, True
    # build it from the first clause that does something: its place and its work, without numbers and money
    clauses = [c for c in _CLAUSE.split(text) if _VERB_RE.search(c) and not re.search(r"万元|元$|期限|合同|满意|小时内|日内", c)]
    clause = clauses[0] if clauses else first
    if applicant and applicant in clause:
        clause = clause.split(applicant, 1)[1]
    clause = _name_words(clause)
    if len(clauses) > 1 and _QTY.search(clauses[1]) and len(clause) <= 14:
        second = _name_words(clauses[1])
        if 2 <= len(second) <= 12 and second[:2] not in clause and second[-2:] not in clause:
            clause = f"{clause}、{second}"
    if len(clause) < 3:
        clause = quantities[0].work if quantities else "项目"
    return (clause if clause.endswith(("项目", "工程")) else f"{clause}项目"), False


def _name_words(clause: str) -> str:
    """A clause as part of a project name: no numbers, money, years, leading prepositions or linking verbs."""
    clause = re.sub(rf"{_NUM}\s*(?:万|亿)?\s*(?:余|多)?\s*(?:{'|'.join(map(re.escape, _QTY_UNITS))})", "", clause)
    clause = _MONEY.sub("", clause)
    clause = re.sub(r"(?:19|20)\d{2}\s*年度?", "", clause)
    clause = re.sub(r"^(?:负责|组织|实施|承担|申报|牵头|委托[\u4e00-\u9fff]{0,10}?(?:公司|机构|单位|企业|第三方)|通过政府购买服务|拟|计划|"
                    r"继续|将|在|为|对|由|向|于|统一)+", "", _LEAD.sub("", clause))
    clause = re.sub(r"^(?:开展|进行|实施|组织|完成|做好)+", "", clause)
    clause = re.sub(r"(?<=[\u4e00-\u9fff]{2})(?:开展|进行|实施|组织|完成)(?=[\u4e00-\u9fff]{2})", "", clause)
    clause = re.sub(r"(?:不少于|不低于|约|共|达|等|的|个|名|余)+$", "", clause)
    return re.sub(r"[、]+$", "", clause)[:28].strip("、和及与")


# ---------------------------------------------------------------------------------------------------------
# Activity
# ---------------------------------------------------------------------------------------------------------

def _activity(text: str, name: str, quantities: list[Quantity], amounts: list[Money]) -> tuple[str, dict[str, float]]:
    """The main activity: the project name counts 3, the verbs of stated outputs 2, a unit price of a kind (a
    subsidy standard, a service fee) 2, the rest of the text 1 per activity word (at most 3)."""
    scores: dict[str, float] = {}
    verbs = " ".join(q.verb + q.obj for q in quantities)
    for key, _label, pattern in vocab.DRAFT_ACTIVITIES:
        rx = re.compile(pattern)
        s = 3.0 * bool(rx.search(name)) + 2.0 * bool(rx.search(verbs)) + min(3, len(rx.findall(text))) * 1.0
        scores[key] = s
    if any(m.role == "unit_price" and re.search(r"补贴|补助|标准|救助|资助|发放", m.context) for m in amounts):
        scores["subsidy"] += 3
    if re.search(r"委托|购买服务|服务合同|合同期限|服务期|服务费", text):
        scores["service"] += 2
    best = max(scores, key=lambda k: (scores[k], -[a[0] for a in vocab.DRAFT_ACTIVITIES].index(k)))
    return (best if scores[best] > 0 else "general"), scores


_OUTCOME = re.compile(rf"(?P<v>{'|'.join(vocab.OUTCOME_VERBS)})(?P<o>[\u4e00-\u9fff]{{2,14}}?)(?=[，,。；;、和]|$|水平|能力|质量|条件|环境)")


def _outcomes(text: str) -> list[str]:
    out = []
    for m in _OUTCOME.finditer(text):
        phrase = m.group("v") + m.group("o")
        tail = text[m.end():m.end() + 2]
        if tail in ("水平", "能力", "质量", "条件", "环境"):
            phrase += tail
        if not re.search(r"\d|%", phrase) and phrase not in out:
            out.append(phrase)
    return out[:3]


# ---------------------------------------------------------------------------------------------------------
# The reader
# ---------------------------------------------------------------------------------------------------------

def read_description(description: str, today: dt.date | None = None) -> Description:
    """Everything the reader finds in a description. Never raises: what it cannot read is left out (`missing`)."""
    text = _normalise(description or "")
    today = today or dt.date.today()
    budget_year, year_given, period, start, end = _read_years(text, today)
    amounts = _read_amounts(text, budget_year if year_given else None)
    annual, total, shares, derived = _money_roles(amounts, period, text)
    applicant = _read_applicant(text)
    quantities = _read_quantities(text, applicant, amounts)
    name, name_given = _project_name(text, applicant, quantities)
    if annual is None:
        annual, derived = _annual_from_prices(amounts, quantities, period)
        if annual is not None and total is None and period == 1:
            total = annual
    activity, scores = _activity(text, name, quantities, amounts)
    return Description(
        text=text, project_name=name, name_given=name_given, applicant=applicant, budget_year=budget_year,
        year_given=year_given, period_years=period, start=start, end=end, amounts=amounts, annual_yuan=annual,
        total_yuan=total, shares=shares, quantities=quantities, limits=_read_limits(text, budget_year),
        rates=_read_rates(text), frequencies=_read_frequencies(text), activity=activity, activity_scores=scores,
        outcomes=_outcomes(text), annual_derived=derived)


def _annual_from_prices(amounts: list[Money], quantities: list[Quantity], period: int) -> tuple[float | None, str]:
    """This year's money from the unit prices and the quantities they price (800人 × 600元/人·月 × 12月), plus the
    amounts named as further parts (另安排贴息资金50万元), when the text states no total; None unless every unit price
    finds its quantity and nothing else is money."""
    prices = [m for m in amounts if m.role == "unit_price"]
    parts = [m for m in amounts if m.role == "other" and re.search(r"另|另外|此外|还|以及|再", m.context)]
    if not prices or len(prices) + len(parts) != len([m for m in amounts if m.role != "previous"]):
        return None, ""
    calcs = [calculation(p, quantities) for p in prices]
    if any(c is None for c in calcs):
        return None, ""
    total = round(sum(c[0] for c in calcs if c) + sum(m.yuan for m in parts), 2)
    expr = "+".join([c[1] for c in calcs if c] + [m.raw for m in parts])
    return total, expr


def per_text(per: str) -> str:
    """A unit price's unit as a form writes it: 每人每月 -> 人·月, 人/月 -> 人·月, m² -> 平方米."""
    per = per.replace("每", "·").replace("/", "·").strip("·")
    per = re.sub(r"^(?:个|一)", "", per)
    return {"m²": "平方米", "m2": "平方米", "㎡": "平方米"}.get(per, per)


def calculation(price: Money, quantities: list[Quantity]) -> tuple[float, str] | None:
    """(yuan, `800人×600元/人·月×12月`) for a unit price and the quantity in its unit; None when no quantity fits."""
    per = price.per or ""
    monthly = "月" in per and "年" not in per
    for q in quantities:
        unit_hit = q.unit and (q.unit in per or (q.unit == "平方米" and re.search(r"m²|m2|平方米|㎡", per))
                               or (q.unit in ("人", "人次") and "人" in per) or (q.unit == "户" and "户" in per))
        if not unit_hit:
            continue
        months = 12 if monthly else 1
        value = q.value * price.yuan * months
        price_text = f"{format_number(price.yuan)}元/{per_text(per)}" if per else f"{format_number(price.yuan)}元"
        expr = f"{_grouped(q.value)}{q.unit}×{price_text}" + ("×12月" if monthly else "")
        return round(value, 2), expr
    return None
