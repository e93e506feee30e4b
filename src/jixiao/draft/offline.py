"""The offline drafter: the form an officer writes from a description, with no model.

Each stated output becomes a 数量 row named after its object, with the stated number and unit; each stated frequency a
数量 row too (巡查频次 ≥2次/周); stated time limits and deadlines become 时效 rows (故障修复时限 ≤48小时, 完工时间
2026年9月30日前); stated rates go where they belong (a 及时率 under 时效, 就业率 under 社会效益, 水质达标率 under
生态效益, 合格率 under 质量); stated unit prices and cost caps become 成本 rows; satisfaction is asked of the people the
description names. Only what the description does not state comes from the templates of the project's main activity
(templates.py). 测算依据 is the arithmetic the description allows (800人×600元/人·月×12月=576万元), 年度目标 is
written from the rows, 长期目标 is written for multi-year projects. What cannot be filled is written 待填 and listed
(`to_fill`), never made up.
"""

from __future__ import annotations

import re

from jixiao import vocab
from jixiao.description import Description, Limit, Quantity, Rate, calculation, per_text, yuan_text
from jixiao.draft import templates
from jixiao.draft.record import TO_FILL, DraftForm, DraftIndicator
from jixiao.values import format_number

_GENERIC = re.compile(r"^(?:开展|组织|完成|提供|进行|实施|做好|负责|新增完成)")
_PEOPLE_MEASURE = {"人": "人数", "人次": "人次", "户": "户数", "户次": "户次"}
_COUNT_MEASURE = {"次": "次数", "场": "场次", "场次": "场次", "批次": "批次", "批": "批次", "期": "期数", "班次": "班次",
                  "课时": "课时", "学时": "学时"}
_FAMILY_MEASURE = {"area": "面积", "length": "长度", "mass": "重量", "volume": "体积"}
_ENDS_WITH_MEASURE = re.compile(r"(数量|面积|长度|里程|重量|体积|人数|人次|户数|次数|场次|批次|总量|规模|方量|件数|册数|台数)$")


def _row(level2: str, name: str, target: str, unit: str, explanation: str) -> DraftIndicator:
    return DraftIndicator(level1=vocab.parent_of(level2), level2=level2, name=name, target=target, unit=unit,  # type: ignore[arg-type]
                          explanation=explanation)


def _num(v: float) -> str:
    return format_number(round(v, 4))


def quantity_name(q: Quantity) -> str:
    """The 三级指标 of a stated output: its work or object and what is measured (采购教学电脑数量, 公厕保洁面积,
    培训教师人次, 养护里程)."""
    base = _GENERIC.sub("", q.work) or q.work
    if _ENDS_WITH_MEASURE.search(base):
        return base
    measure = _PEOPLE_MEASURE.get(q.unit) or _COUNT_MEASURE.get(q.unit) \
        or _FAMILY_MEASURE.get(vocab.unit_family(q.unit) or "", "数量")
    return f"{base}{measure}"


def _unit_text(unit: str) -> str:
    return unit


def _limit_name(lim: Limit, desc: Description) -> str:
    action = lim.action or "完成"
    subject = lim.what if lim.kind in ("count_cap", "cost_cap") else ""
    if lim.kind == "duration":
        what = "" if lim.what and lim.what.endswith(("时间", "时长", "用时", "时限", "周期")) else lim.what
        if lim.what and not what:
            return lim.what  # 平均等待时间不超过15分钟: the limit names itself
        return f"{what}{action}时限" if len(action) >= 2 else f"{what}{action}完成时限"
    if lim.kind == "deadline":
        return f"{_main_work(desc)}{action}时间"
    return subject


def _main_work(desc: Description) -> str:
    """The project's work, short enough for a row name: 中小学校舍维修改造 (of 全区中小学校舍维修改造、更换门窗项目)."""
    name = re.sub(r"项目$|工程$", "", desc.project_name).split("、")[0]
    name = re.sub(r"^(?:(?:19|20)\d{2}年度?)?(?:全区|全县|全市|全镇|辖区|本区|区|县|市)?", "", name)
    return name if len(name) <= 12 else re.split(r"[的对]", name)[-1][-12:]


def _rate_row(r: Rate, level2: str) -> DraftIndicator:
    target = f"{'' if r.comparator == '=' else r.comparator}{_num(r.value)}{r.unit}"
    if r.kind == "satisfaction":
        expl = f"满意度调查中表示满意的{r.audience or '受访者'}数/受访{r.audience or '者'}总数×100%"
    else:
        key = r.name[-3:-1] if r.name.endswith("率") else r.name
        expl = f"{key}的数量/应统计总数×100%，按项目实施方案口径统计"
    if r.unit == "‰":
        expl = expl.replace("×100%", "×1000‰")
    return _row(level2, r.name, target, r.unit, expl)


def _deadline_text(d) -> str:  # noqa: ANN001 - a date
    return f"{d.year}年{d.month}月{d.day}日前"


def offline_draft(desc: Description) -> tuple[DraftForm, list[str]]:
    """The drafted form and what is left 待填 (the fields and rows a person must fill in)."""
    to_fill = list(desc.missing)
    year = desc.budget_year
    act = desc.activity
    rows: list[DraftIndicator] = []
    things = [q.obj for q in desc.outputs if q.obj and not re.search(r"人|户", q.unit)]
    main_obj = things[0] if things else next((q.obj for q in desc.outputs if q.obj), "") or "项目成果"
    if act == "procurement" and len(set(things)) > 1:
        main_obj = "设备" if all(re.search(r"[仪机器车]$|设备$", t) for t in things) else "物资"
    in_year = [lim for lim in desc.limits if lim.kind == "deadline" and lim.deadline and lim.deadline.year == year]
    year_end = max((lim.deadline for lim in in_year if lim.deadline), default=None)
    if desc.end and desc.end.year == year and not desc.multi_year:
        year_end = year_end or desc.end
    deadline = _deadline_text(year_end) if year_end else f"{year}年12月31日前"

    def fill(level2: str) -> list[DraftIndicator]:
        rows_ = templates.rows(act, level2)
        if not rows_ and level2 in vocab.REQUIRED_LEVEL2:
            rows_ = templates.rows("general", level2)  # a required category the activity has no row for
        return [_row(level2, n.format(obj=main_obj), t.format(deadline=deadline), u, e.format(obj=main_obj))
                for n, t, u, e in rows_]

    # 产出 / 数量: every stated output, then every stated frequency
    for q in desc.outputs:
        # in 万 when the description counts in 万 (8万剂次, 1.2万人): the number as the officer wrote it
        target = f"{q.comparator}{_num(q.value / 1e4)}万{q.unit}" if "万" in q.raw else f"{q.comparator}{_num(q.value)}{q.unit}"
        rows.append(_row("数量", quantity_name(q), target, q.unit, f"全年实际{q.work or q.obj}的{quantity_name(q)[-2:]}，"
                         f"以验收记录和工作台账为准"))
    for f in desc.frequencies:
        what = _GENERIC.sub("", f.action) or "工作"
        rows.append(_row("数量", f"{what}频次", f"≥{_num(f.count)}{f.unit}/{f.period}", f"{f.unit}/{f.period}",
                         f"每{f.period}{what}的次数，以{what}记录为准"))
    if not any(r.level2 == "数量" for r in rows):
        rows.append(_row("数量", f"{TO_FILL}：主要产出数量", TO_FILL, TO_FILL, "描述没有写明产出的数量，请按实施方案填写"))
        to_fill.append("产出数量指标")
    # 产出 / 质量: stated quality rates and caps, else the activity's rows
    stated_quality = [r for r in desc.rates if r.kind == "quality"]
    rows += [_rate_row(r, "质量") for r in stated_quality]
    for lim in desc.limits:
        if lim.kind == "count_cap" and lim.value is not None:
            name = lim.what if re.search(r"(数|次数|起数|件数)$", lim.what) else f"{lim.what}{'起数' if lim.unit == '起' else '数'}"
            rows.append(_row("质量", name, f"≤{_num(lim.value)}{lim.unit}", lim.unit or "", f"全年发生的{lim.what}数量"))
        elif lim.kind == "service_hours" and lim.value is not None:
            per = "周" if (lim.unit or "").endswith("周") else "天"
            what = "开放" if "开放" in lim.text else "服务"
            rows.append(_row("质量", f"{'每周' if per == '周' else '每日'}{what}时长", f"≥{_num(lim.value)}小时/{per}",
                             f"小时/{per}", f"按“{lim.text}”的要求提供服务"))
    if not stated_quality:
        rows += fill("质量")
    # 产出 / 时效: stated limits and deadlines, stated timeliness rates, else the activity's deadline row
    timely = [lim for lim in desc.limits if lim.kind == "duration"] + in_year
    for lim in timely:
        if lim.kind == "duration" and lim.value is not None:
            since = f"自{lim.event}起" if lim.event else ""
            rows.append(_row("时效", _limit_name(lim, desc), f"≤{_num(lim.value)}{lim.unit}", lim.unit or "",
                             f"{since}{lim.action}用时不超过{_num(lim.value)}{lim.unit}（描述：{lim.text}）"))
        elif lim.deadline:
            rows.append(_row("时效", _limit_name(lim, desc), _deadline_text(lim.deadline), "日期",
                             f"按描述“{lim.text}”"))
    rows += [_rate_row(r, "时效") for r in desc.rates if r.kind == "timely"]
    if not any(r.level2 == "时效" for r in rows):
        rows += fill("时效")
    # 产出 / 成本: stated unit prices and cost caps, then the annual amount
    for m in desc.unit_prices:
        per = per_text(m.per)
        clause = re.split(r"[，,。；;]", desc.text[m.pos:])[0]
        kind = re.search(r"([\u4e00-\u9fff]{0,2}(?:补贴|补助|慰问金|奖补|抚恤))", m.context + clause)
        priced = next((q for q in reversed(desc.quantities) if q.pos < m.pos and q.unit and q.unit in m.per), None)
        if kind:
            what = f"{kind.group(1)}标准"  # 办案补贴标准, 培训补贴标准
        elif priced is not None:
            what = f"{priced.obj or priced.work}单价"  # 抽检样品单价, 聘用专职护林员单价
        else:
            what = f"{main_obj}单价" if act == "procurement" else "单位费用标准"
        unit = f"元/{per}" if per else "元"
        rows.append(_row("成本", what, f"≤{_num(m.yuan)}{unit}", unit, f"按描述“{m.context}{m.raw}”的标准执行"))
    for lim in desc.limits:
        if lim.kind == "cost_cap" and lim.value is not None:
            rows.append(_row("成本", lim.what, f"≤{_num(lim.value)}{lim.unit}", lim.unit or "元", f"按描述“{lim.text}”控制"))
    if desc.annual_yuan:
        wan = desc.annual_yuan / 1e4
        rows.append(_row("成本", "项目年度总成本", f"≤{_num(round(wan, 4))}万元", "万元",
                         f"本年度项目支出控制在预算{yuan_text(desc.annual_yuan)}以内"))
    elif not any(r.level2 == "成本" for r in rows):
        rows.append(_row("成本", "项目年度总成本", TO_FILL, "万元", "描述没有写明本年度项目金额"))
    # 效益: stated outcome rates and beneficiaries, else the activity's rows
    social = [_rate_row(r, "社会效益") for r in desc.rates if r.kind == "social"]
    for q in desc.beneficiaries:
        who = q.obj or "群众"
        name = who if who.startswith("受益") else f"受益{who}"
        social.append(_row("社会效益", f"{name}{_PEOPLE_MEASURE.get(q.unit, '数量')}", f"≥{_num(q.value)}{q.unit}", q.unit,
                           f"项目惠及的{who}数量，以服务台账为准"))
    rows += social or fill("社会效益")
    eco = [_rate_row(r, "生态效益") for r in desc.rates if r.kind == "ecology"]
    rows += eco or fill("生态效益")
    rows += fill("经济效益") + fill("可持续影响")
    # 满意度: the people the description names, else those of the activity
    sat = [r for r in desc.rates if r.kind == "satisfaction"]
    if sat:
        rows += [_rate_row(r, "服务对象满意度") for r in sat[:2]]
    else:
        aud = desc.audience or templates.default_audience(act)
        if aud in ("服务对象",):
            aud = templates.default_audience(act)
        rows.append(_row("服务对象满意度", f"{aud}满意度", "≥90%", "%", f"满意度调查中表示满意的{aud}数/受访{aud}总数×100%"))
    seen: set[str] = set()
    uniq = [r for r in rows if not (r.name in seen or seen.add(r.name))]  # type: ignore[func-returns-value]
    basis, basis_todo = basis_text(desc)
    if basis_todo:
        to_fill.append("测算依据明细")
    # amounts in the unit the description writes them in (万元 when any is in 万元 or 亿元, or none is given)
    unit = "万元" if not desc.amounts or any(re.search(r"万|亿", m.raw) for m in desc.amounts) else "元"
    scale = 1e4 if unit == "万元" else 1.0
    draft = DraftForm(
        project_name=desc.project_name, applicant=desc.applicant, project_type=None, budget_year=year,
        period_years=max(1, min(desc.period_years, 20)), amount_unit=unit,  # type: ignore[arg-type]
        total_amount=round(desc.total_yuan / scale, 6) if desc.total_yuan is not None else None,
        annual_amount=round(desc.annual_yuan / scale, 6) if desc.annual_yuan is not None else None,
        basis=basis, annual_goal=annual_goal(desc, uniq), long_goal=long_goal(desc), indicators=uniq)
    return draft, to_fill


def basis_text(desc: Description) -> tuple[str, bool]:
    """(测算依据, whether its detail is left 待填): the arithmetic the description allows."""
    parts: list[str] = []
    for m in desc.unit_prices:
        calc = calculation(m, desc.quantities)
        if calc is not None:
            parts.append(f"{calc[1]}={yuan_text(calc[0])}")
    if desc.shares and desc.annual_yuan is not None and len(desc.shares) > 1:
        expr = "+".join(f"{k}{yuan_text(v)}" for k, v in desc.shares.items())
        parts.append(f"{expr}={yuan_text(sum(desc.shares.values()))}")
    elif desc.annual_derived and "+" in desc.annual_derived and desc.annual_yuan is not None:
        parts.append(f"{desc.annual_derived}={yuan_text(desc.annual_yuan)}")
    per_year = [m for m in desc.amounts if m.role == "annual" and re.search(r"每年|年均", m.context)]
    if desc.multi_year and per_year and desc.total_yuan is not None:
        parts.append(f"每年{yuan_text(per_year[0].yuan)}×{desc.period_years}年={yuan_text(desc.total_yuan)}（项目总金额）")
    if parts:
        priced = sum(c[0] for c in (calculation(m, desc.quantities) for m in desc.unit_prices) if c)
        rest = (desc.annual_yuan or 0) - priced if priced and not desc.shares else 0
        if rest > 0.5:
            # the priced items are a part of the money: the rest is said, not made up
            parts.append(f"其余{yuan_text(rest)}的分项测算{TO_FILL}")
            return "；".join(parts), True
        return "；".join(parts), False
    if desc.annual_yuan is not None:
        outs = "、".join(f"{q.work}{_num(q.value)}{q.unit}" for q in desc.outputs[:4])
        return (f"本年度项目金额{yuan_text(desc.annual_yuan)}" + (f"，用于{outs}" if outs else "")
                + f"；分项测算（单价×数量）{TO_FILL}"), True
    return f"{TO_FILL}：描述没有写明金额和测算标准", True


def annual_goal(desc: Description, rows: list[DraftIndicator]) -> str:
    """年度目标 written from the rows: the outputs, the limits, the quality and the satisfaction."""
    outs = [f"{q.work}{'不少于' if q.comparator == '≥' else '不超过'}{_num(q.value)}{q.unit}" for q in desc.outputs[:5]]
    outs += [f"每{f.period}{f.action or '开展工作'}不少于{_num(f.count)}{f.unit}" for f in desc.frequencies[:2]]
    lims = [lim.text for lim in desc.limits if lim.kind in ("duration", "deadline")][:3]
    quality = [r for r in rows if r.level2 == "质量" and r.target.endswith("%")][:1]
    sat = [r for r in rows if r.level2 == "服务对象满意度"][:1]
    pieces = []
    if outs:
        pieces.append(f"{desc.budget_year}年完成" + "、".join(outs))
    else:
        pieces.append(f"{desc.budget_year}年完成{desc.project_name.removesuffix('项目')}年度任务")
    if lims:
        pieces.append("按要求" + "、".join(lims))
    if quality:
        pieces.append(f"{quality[0].name}{_words(quality[0].target)}")
    if sat:
        pieces.append(f"{sat[0].name}{_words(sat[0].target)}")
    return "，".join(pieces) + "。"


def _words(target: str) -> str:
    if target.startswith("≥"):
        return f"不低于{target[1:]}"
    if target.startswith("≤"):
        return f"不超过{target[1:]}"
    return f"达到{target}"


def long_goal(desc: Description) -> str:
    if not desc.multi_year:
        return ""
    first = desc.start.year if desc.start else desc.budget_year
    last = desc.end.year if desc.end else first + desc.period_years - 1
    outs = "、".join(f"{q.work}{_num(q.value)}{q.unit}" for q in desc.outputs[:3])
    total = f"，项目总金额{yuan_text(desc.total_yuan)}" if desc.total_yuan is not None else f"，项目总金额{TO_FILL}"
    late = [lim.text for lim in desc.limits if lim.kind == "deadline" and lim.deadline and lim.deadline.year > desc.budget_year]
    tail = f"，{('、'.join(late))}" if late else ""
    return (f"{first}年至{last}年（{desc.period_years}年）持续实施，" + (f"每年保持{outs}" if outs else "完成项目全部任务")
            + tail + total + "。")
