"""explanation_mismatch and text_inconsistency: what the words of the form say against each other."""

from __future__ import annotations

import difflib
import re

from typing import Iterator

from jixiao import vocab
from jixiao.check import fixes
from jixiao.check.rule import Context, Hit, rule
from jixiao.check.facts import Row, filled_fields, header_texts
from jixiao.model import Form, SelfEvaluation

# A formula: after = (率=A/B), or a fraction of counts the explanation opens with (信息错误的标识牌数量/标识牌总数)
_DIVIDES = "/／÷"
_FORMULA_STOPS = _DIVIDES + "。；;，,=＝"  # what a numerator or a lead holds none of
_FORMULA = re.compile(r"(?:[=＝]\s*(?P<num>[^" + _FORMULA_STOPS + r"]{1,40})|^\s*(?P<lead>[^" + _FORMULA_STOPS + r"]{1,40}?"
                      r"(?:数|量|人数|次数|个数|件数|户数|额|金额|时长|天数|册数|台数|项数|批次|场次|面积|长度|里程)))\s*["
                      + _DIVIDES + "]")
_STATES_FORMULA = re.compile(r"[=/／÷]|计算|除以")


def _formula(expl: str) -> re.Match[str] | None:
    """_FORMULA.search(expl), tried only where a match can start: at the text's start for a lead, which reaches its
    division before any other stop (_FORMULA_STOPS: a lead and its count word hold none), and at each = for a
    numerator; the leftmost, as the search finds it. (The search tried the pattern at every character, and its lazy
    lead at every length up to 40.)"""
    stop = _FORMULA_STOP.search(expl)
    if stop is None:
        return None  # no division sign, no = either
    if stop.group() in _DIVIDES:
        m = _FORMULA.match(expl)  # a lead (no = stands before the stop)
        if m is not None:
            return m
    at: list[int] = []
    for sign in ("=", "＝"):
        i = expl.find(sign, stop.start())
        while i >= 0:
            at.append(i)
            i = expl.find(sign, i + 1)
    for i in sorted(at):
        m = _FORMULA.match(expl, i)  # `^` does not match at i: the numerator branch alone
        if m is not None:
            return m
    return None


_FORMULA_STOP = re.compile("[" + _FORMULA_STOPS + "]")
_ASIDE = re.compile(r"[（(][^（）()]*[）)]")
# what follows a formula's numerator: its division sign and the denominator, up to ×100%, % or the clause's end
_DENOMINATOR = re.compile(r"\s*[" + _DIVIDES + r"]?\s*([^×*%％。；;，,（(]{2,30})")  # (_FORMULA ends past the sign)
_WHOLE = re.compile("|".join(vocab.WHOLE_WORDS))


@rule("JX601", "explanation_mismatch", "error", "指标解释的公式与指标方向相反")
def formula_opposite(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：“正常运行率=发生错误次数/使用次数”算出的是故障率：公式的值越大越差。公式的分子必须计数名称所指的东西：
    正向指标数好的事件，反向指标数坏的事件。

    依据：实践做法：比率类指标的解释应给出定义、计算公式（分子/分母）和数据来源。"""
    for row in ctx.rows(form).all:
        expl = row.explanation
        if not expl or all(sign not in expl for sign in _DIVIDES):  # a formula divides: most have none
            continue
        m = _formula(expl)
        if not m:
            continue
        name = row.name
        pol = vocab.polarity_of(name)
        if pol is None:  # the name does not say: the words left of = do (…，正常运行率=…)
            pol = vocab.polarity_of(expl[:m.start()].split("，")[-1].split(",")[-1].strip())
        if pol not in ("positive", "negative"):
            continue  # the regex work below only for a polarity it can contradict
        # 未发生故障次数 counts good events: drop negated bad events before judging the numerator, and an aside in
        # brackets (离岗（不含正常退出）村医人数: what is left out is not what is counted)
        num = vocab.NEGATED_BAD_EVENT.sub("正常", _ASIDE.sub("", m.group("num") or m.group("lead")))
        if pol == "positive":
            # the good word inside a bad one (合格 in 不合格) is not a good event
            if (vocab.BAD_EVENT.search(num) and not vocab.GOOD_EVENT.search(vocab.BAD_EVENT.sub("", num))
                    and not vocab.BAD_EVENT.search(name)
                    and not (vocab.HANDLED_BAD_EVENT.search(num) and not vocab.NOT_HANDLED.search(num))):
                yield Hit(f"“{name}”是正向指标，指标解释的公式分子却是“{num.strip()}”，算出的是反向比率",
                          indicator=row.indicator, evidence=expl[:80], suggestion="公式分子改为与指标名称一致的正向计数",
                          fix=fixes.remove_explanation(expl))
        elif (vocab.BAD_EVENT.search(name) and vocab.GOOD_EVENT.search(num)
              and not vocab.BAD_EVENT.search(num)):  # a cost (费用/页数) is negative too, but counts no events
            yield Hit(f"“{name}”是反向指标，指标解释的公式分子却是“{num.strip()}”", indicator=row.indicator,
                      evidence=expl[:80], suggestion="公式分子改为故障、差错等反向事件的计数",
                      fix=fixes.remove_explanation(expl))


@rule("JX604", "explanation_mismatch", "warning", "比率的公式计的是另一件事")
def formula_counts_another_thing(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：比率的公式分子必须计入名称所说的那件事：“就业率”的分子是就业的人数，“有效率”的分子是评估有效的人数。
    分子计的是取得证书的人数、接受救助的人数，算出的就是取证率、救助率，与指标不是一回事，自评时也无法用它考核。
    分子是总量、分母是其中一部分的（覆盖率 = 教室总数 / 已安装的教室数），分子分母写反了，算出的比率必大于 100%。

    依据：实践做法：比率类指标的解释应给出定义、计算公式（分子/分母）和数据来源，公式须与指标名称一致。"""
    for row in ctx.rows(form).all:
        expl = row.explanation
        if not expl or all(sign not in expl for sign in _DIVIDES):
            continue
        name = "".join(row.name.split())
        if not name.endswith("率"):
            continue
        words = vocab.RATE_EVENT_WORDS.get(name[-3:-1])
        # a whole over its part names the whole before the division sign (most formulas name it after: 已安装数/总数)
        w = _WHOLE.search(expl)
        whole = w is not None and w.start() < min(i for i in (expl.find(c) for c in _DIVIDES) if i >= 0)
        m = _formula(expl) if words or whole else None
        if m is not None and whole and row.kind == "number" and vocab.polarity_of(name) == "positive" \
                and not vocab.MAY_EXCEED_WHOLE.search(name):  # (产羔率 = 产羔总数 / 能繁母羊数: a count over heads)
            num = (m.group("num") or m.group("lead")).strip()
            den = _DENOMINATOR.match(expl, m.end())
            if den is not None and _WHOLE.search(num) and not _WHOLE.search(den.group(1)):
                # 覆盖率 = 示范基地总面积 / 应用标准化技术的面积: the whole over its part, above 100% by construction
                yield Hit(f"“{row.name}”的公式分子是总量“{num}”，分母却是其中的一部分“{den.group(1)}”，分子分母写反了",
                          indicator=row.indicator, evidence=expl[:80],
                          suggestion=f"改为“{den.group(1)}/{num}×100%”")
                continue
        if m is None or not words:
            continue
        num = m.group("num") or m.group("lead")
        if len(num) >= 4 and not any(w in num for w in words) and not vocab.BAD_EVENT.search(num):
            den = _DENOMINATOR.match(expl, m.end())
            if den is not None and any(w in den.group(1) for w in words):
                # 回收率 = 覆膜面积 / 废旧地膜回收面积: what the name counts stands below the line, above 100% by
                # construction
                yield Hit(f"“{row.name}”的公式把“{den.group(1)}”放在分母、“{num.strip()}”放在分子，分子分母写反了",
                          indicator=row.indicator, evidence=expl[:80], suggestion=f"改为“{den.group(1)}/{num.strip()}×100%”")
                continue
            yield Hit(f"“{row.name}”的公式分子是“{num.strip()}”，没有计入“{name[-3:-1]}”，算的是另一件事",
                      indicator=row.indicator, evidence=expl[:80],
                      suggestion=f"公式分子改为“{name[-3:-1]}”的计数，如“{name[-3:-1]}人数/总人数×100%”")


@rule("JX607", "explanation_mismatch", "error", "指标解释写的目标值与指标值不同")
def explanation_states_another_target(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：指标解释写明了这条指标的目标值（“2028年目标值不低于90%”“目标为98%以上”），指标值却是另一个数
    （“≥95%”）：两处必有一处是错的，自评时按哪一个考核也说不清。只看百分比目标，以及解释中紧跟“目标”二字写出的
    数值（公式里的“×100%”、上年实际值等不算）；解释里写出的目标值有一个与指标值相同的，不报。

    依据：《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）：指标解释应说明指标
    的含义和取值，与指标值一致。"""
    for row in ctx.rows(form).percent:
        expl = row.explanation
        if not expl or "目标" not in expl or row.value is None or row.value_max is not None:
            continue
        stated = [m for m in _STATED_TARGET.finditer(expl)]
        if stated and all(abs(float(m.group("n")) - row.value) > 1e-6 for m in stated):
            m = stated[0]
            yield Hit(f"“{row.name}”的指标值是“{row.raw}”，指标解释却写“{m.group().strip()}”", indicator=row.indicator,
                      evidence=f"{row.raw} | {m.group().strip()}", suggestion="核对后统一指标值与指标解释中的目标值")


# a target the explanation states: 目标值不低于90%, 目标为98%以上, 年度目标：95% (目标 right before the number, so a
# formula's ×100% or a baseline (上年为88%) is no target)
_STATED_TARGET = re.compile(r"目标值?\s*(?:为|是|设定为|确定为|[:：])?\s*(?:不低于|不少于|不高于|不超过|达到|≥|≤|>|<|＞|＜)?"
                            r"\s*(?P<n>\d+(?:\.\d+)?)\s*[%％](?:及?以上|及?以下|以内)?")


@rule("JX602", "explanation_mismatch", "warning", "指标解释说的是另一件事")
def explanation_other_topic(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：指标解释应当定义这个指标。“稳定运行率”下写“考察本项目验收合格情况”，说明解释是从别的行复制来的。

    依据：实践做法：比率类指标的解释应给出定义、计算公式和数据来源。"""
    for row in ctx.rows(form).all:
        expl = row.explanation
        if not expl or len(expl) < 4:
            continue
        printed = row.name
        if not printed.rstrip().endswith(("率", "度")):
            continue
        # the word the rate measures (准确 in 预报准确率): the two Han characters before 率/度 (the name without
        # spaces); an explanation that never says it, but names another topic (及时性), defines something else,
        # however many other words of the name it repeats (预报)
        key = "".join(printed.split())[-3:-1]
        if len(key) < 2 or not all("\u4e00" <= c <= "\u9fa5" for c in key):
            continue
        if key in expl:
            continue
        topic = next((t for t in vocab.EXPLANATION_TOPICS if t in expl and t not in printed and t[:2] not in printed), None)
        if topic:
            yield Hit(f"“{printed}”的指标解释讲的是“{topic}”，与指标名称不符", indicator=row.indicator, evidence=expl[:80],
                      suggestion=f"按“{printed}”重写指标解释：定义、计算公式（分子/分母）和数据来源")


# a self-evaluation has no 指标解释 column
@rule("JX605", "explanation_mismatch", "warning", "各指标的解释是同一句套话", kinds=("target",))
def boilerplate_explanation(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：指标解释（指标值说明）逐条说明这个指标的含义、计算方法或数据来源。分属两个以上二级指标（数量、质量、
    时效…）的三条以上指标写着同一句话（“该指标值数据合理”“根据实际情况确定”），这句话对哪一条都没有说明什么。同一
    二级指标下几条指标共用一句（如几项满意度都“通过问卷调查”）、评分标准（“完成目标值得满分”）不报。每句套话报告一次，
    指向第一条。

    依据：《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）：指标解释应说明指标的
    含义、计算方法和数据来源。"""
    rows = [row for row in ctx.rows(form).all if row.explanation]
    said = [row.explanation.strip().rstrip("。.；;") for row in rows]  # type: ignore[union-attr]
    if len(set(said)) > len(said) - 2:
        return  # no sentence on three rows (most forms: each row explains itself)
    rows_by_text: dict[str, list[Row]] = {}
    for row, text in zip(rows, said):  # compared without the spaces around it and its closing stop
        rows_by_text.setdefault(text, []).append(row)
    for text, group in rows_by_text.items():
        if len(group) < 3 or not _says_something(text):
            continue
        levels = list(dict.fromkeys(r.level2 or r.level1 or "" for r in group))
        if len(levels) >= 2:
            first = group[0]
            yield Hit(f"{len(group)} 条指标（{'、'.join(x for x in levels if x)}）的指标解释都是同一句“{first.explanation}”，"
                      "没有说明各指标的含义和计算方法", indicator=first.indicator, column="指标解释", evidence=first.explanation,
                      suggestion="逐条写明指标的含义、计算方法（比率写出分子/分母）和数据来源")


def _says_something(text: str) -> bool:
    """A sentence, not a dash, 无 or a word or two (four Han characters at least), and no scoring rule (完成目标值得满分，
    未完成按完成比例计分: a 评分标准 column gives every row the same rule, rightly)."""
    return len(_HAN.findall(text)) >= 4 and not any(w in text for w in vocab.SCORING_RULE_WORDS)


_HAN = re.compile("[\u4e00-\u9fa5]")


# a self-evaluation has no 指标解释 column to define it in
@rule("JX603", "explanation_mismatch", "info", "比率指标缺少计算公式", core=False, kinds=("target",))
def rate_without_formula(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：比率指标的解释应给出定义、计算公式（分子/分母）和数据来源。许多已批准的表单没有写公式，所以这条规则
    不在默认规则集中（用 `--select JX603` 启用）。

    依据：实践做法。"""
    for row in ctx.rows(form).all:
        expl = row.explanation
        if row.target_unit == "%" and expl is not None and not _STATES_FORMULA.search(expl):
            yield Hit(f"“{row.name}”是比率，指标解释没有给出计算公式", indicator=row.indicator, evidence=expl[:60],
                      suggestion="写明：比率 = 分子 / 分母 × 100%，以及数据来源")


_UNIT_FIELDS = ("申请单位", "一级预算单位")
_TEXT_FIELDS = ("测算依据", "年度目标", "长期目标", "政策依据", "项目概况")  # free text that names units


def _own_name(value: str) -> str:
    """A unit name (vocab.org_name_proper: without its code and level mark) without the （本级） that marks the unit
    itself."""
    # …管理局（本级）: the unit itself, not part of its name; either bracket of either width
    if value.endswith(("本级)", "本级）")) and value[-4:-3] in ("（", "("):
        return value[:-4]
    return value


def _chars_in_common(a: str, b: str) -> int:
    """How many characters of `a` can be paired with one of `b` (each used once): what difflib's quick_ratio counts,
    with one dictionary instead of two Counters."""
    left: dict[str, int] = {}
    for c in b:
        left[c] = left.get(c, 0) + 1
    common = 0
    for c in a:
        n = left.get(c, 0)
        if n > 0:
            left[c] = n - 1
            common += 1
    return common


def _similar(a: str, b: str, at_least: float) -> bool:
    """difflib's ratio ≥ at_least, trying its cheap upper bounds first, computed as difflib does (real_quick_ratio
    from the lengths, quick_ratio from the characters in common), before building a matcher: most pairs fail there."""
    total = len(a) + len(b)
    if 2.0 * min(len(a), len(b)) / total < at_least or 2.0 * _chars_in_common(a, b) / total < at_least:
        return False
    return difflib.SequenceMatcher(None, a, b).ratio() >= at_least


def _one_word_apart(core: str, other: str) -> str | None:
    """`other` is `core` with a word of 1–3 characters added or dropped inside it (泸县住房保障中心 / 泸县住房保障服务中心,
    …就业服务中心 / …就业创业服务中心): the place before the change and the type word after it (中心, 局) the same. A
    name found in a text may start a character or two early (由泸县…): what is given back (else None) starts where the
    name does."""
    start = other.find(core[:3])
    if not 0 <= start <= 2:
        return None
    other = other[start:]
    short, long_ = sorted((core, other), key=len)
    added = len(long_) - len(short)
    if not 1 <= added <= 3:
        return None
    p = 0
    while p < len(short) and short[p] == long_[p]:
        p += 1
    rest = short[p:]
    same = p >= 3 and bool(rest) and long_[p + added:] == rest and short.endswith(vocab.ORG_TYPE_ENDINGS)
    return other if same else None


@rule("JX615", "text_inconsistency", "warning", "年度目标写的是另一个年度", kinds=("target",))
def goal_of_another_year(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：申报表的年度目标说的是预算年度这一年要做成什么。2028 年度的表，年度目标却以“2027年，……”开头、通篇没有
    2028 年，多半是沿用了上年的表格，只改了数字没改年份（或连数字也没改）。

    依据：《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）：年度目标是预算年度内
    预期达到的产出和效果。"""
    goal = form.fields.get("年度目标")
    year = form.budget_year
    if goal is None or not year:
        return
    opening = _GOAL_OPENING_YEAR.match(goal.value)
    if opening and int(opening.group(1)) != year and str(year) not in goal.value:
        yield Hit(f"{form.fields['年度目标'].label}以“{opening.group(0)}”开头，本表却是 {year} 年度的申报表", field="年度目标",
                  evidence=goal.value[:40], suggestion=f"核对年度目标是否沿用了上年的内容，改为 {year} 年的目标")


_GOAL_OPENING_YEAR = re.compile(r"^\s*(?:目标\d*[:：、.]\s*)?((?:19|20)\d{2})\s*年度?")


@rule("JX611", "text_inconsistency", "warning", "单位名称疑似写错或被截断")
def organisation_name(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：单位名称从预算系统复制，必须完整：“深圳市福田区政务服务和数据管理”丢了“局”。同一单位在一张表中有两种写法
    （建设中心 / 建设的中心；单位名称是“泸县住房保障服务中心”，年度目标中却写“泸县住房保障中心”），记录就有歧义：文字中
    的名称与单位名称相近，或只在中间多了、少了一至三个字（地名和类型词相同），就报告，指向写法不同的那段文字。更具体的
    错误另有规则：括号不配对（JX612）、类型词前多“的”（JX613）、类型词写法不一（JX614）。

    依据：实践做法：单位名称按预算系统中的全称填写（指引对单位名称没有条文，故为警告）。"""
    names: list[tuple[str, str]] = []  # (field, unit name)
    for field, hf, value in filled_fields(form, _UNIT_FIELDS):
        name = vocab.org_name_proper(value)
        alias = _ALIAS.search(name)
        if alias is not None and alias.group(1).endswith(vocab.ORG_NAME_ENDS):
            name = name[:alias.start()]  # 长汀县博物馆（长汀县革命旧址管理中心）: the unit's other name, in brackets
        if len(name) >= 6 and not name.endswith(vocab.ORG_NAME_ENDS):
            yield Hit(f"{hf.label}“{value}”不像完整的单位名称（可能被截断）", field=field, evidence=value,
                      suggestion="按预算系统中的单位全称填写")
        names.append((field, name))
    if not names:
        return
    fields = form.fields
    # the texts that name units, each under the field a finding points at (where the other spelling is to be mended);
    # read as one text, the field asked only of a name that differs
    texts = [(f, fields[f].value) for f in _TEXT_FIELDS if f in fields]
    if isinstance(form, SelfEvaluation):
        texts += [(label, t) for label, t in (("年度目标", form.goal_expected), ("实际完成情况", form.goal_actual)) if t]
    others = dict.fromkeys(vocab.org_names_in_text(" ".join(t for _, t in texts)))  # each name once
    for _, name in names:
        core = _own_name(name)
        for other in others:
            if other in core or core in other:
                continue
            apart = _one_word_apart(core, other) if abs(len(other) - len(core)) <= 5 else None
            if apart or (len(other) >= len(core) - 3 and _similar(core, other, 0.9)):
                where = next((f for f, t in texts if other in t), None)
                other = apart or other
                yield Hit(f"同一单位写法不一致：“{core}”与“{other}”", field=where, evidence=other,
                          suggestion=f"统一写作“{core}”")
                break


_ALIAS = re.compile(r"[（(]([^（()）]{4,})[)）]$")  # a name's last bracket, holding another name
_NAME_FIELDS = ("项目名称", "申请单位", "一级预算单位")
_BRACKET = re.compile("[" + re.escape("".join(o + c for o, c in vocab.NAME_BRACKETS)) + "]")
_BRACKET_ROLE = {ch: (kind, +1) for kind, (opens, _) in enumerate(vocab.NAME_BRACKETS) for ch in opens}
_BRACKET_ROLE.update({ch: (kind, -1) for kind, (_, closes) in enumerate(vocab.NAME_BRACKETS) for ch in closes})


def _unpaired_bracket(name: str) -> str | None:
    """The first bracket of `name` without a partner (a closing one never opened, else the last opening one never
    closed), counting full- and half-width forms of one bracket as the same."""
    found = _BRACKET.findall(name)
    if not found:
        return None
    depth = [0] * len(vocab.NAME_BRACKETS)
    last_open: dict[int, str] = {}
    for ch in found:
        kind, step = _BRACKET_ROLE[ch]
        depth[kind] += step
        if depth[kind] < 0:
            return ch
        if step > 0:
            last_open[kind] = ch
    return next((last_open[k] for k, d in enumerate(depth) if d > 0), None)


@rule("JX612", "text_inconsistency", "warning", "名称中的括号不配对")
def unpaired_bracket_in_name(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：项目名称、申请单位、一级预算单位整体从预算系统复制：左括号没有闭合（“…改造（二期”）说明名称在复制或录入时
    被截断，右括号没有对应的左括号说明有一部分丢了或录错了。项目和单位靠这些名称识别，名称不全记录就有歧义。全角、
    半角括号视为同一种（“(本级）”是配对的：宽度不同不是截断）。

    依据：实践做法（指引对名称没有条文，故为警告）。"""
    for field, hf, value in filled_fields(form, _NAME_FIELDS):
        ch = _unpaired_bracket(value)
        if ch is None:
            continue
        what = "没有闭合" if _BRACKET_ROLE[ch][1] > 0 else "没有对应的左括号"
        yield Hit(f"{hf.label}“{value}”中的“{ch}”{what}，名称可能被截断或录错", field=field, evidence=value,
                  suggestion=f"按预算系统中的全称补全{hf.label}，括号成对填写")


@rule("JX613", "text_inconsistency", "warning", "单位名称在类型词前多了“的”")
def particle_before_org_type(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：正式单位名称是“地名 + 职能 + 类型词”（局、中心、办公室…），中间没有助词：类型词前的“的”（“…智慧城市
    建设的中心”“…土地整备的局”）是录入错误，同一单位在一个部门的各张表中就有了两种写法。只检查名称的结尾：词内的
    “的”（目的地、的士）不在类型词前。

    依据：实践做法：单位名称按预算系统中的全称填写（指引对名称没有条文，故为警告）。"""
    for field, hf, value in filled_fields(form, _UNIT_FIELDS):
        if "的" not in value:
            continue
        core = _own_name(value)
        m = vocab.ORG_NAME_DE_END.search(core)
        if m:
            fixed = core[:m.start()] + m.group()[1:]
            yield Hit(f"{hf.label}“{value}”在“{m.group()[1:]}”前多了“的”，正式单位名称中没有“的”", field=field,
                      evidence=value, suggestion=f"按预算系统中的单位全称填写（如“{fixed}”）")


_TYPE_ENDINGS = tuple(w for w, _ in vocab.ORG_TYPE_WORDS)


def _type_word(name: str) -> tuple[str, tuple[str, ...]] | None:
    """The organisation-type word `name` ends with (the longest listed), with its group of variants."""
    return next(((w, g) for w, g in vocab.ORG_TYPE_WORDS if name.endswith(w)), None)


def _type_word_at(text: str, pos: int) -> tuple[str, tuple[str, ...]] | None:
    return next(((w, g) for w, g in vocab.ORG_TYPE_WORDS if text.startswith(w, pos)), None)


@rule("JX614", "text_inconsistency", "warning", "同一单位的类型词写法不一致")
def org_type_word_variant(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：自由文本（年度目标、测算依据…）或另一个单位栏里的单位，与申请单位名称在类型词之前完全相同、只有类型词不同
    而又属同类（“…福田管理局 / …福田分局”“…数据管理局 / …数据局”），是一个单位两种写法：全表应统一为预算系统中的
    全称。字符串相似度分不清这种情况和另一个区的同类单位（“…福田管理局 / …南山管理局”同样相似），所以按结构判断：
    词干必须完全相同，只有结尾的类型词不同，且属同一组；“局”和“中心”词干相同时是局和它下属的中心，不比较。

    依据：实践做法（指引对名称没有条文，故为警告）。"""
    names: dict[str, str] = {}
    for field, _, value in filled_fields(form, _UNIT_FIELDS):
        names.setdefault(_own_name(value), field)
    typed = [(core, field, t) for core, field in names.items()
             if core.endswith(_TYPE_ENDINGS) and (t := _type_word(core)) and len(core) - len(t[0]) >= 4]
    if not typed:
        return
    places = header_texts(form, _TEXT_FIELDS)
    places += [(f, core) for core, f in names.items()]
    reported: set[frozenset[str]] = set()
    for core, field, (word, group) in typed:
        stem = core[:-len(word)]
        where: dict[str, list[str]] = {}  # variant -> fields that write it
        for place, text in places:
            pos = text.find(stem)
            while pos >= 0:
                at = _type_word_at(text, pos + len(stem))
                if at and at[1] is group and at[0] != word:
                    seen_in = where.setdefault(stem + at[0], [])
                    if place not in seen_in:
                        seen_in.append(place)
                pos = text.find(stem, pos + len(stem))
        label = form.fields[field].label
        for variant, fields in where.items():
            if frozenset((core, variant)) in reported:
                continue
            reported.add(frozenset((core, variant)))
            yield Hit(f"同一单位两种写法：{label}是“{core}”，{'、'.join(fields)}写作“{variant}”", field=field,
                      evidence=variant, suggestion=f"核对单位全称，全表统一写作预算系统中的名称（{label}为“{core}”）")


@rule("JX606", "text_inconsistency", "error", "项目属性与“是否新增项目”矛盾")
def new_or_continuing(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：项目属性写“延续项目”，“是否新增项目”却填“是”；或者属性写“新增项目”，却填“否”。两处说法相反，预算系统和审核
    人按哪一处处理都会错一处（延续项目要看以前年度的绩效，新增项目要做事前评估）。属性栏是勾选框（☑新增 □延续）或只写
    “经常性项目”“一次性项目”的，不作比较。

    依据：《中央部门预算绩效目标管理办法》（财预〔2015〕88号）：申报表各项内容应如实、一致填报。"""
    attr, flag = form.fields.get("项目属性"), form.fields.get("是否新增项目")
    if attr is None or flag is None or not attr.value:
        return
    said = vocab.project_attribute_is_new(attr.value)
    answer = vocab.YES_NO.get("".join((flag.value or "").split()))
    if said is None or answer is None or said == answer:
        return
    yield Hit(f"项目属性为“{attr.value}”，“是否新增项目”却填“{flag.value}”", field="是否新增项目",
              evidence=f"{attr.value} / {flag.value}",
              suggestion=f"核对项目是新增还是延续：{attr.value}的“是否新增项目”应填“{'是' if said else '否'}”")
