"""explanation_mismatch and text_inconsistency: what the words of the form say against each other."""

from __future__ import annotations

import difflib
import re

from jixiao import vocab
from jixiao.check.engine import Hit, rule
from jixiao.check.facts import scored

_FORMULA = re.compile(r"[=＝]\s*(?P<num>[^/／÷。；;，,]{1,40})\s*[/／÷]")
_RATE_KEY = re.compile(r"([\u4e00-\u9fa5]{2,4})(率|度)$")
_STATES_FORMULA = re.compile(r"[=/／÷]|计算|除以")


@rule("JX601", "explanation_mismatch", "error", "指标解释的公式与指标方向相反",
      bad="产出指标\t*质量指标\t系统正常运行率\t≥99%\t%\t正常运行率=发生错误次数/使用次数",
      good="产出指标\t*质量指标\t系统正常运行率\t≥99%\t%\t正常运行率=正常运行时长/计划运行时长")
def formula_opposite(form, ctx):
    """A 正常运行率 computed as 发生错误次数/使用次数 is a failure rate: the higher the formula, the worse. The
    formula's numerator must count what the name counts. Source: RULES-REFERENCE “Explanations”."""
    for ind in scored(form):
        if not ind.explanation:
            continue
        m = _FORMULA.search(ind.explanation)
        if not m:
            continue
        # 未发生故障次数 counts good events: drop negated bad events before judging the numerator
        num = vocab.NEGATED_BAD_EVENT.sub("正常", m.group("num"))
        lhs = ind.explanation[:m.start()].split("，")[-1].split(",")[-1]
        pol = vocab.polarity_of(ind.name) or vocab.polarity_of(lhs.strip())
        # the good word inside a bad one (合格 in 不合格) is not a good event
        good_in_num = vocab.GOOD_EVENT.search(vocab.BAD_EVENT.sub("", num))
        if pol == "positive" and vocab.BAD_EVENT.search(num) and not good_in_num and not vocab.BAD_EVENT.search(ind.name):
            yield Hit(f"“{ind.name}”是正向指标，指标解释的公式分子却是“{num.strip()}”，算出的是反向比率",
                      indicator=ind, evidence=ind.explanation[:80], suggestion="公式分子改为与指标名称一致的正向计数")
        elif (pol == "negative" and vocab.BAD_EVENT.search(ind.name) and vocab.GOOD_EVENT.search(num)
              and not vocab.BAD_EVENT.search(num)):  # a cost (费用/页数) is negative too, but counts no events
            yield Hit(f"“{ind.name}”是反向指标，指标解释的公式分子却是“{num.strip()}”", indicator=ind,
                      evidence=ind.explanation[:80], suggestion="公式分子改为故障、差错等反向事件的计数")


@rule("JX602", "explanation_mismatch", "warning", "指标解释说的是另一件事",
      bad="产出指标\t*质量指标\t系统稳定运行率\t≥95%\t%\t考察本项目验收合格情况。",
      good="产出指标\t*质量指标\t系统稳定运行率\t≥95%\t%\t考察系统稳定运行情况，稳定运行率=稳定运行时长/总时长")
def explanation_other_topic(form, ctx):
    """The explanation must define this indicator. An explanation that describes 验收合格 under a 稳定运行率 was
    copied from another row."""
    for ind in scored(form):
        if not ind.explanation or len(ind.explanation) < 4:
            continue
        m = _RATE_KEY.search("".join(ind.name.split()))
        if not m:
            continue
        # the word the rate measures (准确 in 预报准确率): an explanation that never says it, but names another
        # topic (及时性), defines something else, however many other words of the name it repeats (预报)
        key = m.group(1)[-2:]
        expl = ind.explanation
        if key in expl:
            continue
        topic = next((t for t in vocab.EXPLANATION_TOPICS if t in expl and t not in ind.name and t[:2] not in ind.name), None)
        if topic:
            yield Hit(f"“{ind.name}”的指标解释讲的是“{topic}”，与指标名称不符", indicator=ind, evidence=expl[:80],
                      suggestion=f"按“{ind.name}”重写指标解释：定义、计算公式（分子/分母）和数据来源")


@rule("JX603", "explanation_mismatch", "info", "比率指标缺少计算公式", core=False,
      bad="产出指标\t*质量指标\t设备完好率\t≥95%\t%\t考察设备情况",
      good="产出指标\t*质量指标\t设备完好率\t≥95%\t%\t完好率=完好设备数/设备总数×100%，数据来源：巡检记录")
def rate_without_formula(form, ctx):
    """Explanations of quantitative rates give a definition and a formula (numerator / denominator) and a data
    source (practice). Not in the default set: many accepted forms omit it."""
    for ind in scored(form):
        if ind.target.unit == "%" and ind.explanation is not None and not _STATES_FORMULA.search(ind.explanation):
            yield Hit(f"“{ind.name}”是比率，指标解释没有给出计算公式", indicator=ind, evidence=ind.explanation[:60],
                      suggestion="写明：比率 = 分子 / 分母 × 100%，以及数据来源")


def _similar(a: str, b: str, at_least: float) -> bool:
    """difflib's ratio ≥ at_least, trying its cheap upper bounds first (most pairs fail there)."""
    m = difflib.SequenceMatcher(None, a, b)
    return m.real_quick_ratio() >= at_least and m.quick_ratio() >= at_least and m.ratio() >= at_least


@rule("JX611", "text_inconsistency", "warning", "单位名称疑似写错或被截断",
      bad="申请单位: 深圳市福田区民意速办和智慧城市建设中心\n一级预算单位: 深圳市福田区政务服务和数据管理\n产出指标\t*数量指标\t采购电脑数量\t≥10台\t台\t采购台数",
      good="申请单位: 深圳市福田区民意速办和智慧城市建设中心\n一级预算单位: 深圳市福田区政务服务和数据管理局（本级）\n产出指标\t*数量指标\t采购电脑数量\t≥10台\t台\t采购台数")
def organisation_name(form, ctx):
    """Unit names are copied from the budget system and must be whole: `深圳市福田区政务服务和数据管理` lost its 局.
    Two spellings of one organisation in a form (建设中心 / 建设的中心) make the record ambiguous."""
    for field in ("申请单位", "一级预算单位"):
        hf = form.fields.get(field)
        if hf and hf.value and len(hf.value) >= 6 and not vocab.ORG_NAME_END.search(hf.value.strip()):
            yield Hit(f"{hf.label}“{hf.value}”不像完整的单位名称（可能被截断）", field=field, evidence=hf.value,
                      suggestion="按预算系统中的单位全称填写")
    names = [(f, form.fields[f].value.strip()) for f in ("申请单位", "一级预算单位") if f in form.fields and form.fields[f].value]
    texts = " ".join(form.fields[f].value for f in ("测算依据", "年度目标", "长期目标", "政策依据", "项目概况") if f in form.fields)
    others = list(vocab.org_names_in_text(texts)) if names else []
    for field, name in names:
        core = re.sub(r"[（(]本级[)）]$", "", name)
        for other in others:
            if other in core or core in other:
                continue
            if len(other) >= len(core) - 3 and _similar(core, other, 0.9):
                yield Hit(f"同一单位写法不一致：“{core}”与“{other}”", field=field, evidence=other,
                          suggestion=f"统一写作“{core}”")
                break
