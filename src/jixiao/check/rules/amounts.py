"""amount_inconsistency and count_inconsistency: numbers in the header and texts against the table."""

from __future__ import annotations

import re

from jixiao import vocab
from jixiao.check.engine import Hit, rule
from jixiao.check.facts import header_texts, scored, target_family
from jixiao.values import money_in_text, quantities_in_text, rates_in_text

_TOTAL_WORD = re.compile(r"(共计|合计|总计|总额|共需|共|总共)\s*(为|约)?\s*[:：]?\s*$")
_QUARTER = re.compile(r"(第?[一二三四1-4]季度(?:末)?|[1-9]\s*[-—至~]\s*1?[0-9]\s*月(?:份)?|[一二三四]季度)")


_COUNT_WORDS = re.compile(r"[\s数量人次个台套项场件份篇户]")  # words every count name shares: not evidence
_CLAUSE_END = re.compile(r"[，,。；;、]")


def _close(a: float, b: float, rel: float = 0.005) -> bool:
    return abs(a - b) <= max(1.0, rel * max(abs(a), abs(b)))


@rule("JX701", "amount_inconsistency", "error", "本年度金额大于项目总金额",
      bad="项目总金额(中期规划,元): 300,000.00\n本年度项目金额(元): 500000\n产出指标\t*数量指标\t采购电脑数量\t≥10台\t台\t采购台数",
      good="项目总金额(中期规划,元): 900,000.00\n本年度项目金额(元): 300000\n产出指标\t*数量指标\t采购电脑数量\t≥10台\t台\t采购台数")
def annual_over_total(form, ctx):
    """The annual amount is part of the project total (中期规划); an annual amount above the total means one of them
    is wrong (or written in 万元 against 元). Source: RULES-REFERENCE “Money adds up”."""
    a, t = form.annual_amount, form.total_amount
    if a and t and a.yuan is not None and t.yuan is not None and a.yuan > t.yuan + 0.5:
        yield Hit(f"本年度项目金额（{a.raw}{a.unit or ''}）大于项目总金额（{t.raw}{t.unit or ''}）", field="本年度项目金额",
                  evidence=f"{a.raw} > {t.raw}", suggestion="核对两项金额及其单位（元/万元）")


@rule("JX702", "amount_inconsistency", "error", "资金来源之和不等于本年度金额",
      bad="本年度项目金额(万元): 100.00\n财政拨款资金(万元): 80.00\n其他资金(万元): 10.00\n产出指标\t*数量指标\t采购电脑数量\t≥10台\t台\t采购台数",
      good="本年度项目金额(万元): 100.00\n财政拨款资金(万元): 90.00\n其他资金(万元): 10.00\n产出指标\t*数量指标\t采购电脑数量\t≥10台\t台\t采购台数")
def funding_sum(form, ctx):
    """年度资金总额 = 当年财政拨款 + 上年结转 + 其他资金, after 元/万元 conversion (转移支付 and 政府购买服务 are
    subsets and not added). Source: RULES-REFERENCE “Money adds up”."""
    a = form.annual_amount
    parts = [form.funding[k] for k in ("财政拨款资金", "上年结转资金", "其他资金") if k in form.funding]
    if not a or a.yuan is None or "财政拨款资金" not in form.funding or any(p.yuan is None for p in parts):
        return
    total = sum(p.yuan for p in parts)  # type: ignore[misc]
    if not _close(total, a.yuan, 0.0005):
        yield Hit(f"财政拨款、上年结转与其他资金合计 {total / 1e4:g} 万元，与本年度金额 {a.yuan / 1e4:g} 万元不一致",
                  field="本年度项目金额", evidence=" + ".join(p.raw for p in parts), suggestion="核对资金来源各项金额")


@rule("JX703", "amount_inconsistency", "info", "测算依据的合计与项目金额不符",
      bad="本年度项目金额(元): 300000\n测算依据: 设备采购费用共计50万元。\n产出指标\t*数量指标\t采购电脑数量\t≥10台\t台\t采购台数",
      good="本年度项目金额(元): 300000\n测算依据: 设备采购费用共计30万元。\n产出指标\t*数量指标\t采购电脑数量\t≥10台\t台\t采购台数")
def basis_total(form, ctx):
    """The amount the calculation basis (测算依据 / 测算明细) arrives at must be the money requested: the annual
    amount, or the project total for multi-year bases. Source: RULES-REFERENCE “Money adds up” (88号: 与预算确定的投入相匹配)."""
    a, t = form.annual_amount, form.total_amount
    if not a or a.yuan is None:
        return
    targets = [x.yuan for x in (a, t) if x and x.yuan]
    texts = header_texts(form, ("测算依据",))
    texts += [("测算明细", i.explanation or "") for i in form.indicators if i.level2 == "测算明细"]
    for name, text in texts:
        amounts = money_in_text(text)
        # a total claim: after 共计/合计…, and large enough to be the whole (smaller ones are sub-totals of items)
        stated = [(y, raw) for y, pos, raw in amounts
                  if _TOTAL_WORD.search(text[max(0, pos - 12):pos]) and y >= 0.5 * a.yuan]
        if not stated:
            continue
        y, raw = max(stated)
        if not any(_close(y, x, 0.01) for x in targets):  # type: ignore[arg-type]
            ind = next((i for i in form.indicators if i.level2 == "测算明细"), None) if name == "测算明细" else None
            yield Hit(f"{name}合计为 {raw}，与本年度项目金额 {a.raw}{a.unit or ''} 不一致", field=None if ind else name,
                      indicator=ind, evidence=raw, suggestion="核对测算依据的合计与申报金额")


@rule("JX704", "amount_inconsistency", "error", "资金支出进度的累计数不递增或不等于年度金额",
      bad="本年预算金额（万元）: 55.80\n投入指标\t资金支出进度\t第一季度累计支付 0 元；第二季度累计支付 0 元；第三季度累计支付 43 万元；第四季度累计支付 12.8 万元。\t\t\t",
      good="本年预算金额（万元）: 55.80\n投入指标\t资金支出进度\t第一季度累计支付 0 元；第二季度累计支付 0 元；第三季度累计支付 43 万元；第四季度累计支付 55.8 万元。\t\t\t")
def payment_schedule(form, ctx):
    """资金支出进度 gives cumulative payments per quarter: they never fall, and the last one is the annual amount
    (or 100%). `43` then `12.8` is neither cumulative nor complete."""
    a = form.annual_amount
    for ind in form.indicators:
        if ind.level2 != "资金支出进度" or not ind.explanation:
            continue
        text = ind.explanation
        money = [y for y, _, _ in money_in_text(text)]
        pcts = [float(x) for x in re.findall(r"(\d+(?:\.\d+)?)\s*%", text)]
        seq, unit = (money, "money") if len(money) >= 2 else (pcts, "pct")
        if len(seq) < 2 or not _QUARTER.search(text):
            continue
        falls = [i for i in range(1, len(seq)) if seq[i] < seq[i - 1] - 0.005]
        if falls:
            yield Hit(f"资金支出进度的累计数出现下降（{seq[falls[0] - 1]:g} → {seq[falls[0]]:g}），不是累计值", indicator=ind,
                      evidence=text[:80], suggestion="按季度填写累计支付数，逐季不减，第四季度等于年度金额")
        last = seq[-1]
        if unit == "money" and a and a.yuan and not _close(last, a.yuan, 0.001):
            yield Hit(f"资金支出进度最后的累计数 {last / 1e4:g} 万元不等于本年度金额 {a.yuan / 1e4:g} 万元", indicator=ind,
                      evidence=text[:80], suggestion="第四季度累计支付数应等于本年度金额")
        if unit == "pct" and last != 100:
            yield Hit(f"资金支出进度最后的累计比例为 {last:g}%，未达到 100%", indicator=ind, evidence=text[:80],
                      suggestion="第四季度末累计支出应达到年度金额的 100%")


@rule("JX711", "count_inconsistency", "warning", "测算依据或年度目标中的数量与指标不一致",
      bad="测算依据: 按照68名劳派人员测算薪级工资。\n产出指标\t*数量指标\t发放劳务派遣工资人数\t≥62人\t人\t全年实际发放工资人数",
      good="测算依据: 按照68名劳派人员测算薪级工资。\n产出指标\t*数量指标\t发放劳务派遣工资人数\t≥68人\t人\t全年实际发放工资人数")
def count_vs_text(form, ctx):
    """The money is calculated for 68 persons but the indicator promises ≥62: the target must match the input
    the budget pays for (88号: 与预算确定的投入相匹配). Matched by unit and shared words near the number."""
    rows = [i for i in scored(form) if i.target.kind == "number" and i.target.value is not None
            and not i.target.per and target_family(i) == "count"]
    if not rows:
        return
    # numbers in the texts are read once per form, not once per indicator; 长期目标 counts several years, the
    # indicators one (RULES-REFERENCE “Money adds up”: do not compare multi-year totals with annual ones)
    texts = [(fname, text, quantities_in_text(text))
             for fname, text in header_texts(form, ("测算依据", "年度目标", "项目概况", "项目用途"))]
    for ind in rows:
        t = ind.target
        unit = vocab.UNIT_SYNONYMS.get(t.unit or "", t.unit)
        name_chars = set(_COUNT_WORDS.sub("", ind.name))
        for fname, text, quantities in texts:
            for n, u, pos, raw in quantities:
                if vocab.UNIT_SYNONYMS.get(u, u) != unit or n == t.value:
                    continue
                # the words around the number, within its clause (a list 2台、1台 names other things)
                after = _CLAUSE_END.split(text[pos + len(raw): pos + len(raw) + 8])[0]
                before = _CLAUSE_END.split(text[max(0, pos - 6):pos])[-1]
                window = after + before
                shared = {c for c in window if c in name_chars and "\u4e00" <= c <= "\u9fa5"}
                if len(shared) >= 2 and n > t.value and t.comparator in ("≥", None, "="):
                    yield Hit(f"{fname}写的是“{raw}”，指标“{ind.name}”的目标却是“{t.raw}”", indicator=ind,
                              evidence=f"{raw} | {t.raw}", suggestion=f"核对数量，目标应与{fname}一致（{raw}）")
                    break
            else:
                continue
            break


@rule("JX712", "count_inconsistency", "warning", "年度目标中的比率与指标不一致或没有对应指标",
      bad="年度目标: 保障平台相关业务完成率100%、准确率90%以上。\n产出指标\t*质量指标\t平台事件分拨完成率\t100%\t%\t完成分拨数/事件总数",
      good="年度目标: 保障平台相关业务完成率100%、准确率90%以上。\n产出指标\t*质量指标\t平台事件分拨完成率\t100%\t%\t完成分拨数/事件总数\n\t\t平台事件分拨准确率\t≥90%\t%\t准确分拨数/事件总数")
def goal_rate_vs_indicator(form, ctx):
    """Numbers in 年度目标 should appear as indicators with compatible values: a goal of 准确率90%以上 needs an
    准确率 indicator of ≥90%, and 满意度不低于95% a 满意度 of ≥95% (不低于/不少于 read as 以上, 不超过 as 以下). Source: RULES-REFERENCE “Goals and indicators agree”."""
    goal = form.fields.get("年度目标")
    if not goal:
        return
    inds = [i for i in scored(form) if i.target.unit == "%"]
    for rate, value, suffix, raw in rates_in_text(goal.value):
        key = rate[-3:] if len(rate) >= 3 else rate
        match = [i for i in inds if key in i.name or rate in i.name]
        if not match:
            yield Hit(f"年度目标提出“{raw}”，指标中没有对应的“{key}”", field="年度目标", evidence=raw,
                      suggestion=f"增加“{key}”指标（目标 {'≥' if suffix == '以上' else ''}{value:g}%），或修改年度目标")
            continue
        ok = any(i.target.value is not None and (
            (suffix == "以上" and i.target.value >= value) or (suffix in ("以下", "以内") and i.target.value <= value)
            or (suffix is None and abs(i.target.value - value) < 1e-6)) for i in match)
        if not ok:
            yield Hit(f"年度目标提出“{raw}”，指标“{match[0].name}”的目标却是“{match[0].target.raw}”", indicator=match[0],
                      evidence=f"{raw} | {match[0].target.raw}", suggestion="统一年度目标与指标的数值")
