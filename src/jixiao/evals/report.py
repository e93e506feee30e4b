"""Reports of eval runs: rich tables on the terminal (rich measures CJK characters as two columns, so Chinese
text aligns), a Markdown summary, JUnit XML (one testcase per case and per gate)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from jixiao.messages import line

STATUS_ZH = {"pass": "通过", "fail": "未通过", "skip": "跳过", "error": "错误"}


def _f(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


def _ci(ci: list[float] | None) -> str:
    return f"[{ci[0]:.2f}, {ci[1]:.2f}]" if ci else "—"


# ---------------------------------------------------------------------------------------------------------
# Terminal
# ---------------------------------------------------------------------------------------------------------

def print_run(console: Console, summary: dict[str, Any], results: list[dict[str, Any]], *, verbose: bool = True) -> None:
    kind = summary["kind"]
    man = summary["manifest"]
    console.print(Text(f"评测套件 {summary['suite']}", style="bold") + Text(
        f"（{kind}）：{summary['n_cases']} 个用例，数据集 {man.get('dataset_hash')}，耗时 {man.get('duration_s')} 秒"))
    if kind == "checker":
        _print_checker(console, summary, results, verbose)
    elif kind == "extract":
        _print_extract(console, summary, results, verbose)
    elif kind == "reader":
        _print_reader(console, summary, results, verbose)
    else:
        _print_draft(console, summary, results, verbose)
    for e in summary.get("infra_errors", []):
        console.print(line("基础设施错误", "red", f"{e['id']}: {e['error']}"), soft_wrap=True)
    if summary.get("flipped_cases"):
        console.print(Text(f"重复运行中结论翻转的用例：{'、'.join(summary['flipped_cases'])}", style="yellow"))
    _print_gates(console, summary)


_READER_COLUMNS = ("表单", "识别", "指标行", "读出", "字段准确率", "完全一致", "存疑", "无声误读")


def _reader_row(label: str, d: dict[str, Any]) -> list[str]:
    return [label, str(d["forms"]), str(d["recognised"]), str(d["rows"]), str(d["rows_read"]),
            _f(d["ok"] / d["n"] if d["n"] else None), str(d["exact"]), str(d["doubted"]), str(d["silent"])]


def _print_reader(console: Console, summary: dict[str, Any], results: list[dict], verbose: bool) -> None:
    t = Table(title="按版式与来源（合计在末行；无声误读 = 读错了却没有报告存疑）")
    for col in ("分组", *_READER_COLUMNS):
        t.add_column(col, justify="left" if col == "分组" else "right")
    for tag, d in summary["tags"].items():
        t.add_row(escape(tag), *_reader_row(tag, d)[1:])
    t.add_row("[bold]合计[/bold]", *_reader_row("", summary["totals"])[1:])
    console.print(t)
    f = Table(title="按字段")
    for col in ("字段", "正确", "总数", "准确率"):
        f.add_column(col, justify="left" if col == "字段" else "right")
    for k, d in summary["fields"].items():
        f.add_row(k, str(d["correct"]), str(d["n"]), _f(d["accuracy"]))
    console.print(f)
    for s in summary["silent"]:
        console.print(f"  [red]无声误读[/red] {escape(s)}", highlight=False)
    if verbose:
        for res in results:
            for form in (res.get("score") or {}).get("forms", []):
                for w in form["wrong"][:6]:
                    console.print(f"  [yellow]不符[/yellow] {escape(res['id'])} {escape(w)}", highlight=False)


def _print_checker(console: Console, summary: dict[str, Any], results: list[dict], verbose: bool) -> None:
    t = Table(title="按类别（micro 合计在末行）", show_lines=False)
    for col in ("类别", "标注数", "TP", "FP", "FN", "精确率", "召回率", "F1", "召回率 95% 区间"):
        t.add_column(col, justify="left" if col == "类别" else "right")
    for cat, d in summary["categories"].items():
        t.add_row(escape(cat), str(d["n_labeled"]), str(d["tp"]), str(d["fp"]), str(d["fn"]), _f(d["precision"]),
                  _f(d["recall"]), _f(d["f1"]), _ci(d["recall_ci"]))
    m = summary["micro"]
    mt = summary["metrics"]
    t.add_row("[bold]micro[/bold]", str(m["n_labeled"]), str(m["tp"]), str(m["fp"]), str(m["fn"]),
              _f(m["precision"]), _f(m["recall"]), _f(m["f1"]), _ci(m["recall_ci"]))
    t.add_row("[bold]macro[/bold]", "", "", "", "", _f(mt["macro.precision"]), _f(mt["macro.recall"]),
              _f(mt["macro.f1"]), "")
    console.print(t)
    if summary["rules"]:
        r = Table(title="按规则")
        for col in ("规则", "TP", "FP", "FN", "精确率", "召回率"):
            r.add_column(col, justify="left" if col == "规则" else "right")
        for code, d in summary["rules"].items():
            r.add_row(escape(code), str(d["tp"]), str(d["fp"]), str(d["fn"]), _f(d["precision"]), _f(d["recall"]))
        console.print(r)
    c = summary["clean"]
    console.print(f"无误表单 {c['forms']} 张：误报 {c['false_alarms']} 条（{c['forms_with_false_alarms']} 张表有误报）")
    if verbose:
        for res in results:
            s = res.get("score") or {}
            for miss in s.get("misses", []):
                console.print(Text("  ") + line("漏报", "yellow", f"{miss['where']}  {res['id']}  {miss['category']}  "
                              f"{miss['place']}" + (f"  （{miss['note']}）" if miss.get("note") else "")))
            for fa in s.get("false_alarms", []):
                console.print(Text("  ") + line("误报", "red", f"{fa['where']}  {res['id']}  {fa['rule']} {fa['category']}  "
                              f"{fa.get('indicator') or fa.get('field') or ''}: {fa.get('message')}"), soft_wrap=True)


def _print_extract(console: Console, summary: dict[str, Any], results: list[dict], verbose: bool) -> None:
    mt = summary["metrics"]
    console.print(f"记录 {summary['records']} 条，完全一致 {summary['exact']} 条（{_f(mt['records.exact_match'])}）；"
                  f"字段总准确率 {_f(mt['micro.field_accuracy'])}；指标行：{summary['rows']}")
    gr = summary.get("grounding")
    if gr:
        console.print(f"模型抽取值对齐原文：精确 {gr['exact']}，模糊 {gr['fuzzy']}（须复核），未对齐 {gr['unaligned']}；"
                      f"编造的行中被对齐标出 {gr['invented_flagged']}/{summary['rows']['invented']} 行")
    t = Table(title="按字段")
    for col in ("字段", "正确", "总数", "准确率"):
        t.add_column(col, justify="left" if col == "字段" else "right")
    for name, d in {**summary["fields"], **{f"指标.{k}": v for k, v in summary["indicator_attrs"].items()}}.items():
        t.add_row(escape(name), str(d["correct"]), str(d["n"]), _f(d["accuracy"]))
    console.print(t)
    lt = Table(title="按版式")
    cols = ["版式", "记录", "完全一致", "字段准确率", "缺失行", "编造行"] + (["未对齐值"] if gr else [])
    for col in cols:
        lt.add_column(col, justify="left" if col == "版式" else "right")
    for lay, d in summary["layouts"].items():
        cells = [escape(str(lay)), str(d["records"]), str(d["exact"]), _f(d["field_accuracy"]), _f(d.get("missing")),
                 _f(d.get("invented"))] + ([_f(d.get("unaligned"))] if gr else [])
        lt.add_row(*cells)
    console.print(lt)
    if verbose:
        for res in results:
            for rec in (res.get("score") or {}).get("records", []):
                for k, why in rec["diffs"].items():
                    console.print(Text("  ") + line("字段不符", "yellow", f"{res['id']} {rec['project_code']} {k}: {why}"))
                for note in rec["row_notes"]:
                    extra = f" {note['diff']}" if note.get("diff") else ""
                    if "ungrounded" in note:
                        extra += "（对齐：原文中找不到，已标出）" if note["ungrounded"] else "（对齐：未标出）"
                    console.print(Text("  ") + line(f"指标行 {note['status']}", "yellow",
                                                    f"{res['id']} 第 {note['line']} 行 {note['row']}{extra}"), soft_wrap=True)


def _print_draft(console: Console, summary: dict[str, Any], results: list[dict], verbose: bool) -> None:
    t = Table(title="断言")
    for col in ("断言", "通过", "未通过", "跳过"):
        t.add_column(col, justify="left" if col == "断言" else "right")
    for name, d in summary["assertions"].items():
        t.add_row(escape(name), str(d["pass"]), str(d["fail"]), str(d["skip"]))
    console.print(t)
    c = summary["cases"]
    console.print(f"用例通过 {c['passed']}/{c['scored']}；评分标准（LLM 评审）："
                  f"{summary['rubric']['judged']} 个用例" + ("（仅供参考）" if summary["rubric"]["advisory"] else ""))
    if verbose:
        for res in results:
            for a in (res.get("score") or {}).get("assertions", []):
                if a["status"] == "fail":
                    console.print(Text("  ") + line("未通过", "yellow", f"{res['id']} {a['name']}: {a['message']}"),
                                  soft_wrap=True)


def _print_gates(console: Console, summary: dict[str, Any]) -> None:
    if not summary["gates"]:
        console.print("（套件未设门槛）")
    else:
        t = Table(title="门槛")
        t.add_column("门槛")
        t.add_column("结果")
        t.add_column("说明")
        # Passing regression checks (one per metric) are folded into one row; failures are listed one by one.
        quiet_drops = [g for g in summary["gates"] if g["name"].startswith("max_drop[") and g["status"] == "pass"]
        for g in summary["gates"]:
            if g in quiet_drops:
                continue
            colour = {"pass": "green", "fail": "red"}.get(g["status"], "yellow")
            t.add_row(escape(g["name"]), f"[{colour}]{STATUS_ZH[g['status']]}[/{colour}]", escape(g["message"]))
        if quiet_drops:
            t.add_row("max_drop", "[green]通过[/green]", f"{len(quiet_drops)} 项指标相对基线的下降都在允许范围内")
        console.print(t)
    verdict = {0: "[green]通过[/green]", 1: "[red]门槛未通过[/red]", 3: "[red]基础设施错误过多[/red]"}
    console.print(f"结论：{verdict.get(summary['exit_code'], str(summary['exit_code']))}（退出码 {summary['exit_code']}）")


def print_compare(console: Console, cmp: dict[str, Any], limit: int = 60) -> None:
    t = Table(title=Text(f"{cmp['suite']}：本次 vs 基线（数据集 {cmp['dataset_hash']}）"))
    for col in ("指标", "基线", "本次", "变化", ""):
        t.add_column(col, justify="left" if col == "指标" else "right")
    for d in cmp["deltas"][:limit]:
        mark = {"worse": "[red]变差[/red]", "better": "[green]变好[/green]"}.get(d["change"], "")
        t.add_row(escape(d["metric"]), _f(d["baseline"]), _f(d["run"]), _f(d["delta"]), mark)
    console.print(t if cmp["deltas"] else "指标没有变化")
    if len(cmp["deltas"]) > limit:
        console.print(f"……另有 {len(cmp['deltas']) - limit} 项指标变化（见 --format json）")
    for f in cmp["flips"]:
        head = f"{f['id']}: {STATUS_ZH.get(f['baseline'], f['baseline'])} → {STATUS_ZH.get(f['run'], f['run'])}"
        console.print(Text(f"  {head}" + (f"（{f['note']}）" if f.get("note") else "")), soft_wrap=True)
        for k, items in (f.get("new") or {}).items():
            console.print(Text(f"    新增 {k}: {'；'.join(items)}"), soft_wrap=True)
        for k, items in (f.get("fixed") or {}).items():
            console.print(Text(f"    修复 {k}: {'；'.join(items)}"), soft_wrap=True)


# ---------------------------------------------------------------------------------------------------------
# Markdown and JUnit
# ---------------------------------------------------------------------------------------------------------

def _md_table(head: list[str], rows: list[list[Any]]) -> str:
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(_f(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def markdown_summary(summary: dict[str, Any], results: list[dict[str, Any]]) -> str:
    man = summary["manifest"]
    lines = [f"# 评测 {summary['suite']}（{summary['kind']}）", "",
             f"- 结论：{'通过' if summary['passed'] else '未通过'}（退出码 {summary['exit_code']}）",
             f"- 用例 {summary['n_cases']} 个；基础设施错误 {len(summary['infra_errors'])} 个",
             f"- 数据集 `{man.get('dataset_hash')}`；提交 `{man.get('git_commit')}`；版本 {man.get('tool_version')}；"
             f"模型 {man.get('model') or '无'}；耗时 {man.get('duration_s')} 秒", ""]
    kind = summary["kind"]
    if kind == "checker":
        rows = [[c, d["n_labeled"], d["tp"], d["fp"], d["fn"], d["precision"], d["recall"], d["f1"], _ci(d["recall_ci"])]
                for c, d in summary["categories"].items()]
        m = summary["micro"]
        rows.append(["**micro**", m["n_labeled"], m["tp"], m["fp"], m["fn"], m["precision"], m["recall"], m["f1"],
                     _ci(m["recall_ci"])])
        lines += [_md_table(["类别", "标注数", "TP", "FP", "FN", "精确率", "召回率", "F1", "召回率95%区间"], rows), "",
                  f"无误表单 {summary['clean']['forms']} 张，误报 {summary['clean']['false_alarms']} 条。", ""]
        misses = [(m["where"], r["id"], m["category"], m["place"]) for r in results for m in (r.get("score") or {}).get("misses", [])]
        alarms = [(f["where"], r["id"], f"{f['rule']} {f['category']}", f.get("indicator") or f.get("field") or "")
                  for r in results for f in (r.get("score") or {}).get("false_alarms", [])]
        if misses:
            lines += ["## 漏报", "", _md_table(["位置", "用例", "类别", "行/字段"], [list(x) for x in misses]), ""]
        if alarms:
            lines += ["## 误报", "", _md_table(["位置", "用例", "规则 类别", "行/字段"], [list(x) for x in alarms]), ""]
    elif kind == "extract":
        rows = [[k, d["correct"], d["n"], d["accuracy"]] for k, d in summary["fields"].items()]
        rows += [[f"指标.{k}", d["correct"], d["n"], d["accuracy"]] for k, d in summary["indicator_attrs"].items()]
        lines += [f"记录 {summary['records']} 条，完全一致 {summary['exact']} 条；指标行 {summary['rows']}", "",
                  _md_table(["字段", "正确", "总数", "准确率"], rows), "",
                  _md_table(["版式", "记录", "完全一致", "字段准确率", "缺失行", "编造行", "未对齐值"],
                            [[k, d["records"], d["exact"], d["field_accuracy"], d.get("missing"), d.get("invented"),
                              d.get("unaligned") if summary.get("grounding") else None]
                             for k, d in summary["layouts"].items()]), ""]
        gr = summary.get("grounding")
        if gr:
            lines += [f"模型抽取值对齐原文：精确 {gr['exact']}，模糊 {gr['fuzzy']}，未对齐 {gr['unaligned']}；"
                      f"编造的行中被对齐标出 {gr['invented_flagged']}/{summary['rows']['invented']} 行。", ""]
    elif kind == "reader":
        rows = [[tag, *_reader_row(tag, d)[1:]] for tag, d in summary["tags"].items()]
        rows.append(["**合计**", *_reader_row("", summary["totals"])[1:]])
        lines += [_md_table(["分组", *_READER_COLUMNS], rows), "",
                  _md_table(["字段", "正确", "总数", "准确率"],
                            [[k, d["correct"], d["n"], d["accuracy"]] for k, d in summary["fields"].items()]), ""]
        if summary["silent"]:
            lines += ["## 无声误读", "", *[f"- {x}" for x in summary["silent"]], ""]
    else:
        lines += [_md_table(["断言", "通过", "未通过", "跳过"],
                            [[k, d["pass"], d["fail"], d["skip"]] for k, d in summary["assertions"].items()]), ""]
    if summary["gates"]:
        lines += ["## 门槛", "", _md_table(["门槛", "结果", "说明"],
                                         [[g["name"], STATUS_ZH[g["status"]], g["message"]] for g in summary["gates"]]), ""]
    return "\n".join(lines) + "\n"


def junit_xml(runs: list[tuple[dict[str, Any], list[dict[str, Any]]]]) -> str:
    """One <testsuite> per eval suite; one <testcase> per case (failure = wrong verdict, error = infra error) and
    one per gate."""
    root = ET.Element("testsuites", name="jixiao-eval")
    for summary, results in runs:
        ts = ET.SubElement(root, "testsuite", name=f"eval.{summary['suite']}",
                           time=str(summary["manifest"].get("duration_s", 0)))
        n = failures = errors = 0
        for r in results:
            n += 1
            tc = ET.SubElement(ts, "testcase", classname=f"eval.{summary['suite']}.cases", name=r["id"])
            if r["error"]:
                errors += 1
                ET.SubElement(tc, "error", message=r["error"][:300]).text = r["error"]
            elif r["verdict"] == "fail":
                failures += 1
                ET.SubElement(tc, "failure", message="用例未通过").text = _case_failure_text(summary["kind"], r)
        for g in summary["gates"]:
            n += 1
            tc = ET.SubElement(ts, "testcase", classname=f"eval.{summary['suite']}.gates", name=g["name"])
            if g["status"] == "fail":
                failures += 1
                ET.SubElement(tc, "failure", message=g["message"]).text = g["message"]
            elif g["status"] == "skip":
                ET.SubElement(tc, "skipped", message=g["message"])
        ts.set("tests", str(n))
        ts.set("failures", str(failures))
        ts.set("errors", str(errors))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _case_failure_text(kind: str, r: dict[str, Any]) -> str:
    s = r.get("score") or {}
    if kind == "checker":
        lines = [f"漏报 {m['where']} {m['category']} {m['place']}" for m in s.get("misses", [])]
        lines += [f"误报 {f['where']} {f['rule']} {f['category']} {f.get('indicator') or f.get('field') or ''}"
                  for f in s.get("false_alarms", [])]
        return "\n".join(lines)
    if kind == "extract":
        return "\n".join(f"{rec['project_code']} {k}: {v}" for rec in s.get("records", []) for k, v in rec["diffs"].items())
    if kind == "reader":
        return "\n".join(w for f in s.get("forms", []) for w in f["wrong"])
    return "\n".join(f"{a['name']}: {a['message']}" for a in s.get("assertions", []) if a["status"] == "fail")
