"""`jixiao eval validate`: what pydantic cannot see in a suite — unknown rule codes and categories, labels that
point at rows the form does not have, missing files, rules with no labeled case, gate keys that name nothing."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from jixiao.evals.suite import CheckerCase, DraftCase, ExtractCase, LoadedSuite, Problem


def check_suite(loaded: LoadedSuite) -> list[Problem]:
    assert loaded.suite is not None
    kind = loaded.suite.kind
    problems: list[Problem] = []
    if kind == "checker":
        problems += _check_checker(loaded)
    elif kind == "extract":
        problems += _check_extract(loaded)
    elif kind == "draft":
        problems += _check_draft(loaded)
    problems += _check_gates(loaded)
    return problems


def _where(loaded: LoadedSuite, case_id: str) -> str:
    return f"{loaded.cases_path}:{loaded.case_lines.get(case_id, 1)}"


def _check_checker(loaded: LoadedSuite) -> list[Problem]:
    from jixiao.check.engine import CATEGORIES, REGISTRY, all_rules
    from jixiao.evals.checker import _parse_cached, norm_field, norm_row, select_form

    rules = all_rules()
    problems: list[Problem] = []
    labeled_categories: set[str] = set()
    labeled_rules: set[str] = set()
    for case in loaded.cases:
        assert isinstance(case, CheckerCase)
        where = _where(loaded, case.id)
        if case.clean and case.labels:
            problems.append(Problem(where, f"用例 {case.id} 标为无误（clean），却带有缺陷标注"))
        if not case.clean and not case.labels:
            problems.append(Problem(where, f"用例 {case.id} 既未标为无误（clean: true），也没有缺陷标注"))
        for lab in case.labels:
            for cat in [lab.category, *lab.accept]:
                if cat not in CATEGORIES:
                    problems.append(Problem(where, f"未知的类别 {cat!r}（可选：{'、'.join(CATEGORIES)}）"))
            if lab.rule is not None:
                if lab.rule not in REGISTRY:
                    problems.append(Problem(where, f"未知的规则代码 {lab.rule!r}（运行 `jixiao rules` 查看）"))
                elif REGISTRY[lab.rule].category != lab.category:
                    problems.append(Problem(where, f"规则 {lab.rule} 属于类别 {REGISTRY[lab.rule].category}，"
                                                   f"与标注的类别 {lab.category} 不符"))
                labeled_rules.add(lab.rule)
            labeled_categories.add(lab.category)
        path = loaded.resolve(case.file)
        if not path.is_file():
            problems.append(Problem(where, f"表单文件不存在：{case.file}"))
            continue
        form = select_form(_parse_cached(path).forms, case)
        if form is None:
            which = f"项目编码 {case.project_code}" if case.project_code else f"第 {case.form or 0} 张表（从 0 起）"
            problems.append(Problem(where, f"{case.file} 中没有{which}"))
            continue
        names = {norm_row(i.name) for i in form.indicators}
        fields = [norm_field(hf.label) for hf in form.fields.values()] + [norm_field(k) for k in form.fields]
        for lab in case.labels:
            for r in lab.rows():
                if norm_row(r) not in names:
                    problems.append(Problem(where, f"标注的三级指标 {r!r} 不在 {case.file} 的表中（指标名应与表中一致）"))
            for f in lab.fields():
                nf = norm_field(f)
                if not any(nf and (x == nf or x.startswith(nf) or nf.startswith(x)) for x in fields if x) \
                        and not lab.rows():
                    problems.append(Problem(where, f"标注的表头字段 {f!r} 不在 {case.file} 的表中", "warning"))
    selected = [r for r in rules if r.core or r.code in loaded.suite.select]  # type: ignore[union-attr]
    for r in selected:
        if r.code not in labeled_rules and r.category not in labeled_categories and r.category != "score_inconsistency":
            problems.append(Problem(str(loaded.cases_path), f"规则 {r.code}（{r.category}）没有任何标注用例", "warning"))
    return problems


def _check_extract(loaded: LoadedSuite) -> list[Problem]:
    from pydantic import ValidationError

    from jixiao.model import FormList

    problems: list[Problem] = []
    for case in loaded.cases:
        assert isinstance(case, ExtractCase)
        where = _where(loaded, case.id)
        if not loaded.resolve(case.input).is_file():
            problems.append(Problem(where, f"输入文件不存在：{case.input}"))
        gold = loaded.resolve(case.gold)
        if not gold.is_file():
            problems.append(Problem(where, f"标准答案文件不存在：{case.gold}"))
            continue
        try:
            forms = FormList.validate_json(gold.read_text(encoding="utf-8"))
        except ValidationError as exc:
            from jixiao.messages import validation_error

            problems.append(Problem(f"{gold}", f"标准答案不是有效的表单记录：{validation_error(exc, 1)}"))
            continue
        if case.forms is not None and any(i < 0 or i >= len(forms) for i in case.forms):
            problems.append(Problem(where, f"forms 下标超出范围（标准答案中有 {len(forms)} 张表）"))
    return problems


def _check_draft(loaded: LoadedSuite) -> list[Problem]:
    problems: list[Problem] = []
    for case in loaded.cases:
        assert isinstance(case, DraftCase)
        if not case.description.strip():
            problems.append(Problem(_where(loaded, case.id), f"用例 {case.id} 的描述为空"))
    return problems


def _check_gates(loaded: LoadedSuite) -> list[Problem]:
    assert loaded.suite is not None
    suite = loaded.suite
    g = suite.gates
    problems: list[Problem] = []
    where = str(loaded.path)
    if suite.kind == "checker":
        from jixiao.check.engine import CATEGORIES, REGISTRY, all_rules

        all_rules()
        for name, floors in (("min_recall", g.min_recall), ("min_precision", g.min_precision), ("min_f1", g.min_f1)):
            for key in floors:
                if key not in ("micro", "macro") and key not in CATEGORIES and key not in REGISTRY:
                    problems.append(Problem(where, f"gates.{name} 中的 {key!r} 既不是类别也不是规则代码"))
    elif g.min_recall or g.min_precision or g.min_f1 or g.max_false_alarms_on_clean is not None:
        problems.append(Problem(where, "min_recall / min_precision / min_f1 / max_false_alarms_on_clean 只适用于 checker 套件"))
    if suite.kind not in ("extract", "reader") and g.min_field_accuracy:
        problems.append(Problem(where, "min_field_accuracy 只适用于 extract 与 reader 套件"))
    if suite.kind != "extract" and g.min_exact_match is not None:
        problems.append(Problem(where, "min_exact_match 只适用于 extract 套件"))
    if suite.kind != "draft" and g.min_pass_rate is not None:
        problems.append(Problem(where, "min_pass_rate 只适用于 draft 套件"))
    for key, floor in [*g.min_recall.items(), *g.min_precision.items(), *g.min_f1.items(),
                       *g.min_field_accuracy.items(), *g.metrics.items(), *g.max_drop.items()]:
        if not 0 <= floor <= 1 and key not in g.metrics:
            problems.append(Problem(where, f"门槛 {key}={floor} 应在 0 到 1 之间"))
    return problems


def rule_coverage(loaded: LoadedSuite) -> dict[str, Any]:
    """Labels per category (for `validate` output)."""
    counts: dict[str, int] = defaultdict(int)
    for case in loaded.cases:
        if isinstance(case, CheckerCase):
            for lab in case.labels:
                counts[lab.category] += 1
    return dict(sorted(counts.items()))

