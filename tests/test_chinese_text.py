"""No English sentence reaches a user: everything budget officers and reviewers read is Chinese (issue 22).

What is scanned is what users actually see, produced by running the code: the rule catalogue (titles, documents,
examples, options), every message and suggestion the rules give on the bundled, eval and test forms (and the seed
forms when present), the text, HTML and xlsx reports, every help page, the usage errors of bad command lines, and the
errors of the configuration and waiver loaders on broken files. Besides, every string literal the source passes to a
user-facing call (a finding, a user error, a console print, a help text) is scanned, so new code is held to it before
any test reaches it. English prose is found by tests/english.py: runs of English words outside code spans, options,
paths, configuration tables, identifiers and acronyms.
"""

from __future__ import annotations

import ast
import html
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from english import english_runs
from jixiao.check import all_rules
from jixiao.check.config import CheckConfig
from jixiao.check.engine import run_rules
from jixiao.check.examples import example_forms
from jixiao.cli import app
from jixiao.parse import parse_path, parse_text
from seeds import SEEDS

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src" / "jixiao"
runner = CliRunner()
WIDE = {"COLUMNS": "200"}


def english_in(texts: dict[str, str]) -> dict[str, list[str]]:
    """{where: the English runs found} for the texts that hold any."""
    return {where: runs for where, text in texts.items() if (runs := english_runs(text))}


# ---------------------------------------------------------------------------------------------------------
# The detector: it must be able to fail
# ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Invalid value for '--fail-on': Value error, 'info' is not one of 'error', 'warning', 'never'.",
    "Show this message and exit.",
    "错误 豁免文件：No such file or directory",
    "A higher-is-better indicator takes ≥ (or =). Source: RULES-REFERENCE “Polarity”.",
    "原理：the comparator must agree with the polarity",
    "第 1 条豁免无效：('reason',) Field required",
    "Got unexpected extra argument (b)",
])
def test_the_detector_finds_english_prose(text):
    assert english_runs(text), text


@pytest.mark.parametrize("text", [
    "模型名（覆盖 JIXIAO_MODEL / [tool.jixiao.llm]）",
    "运行 `jixiao audit examples/` 查看；用 --fail-on never 关闭退出码",
    "选项 min_indicators（整数）：有效指标的最少条数；见 jixiao rules JX522",
    "写出 evals/baseline/<套件>.summary.json；cl100k_base；OpenAI、vLLM、Ollama 兼容",
    "“i深圳”APP福田专区页面访问量 ≥100万次",
    "导出 JSON、HTML 或 xlsx；project_code 与 project_name 二选一",
])
def test_the_detector_leaves_names_and_identifiers_alone(text):
    assert english_runs(text) == [], english_runs(text)


# ---------------------------------------------------------------------------------------------------------
# What the checker says
# ---------------------------------------------------------------------------------------------------------

RULES = all_rules()


def test_rule_catalogue_is_chinese():
    texts = {}
    for r in RULES:
        texts[f"{r.code} title"] = r.title
        texts[f"{r.code} doc"] = r.doc
        texts[f"{r.code} bad"] = r.bad
        texts[f"{r.code} good"] = r.good
        for o in r.options:
            texts[f"{r.code} option {o.name}"] = o.help
    assert english_in(texts) == {}


# The guidance a rule document may rest on, by its name and number (RULES-REFERENCE's sources)
GUIDANCE = ("《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）",
            "《项目支出绩效评价管理办法》（财预〔2020〕10号）",
            "《中央部门预算绩效目标管理办法》（财预〔2015〕88号）")


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_document_says_why_and_cites_the_guidance_not_a_file(rule):
    doc = rule.doc
    assert doc.startswith("原理：") and "\n依据：" in doc, rule.code
    basis = doc.split("\n依据：", 1)[1]
    assert any(g in basis for g in GUIDANCE) or "实践做法" in basis, rule.code
    # a number is always cited with the document's name (never 〔2021〕101号 alone, never a file of this repository)
    for number in re.findall(r"财预〔\d{4}〕\d+号", doc):
        assert any(number in g for g in GUIDANCE) and any(g in doc for g in GUIDANCE if number in g), rule.code
    for name in ("RULES-REFERENCE", "DESIGN", ".md", ".py", "vocab.", "parse/", "Source"):
        assert name not in doc, (rule.code, name)


def corpus() -> list[tuple[str, object]]:
    """Forms to run every rule on: the rules' own examples, the bundled examples, the eval and test forms, the seeds."""
    forms: list[tuple[str, object]] = []
    for r in RULES:
        for label, text in (("bad", r.bad), ("good", r.good)):
            parsed = example_forms(text) if "target" in r.kinds else parse_text(text, "<example>").forms
            forms += [(f"{r.code} {label}", f) for f in parsed]
    paths = [*sorted((REPO / "examples").glob("*.txt")), *sorted((REPO / "evals" / "checker" / "forms").glob("*.txt")),
             *sorted((REPO / "tests" / "fixtures").glob("*.txt"))]
    if SEEDS.is_dir():
        paths += sorted(SEEDS.glob("*.txt"))
    for p in paths:
        result = parse_path(p)
        forms += [(f"{p.name}:{f.line}", f) for f in result.forms]
    return forms


def test_every_finding_message_and_suggestion_is_chinese():
    config = CheckConfig(select=["all"])
    texts = {}
    checked = 0
    for where, form in corpus():
        for f in run_rules(form, config.selected_rules()):  # type: ignore[arg-type]
            checked += 1
            texts[f"{where} {f.rule} message: {f.message}"] = f.message
            texts[f"{where} {f.rule} suggestion: {f.suggestion}"] = f.suggestion or ""
        for note in (*form.repairs, *form.read_issues):  # type: ignore[attr-defined]
            texts[f"{where} {type(note).__name__}: {note.message}"] = note.message
    assert checked > 500  # the corpus is read, and the rules fire on it
    assert english_in(texts) == {}


# ---------------------------------------------------------------------------------------------------------
# The reports
# ---------------------------------------------------------------------------------------------------------

def _visible_html(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", "\n", page)
    return html.unescape(page)


def test_reports_of_the_examples_are_chinese(tmp_path):
    from openpyxl import load_workbook

    examples = str(REPO / "examples")
    texts = {}
    out = runner.invoke(app, ["audit", examples, "--fail-on", "never"], env=WIDE)
    texts["text report"] = out.output
    page = tmp_path / "review.html"
    runner.invoke(app, ["audit", examples, "-f", "html", "-o", str(page)])
    texts["html report"] = _visible_html(page.read_text(encoding="utf-8"))
    book = tmp_path / "review.xlsx"
    runner.invoke(app, ["audit", examples, "-f", "xlsx", "-o", str(book)])
    for ws in load_workbook(book):
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    texts[f"xlsx {ws.title}!{cell.coordinate}"] = cell.value
                if cell.comment is not None:
                    texts[f"xlsx {ws.title}!{cell.coordinate} comment"] = cell.comment.text
    texts["parse table"] = runner.invoke(app, ["parse", examples, "-f", "table"], env=WIDE).output
    draft = runner.invoke(app, ["draft", "--offline", "为区图书馆采购图书5000册、更新自助借还设备10台，项目金额80万元，"
                                "2026年完成。", "--format", "text"], env=WIDE)
    texts["offline draft"] = draft.output
    texts["rules"] = runner.invoke(app, ["rules"], env=WIDE).output
    texts["rules JX703"] = runner.invoke(app, ["rules", "JX703"], env=WIDE).output
    assert all(texts.values())
    assert english_in(texts) == {}


# ---------------------------------------------------------------------------------------------------------
# The command line
# ---------------------------------------------------------------------------------------------------------

def _command_paths() -> list[list[str]]:
    from typer.main import get_command

    paths: list[list[str]] = []

    def walk(cmd, path: list[str]) -> None:
        paths.append(path)
        for name, sub in getattr(cmd, "commands", {}).items():
            walk(sub, [*path, name])

    walk(get_command(app), [])
    return paths


def test_every_help_page_is_chinese():
    pages = {}
    for path in _command_paths():
        res = runner.invoke(app, [*path, "--help"], env=WIDE)
        assert res.exit_code == 0, (path, res.output)
        pages["jixiao " + " ".join(path)] = res.output
    assert len(pages) > 15
    assert english_in(pages) == {}


BAD_COMMAND_LINES = [
    ["audit", "--fail-on", "info", "x.txt"], ["audit"], ["audit", "--nope", "x.txt"], ["nosuch"], ["audit", "-f"],
    ["eval", "run", "--repeat", "zero"], ["eval", "run", "--jobs", "0"], ["signoff", "--verify=1"],
    ["rules", "JX101", "JX102"], ["draft", "--examples", "-1", "x"], ["extract", "--llm", "sometimes", "x.txt"],
    ["eval", "compare"], ["fewshots", "nosuch"], ["parse", "--format", "csv", "x.txt"], ["rules", "JX999"],
    ["draft", "--file", "/nonexistent/description.txt"],
]


@pytest.mark.parametrize("args", BAD_COMMAND_LINES, ids=" ".join)
def test_usage_errors_are_chinese(args):
    res = runner.invoke(app, args, env=WIDE)
    assert res.exit_code == 2, res.output
    assert english_runs(res.output) == [], res.output


# ---------------------------------------------------------------------------------------------------------
# Configuration and waiver loaders
# ---------------------------------------------------------------------------------------------------------

BROKEN_CONFIGS = [
    "[tool.jixiao]\nselect = [\n", "[tool.jixiao]\nselct = ['core']\n", "[tool.jixiao]\nselect = ['nope']\n",
    "[tool.jixiao.severity]\nJX101 = 'fatal'\n", "[tool.jixiao.rules.JX522]\nmin_indicatorz = 4\n",
    "[tool.jixiao.rules.JX522]\nmin_indicators = 'four'\n", "[tool.jixiao.rules.JX101]\nx = 1\n",
    "[tool.jixiao.rules.JX523]\nrequired = 3\n", "[tool.jixiao.rules]\nJX522 = 4\n",
]
BROKEN_WAIVERS = [
    ("waivers.yaml", "waivers:\n  - rule: JX101\n    indicator: 某指标\n"),
    ("waivers.yaml", "waivers:\n  - rule: JX101\n    reason: ''\n"),
    ("waivers.yaml", "waivers:\n  - rule: JX101\n    reason: 已确认\n    indicatr: 某指标\n"),
    ("waivers.yaml", "waivers:\n  - rule: [JX101\n"),
    ("waivers.yaml", "waivers: JX101\n"),
    ("waivers.yaml", "waivers:\n  - JX101\n"),
    ("waivers.yaml", "waivers:\n  - rule: JX999\n    reason: 已确认\n"),
    ("waivers.yaml", "waivers:\n  - rule: JX101\n    reason: [1, 2]\n"),
    ("waivers.yaml", "waivers:\n  - rule: JX101\n    reason: 已确认\n    by: [王, 李]\n"),
    ("waivers.toml", "[[waivers]]\nrule = \"JX101\"\nreason =\n"),
    ("missing.yaml", None),
]


def test_loader_errors_are_chinese(tmp_path):
    from jixiao.check.config import ConfigError, load_config, load_waivers

    messages = {}
    for n, text in enumerate(BROKEN_CONFIGS):
        p = tmp_path / f"c{n}" / "jixiao.toml"
        p.parent.mkdir()
        p.write_text(text, encoding="utf-8")
        with pytest.raises(ConfigError) as exc:
            load_config(explicit=p)
        messages[text] = str(exc.value)
    for n, (name, text) in enumerate(BROKEN_WAIVERS):
        p = tmp_path / f"w{n}" / name
        p.parent.mkdir()
        if text is not None:
            p.write_text(text, encoding="utf-8")
        with pytest.raises(ConfigError) as exc:
            load_waivers(p)
        messages[text or name] = str(exc.value)
    bad = (tmp_path / "bytes.yaml")  # neither UTF-8 nor GBK (a GBK waiver is read, as GBK forms are)
    bad.write_bytes(b"waivers:\n  - rule: JX101\n    reason: \xff\xfe\x81\n")
    with pytest.raises(ConfigError) as exc:
        load_waivers(bad)
    messages["bytes"] = str(exc.value)
    assert english_in(messages) == {}, messages


# ---------------------------------------------------------------------------------------------------------
# The source: literals passed to user-facing calls
# ---------------------------------------------------------------------------------------------------------

# Calls whose string arguments a user reads: findings, user errors (each is shown as its message), console
# output, help texts. Exceptions of programming errors (ValueError, TypeError…) and pydantic field descriptions
# (the JSON Schema and the model's tool schema) are for developers.
USER_FACING_CALLS = {
    "Hit", "Finding", "Repair", "ReadIssue", "Problem", "ConfigError", "SignoffError", "Refused", "EvalError",
    "InfraError", "DatasetMismatch", "FewShotError", "DraftInputError", "ParseError", "OutputError", "LLMError",
    "LLMConfigError", "LLMTimeoutError", "LLMConnectionError", "LLMStatusError", "LLMValidationError",
    "LLMBudgetError", "CacheMissError", "BadParameter", "print", "echo", "_fail", "_err", "Option", "Argument",
    "Typer", "App", "Table", "Panel", "Text", "add_row", "add_column", "RuleOption",
}
_KEYWORDS = {None, "help", "message", "title", "suggestion", "note", "evidence"}


def _strings(node: ast.AST):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.JoinedStr):
        yield "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    elif isinstance(node, (ast.BinOp, ast.IfExp, ast.BoolOp, ast.Tuple, ast.List)):
        for child in ast.iter_child_nodes(node):
            yield from _strings(child)


def test_source_passes_no_english_to_user_facing_calls():
    found = {}
    calls = 0
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
            if name not in USER_FACING_CALLS:
                continue
            calls += 1
            for arg in [*node.args, *(k.value for k in node.keywords if k.arg in _KEYWORDS)]:
                for text in _strings(arg):
                    if english_runs(text):
                        found[f"{path.relative_to(REPO)}:{node.lineno}"] = text
    assert calls > 300
    assert found == {}
