"""Checker configuration: which rules run, their severities and options, and waivers.

Read from `[tool.jixiao]` in pyproject.toml or from jixiao.toml (the nearest one above the working folder):

    [tool.jixiao]
    select = ["core"]            # codes, categories, or "core"/"all"
    ignore = ["JX701"]
    [tool.jixiao.severity]
    JX302 = "error"
    [tool.jixiao.rules.JX501]
    min_indicators = 3

A waiver file (YAML or TOML, `--waivers F`) accepts one finding on one row, with a reason and who accepted it;
the finding stays in every report, marked 已豁免 with both:

    waivers:
      - rule: JX101
        project_code: "440304251061500701007"   # or project_name / source; optional
        indicator: 应急避难场所点位在线率          # or field: 测算依据
        reason: 该指标为抽检离线率，已与财政局确认
        by: 王审核                                # optional: who waived it

Every message of this module is Chinese: a user reads it (library errors through jixiao.messages).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from jixiao.check.engine import REGISTRY, Rule
from jixiao.messages import os_error, toml_error, validation_error, yaml_error
from jixiao.model import Finding, Form, Severity

# The keys of [tool.jixiao] (ledger: signoff.py; llm: llm.py)
CONFIG_KEYS = ("select", "ignore", "severity", "rules", "ledger", "llm")
WAIVER_KEYS = ("rule", "reason", "by", "indicator", "field", "project_code", "project_name", "source")


class ConfigError(Exception):
    pass


def read_config_text(path: Path, what: str = "配置文件") -> str:
    """The text of a configuration or waiver file: UTF-8 (with or without BOM), else GBK/GB18030, as the form files
    are read (a waiver saved as ANSI by a Chinese Windows editor is GBK). Raises ConfigError (Chinese, naming the
    file and, for undecodable bytes, the line)."""
    from jixiao.io import input_problem

    problem = input_problem(path, None)  # a FIFO would block the read for ever, /dev/zero never end
    if problem:
        raise ConfigError(f"{path}: {what}无法读取：{problem}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: {what}无法读取：{os_error(exc)}") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        first = exc
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        line = data[: first.start].count(b"\n") + 1
        raise ConfigError(f"{path}:{line}: {what}既不是 UTF-8 也不是 GBK 编码，请另存为 UTF-8") from None


class Waiver(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)  # built when a waiver file is first read

    rule: str
    reason: str
    by: str | None = None  # who waived it
    indicator: str | None = None
    field: str | None = None
    project_code: str | None = None
    project_name: str | None = None
    source: str | None = None

    def describe(self) -> str:
        """How the waiver is named in a message: its rule and where it applies."""
        where = self.indicator or self.field or "（任意位置）"
        project = self.project_code or self.project_name or self.source
        return f"{self.rule} {where}" + (f"（{project}）" if project else "")

    def matches(self, form: Form, f: Finding) -> bool:
        if f.rule != self.rule:
            return False
        if self.indicator is not None and _norm(f.indicator) != _norm(self.indicator):
            return False
        if self.field is not None and _norm(f.field) != _norm(self.field):
            return False
        if self.project_code is not None and (form.project_code or "") != self.project_code:
            return False
        if self.project_name is not None and _norm(form.project_name) != _norm(self.project_name):
            return False
        if self.source is not None and not form.source.endswith(self.source):
            return False
        return True


def _norm(s: str | None) -> str:
    return "".join((s or "").split())


@dataclass
class CheckConfig:
    select: list[str] = field(default_factory=lambda: ["core"])
    ignore: list[str] = field(default_factory=list)
    severities: dict[str, Severity] = field(default_factory=dict)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    waivers: list[Waiver] = field(default_factory=list)
    origin: str | None = None

    def select_rules(self, rules: list[Rule]) -> list[Rule]:
        def hit(r: Rule, keys: list[str]) -> bool:
            return any(k == "all" or (k == "core" and r.core) or k == r.code or k == r.category for k in keys)

        return [r for r in rules if hit(r, self.select) and not hit(r, self.ignore)]

    def selected_rules(self) -> list[Rule]:
        """select_rules over the whole catalogue, computed once per configuration (audits run it per form)."""
        key = (tuple(self.select), tuple(self.ignore))
        cached = self.__dict__.get("_selected")
        if cached is None or cached[0] != key:
            from jixiao.check.engine import all_rules

            cached = (key, self.select_rules(all_rules()))
            self.__dict__["_selected"] = cached
        return cached[1]

    def apply_waivers(self, form: Form, findings: list[Finding]) -> list[Finding]:
        """Every finding, those a waiver accepts marked with its reason and who waived it (`waived`, `waived_by`):
        a waived finding stays in the record, it no longer counts against the form."""
        if not self.waivers:
            return findings
        return [self._mark(form, f) for f in findings]

    def _mark(self, form: Form, f: Finding) -> Finding:
        for i, w in enumerate(self.waivers):
            if w.matches(form, f):
                self.__dict__.setdefault("_used", set()).add(i)
                return f.model_copy(update={"waived": w.reason, "waived_by": w.by})
        return f

    def waived(self, form: Form, findings: list[Finding]) -> list[Finding]:
        """The findings a waiver accepts, marked with the waiver's reason and who waived it (sign-off)."""
        return [m for m in (self._mark(form, f) for f in findings) if m.waived]

    def unused_waivers(self) -> list[Waiver]:
        """The waivers that matched no finding of the forms audited with this configuration so far."""
        used = self.__dict__.get("_used", set())
        return [w for i, w in enumerate(self.waivers) if i not in used]

    def take_used(self) -> set[int]:
        """The waivers (their positions) that matched since the last call: a batch's worker sends them back with
        the findings they waived, and the run adds them up (`note_used`)."""
        return self.__dict__.pop("_used", set())

    def note_used(self, used: set[int]) -> None:
        self.__dict__.setdefault("_used", set()).update(used)

    def with_cli(self, select: list[str] | None, ignore: list[str] | None) -> "CheckConfig":
        return CheckConfig(select=select or self.select, ignore=[*self.ignore, *(ignore or [])],
                           severities=self.severities, options=self.options, waivers=self.waivers,
                           origin=self.origin)


def _validate_keys(keys: list[str], where: str) -> None:
    from jixiao.check.engine import CATEGORIES, all_rules

    all_rules()
    for k in keys:
        if k not in ("core", "all") and k not in REGISTRY and k not in CATEGORIES:
            raise ConfigError(f"{where}: 未知的规则代码或类别 {k!r}（运行 `jixiao rules` 查看规则目录）")


def _unknown(key: str, known: tuple[str, ...] | list[str]) -> str:
    """`未知的键 'x'`, with the closest known key when one is close."""
    import difflib

    close = difflib.get_close_matches(key, known, n=1)
    hint = f"，是不是 {close[0]}？" if close else ""
    return f"未知的键 {key!r}{hint}（可用：{'、'.join(known) if known else '无'}）"


def _check_options(code: str, opts: Any, origin: str) -> dict[str, Any]:
    """A rule's options table: every key one the rule reads, every value of its type."""
    where = f"{origin}: [tool.jixiao.rules.{code}]"
    if not isinstance(opts, dict):
        raise ConfigError(f"{where} 应为键值对（表），例如 min_indicators = 4")
    declared = {o.name: o for o in REGISTRY[code].options}
    for key, value in opts.items():
        if key not in declared:
            if not declared:
                raise ConfigError(f"{where} 中的 {key!r}：规则 {code} 没有可配置的选项")
            raise ConfigError(f"{where} 中有{_unknown(key, list(declared))}")
        kind = declared[key].kind
        ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
        if kind is list and ok:
            ok = all(isinstance(x, str) for x in value)
        if not ok:
            want = {int: "整数", str: "文本", list: "文本的列表"}.get(kind, kind.__name__)
            raise ConfigError(f"{where} 中 {key} 的值 {value!r} 应为{want}")
    return dict(opts)


def config_from_table(table: dict[str, Any], origin: str) -> CheckConfig:
    def as_list(v: Any) -> list[str]:
        if v is None:
            return []
        return [v] if isinstance(v, str) else [str(x) for x in v]

    for key in table:
        if key not in CONFIG_KEYS:
            raise ConfigError(f"{origin}: [tool.jixiao] 中有{_unknown(key, CONFIG_KEYS)}")
    cfg = CheckConfig(origin=origin)
    if "select" in table:
        cfg.select = as_list(table["select"])
    cfg.ignore = as_list(table.get("ignore"))
    _validate_keys(cfg.select + cfg.ignore, origin)
    for code, sev in (table.get("severity") or {}).items():
        if sev not in ("error", "warning", "info"):
            raise ConfigError(f"{origin}: 规则 {code} 的严重程度 {sev!r} 无效（可选 error / warning / info）")
        _validate_keys([code], origin)
        cfg.severities[code] = sev
    for code, opts in (table.get("rules") or {}).items():
        _validate_keys([code], origin)
        if code not in REGISTRY:
            raise ConfigError(f"{origin}: [tool.jixiao.rules.{code}]：选项按规则代码设置（如 JX522），不按类别")
        cfg.options[code] = _check_options(code, opts, origin)
    return cfg


def load_config(start: Path | None = None, explicit: Path | None = None) -> CheckConfig:
    """jixiao.toml, else [tool.jixiao] of pyproject.toml, in `start` or the nearest folder above it."""
    if explicit is not None:
        return _load_file(explicit)
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for name in ("jixiao.toml", "pyproject.toml"):
            p = folder / name
            if p.is_file():
                cfg = _load_file(p)
                if cfg is not None:
                    return cfg
    return CheckConfig()


def _load_file(p: Path) -> CheckConfig:
    try:
        data = tomllib.loads(read_config_text(p))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{p}: 配置文件无法读取：{toml_error(exc)}") from exc
    if p.name == "pyproject.toml":
        table = data.get("tool", {}).get("jixiao")
        if table is None:
            return None  # type: ignore[return-value]
    else:
        table = data.get("tool", {}).get("jixiao", data)
    return config_from_table(table, str(p))


_NO_REASON = "缺少理由（reason）：写明为什么可以接受这个问题，例如“口径为不合格率上限，已与财政局确认”"


def load_waivers(path: Path) -> list[Waiver]:
    import yaml  # here: an audit without waivers does not need it

    text = read_config_text(path, "豁免文件")
    try:
        data = tomllib.loads(text) if path.suffix == ".toml" else yaml.safe_load(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: 豁免文件格式错误：{toml_error(exc)}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: 豁免文件格式错误：{yaml_error(exc)}") from exc
    except RecursionError as exc:
        raise ConfigError(f"{path}: 豁免文件格式错误：嵌套过深") from exc
    items = data.get("waivers", []) if isinstance(data, dict) else (data or [])
    if not isinstance(items, list):
        raise ConfigError(f"{path}: waivers 应为列表，每条豁免一项（rule、indicator 或 field、reason、by）")
    out = []
    for i, item in enumerate(items, 1):
        where = f"{path}: 第 {i} 条豁免"
        if not isinstance(item, dict):
            raise ConfigError(f"{where}应为键值对（rule、indicator 或 field、reason、by）")
        unknown = [k for k in item if k not in WAIVER_KEYS]
        if unknown:
            raise ConfigError(f"{where}有{_unknown(str(unknown[0]), WAIVER_KEYS)}")
        if not str(item.get("reason") or "").strip():
            raise ConfigError(f"{where}{_NO_REASON}")
        if not str(item.get("rule") or "").strip():
            raise ConfigError(f"{where}缺少规则代码（rule），例如 rule: JX101")
        try:
            w = Waiver.model_validate(item)
        except ValidationError as exc:
            raise ConfigError(f"{where}无效：{validation_error(exc)}") from exc
        _validate_keys([w.rule], str(path))
        out.append(w)
    return out
