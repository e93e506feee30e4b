"""`jixiao extract`: read forms with the parser, and with an LLM where the parser cannot; grounded in the source."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape


class LLMChoiceOpt(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


class ExtractFormat(str, Enum):
    json = "json"


def register(app: typer.Typer) -> None:
    @app.command("extract")
    def extract_cmd(
        paths: list[str] = typer.Argument(..., help="表单文件或文件夹"),
        llm: LLMChoiceOpt = typer.Option(LLMChoiceOpt.auto, "--llm",
                                         help="auto：解析器读不好的表单交给模型；always：全部交给模型；never：只用解析器"),
        fmt: ExtractFormat = typer.Option(ExtractFormat.json, "--format", "-f", help="json：Form 列表（同 jixiao parse）"),
        output: Path | None = typer.Option(None, "--output", "-o", help="写入文件（原子写入），默认输出到标准输出"),
    ) -> None:
        """抽取表单为 Form 记录；模型抽取的每个值都对齐回原文（精确/模糊/未对齐），未对齐的行须人工核对。

        退出码：0 完成；1 有抽取失败的部分或未对齐的值；2 输入或配置错误。
        """
        from jixiao.commands.core import forms_json, write_or_print
        from jixiao.extract import extract_file
        from jixiao.grounding import summary
        from jixiao.llm import LLMClient, LLMConfigError, load_llm_config
        from jixiao.parse import iter_input_files

        err = Console(stderr=True)
        files = iter_input_files(paths)
        client = None
        forms, groundings, problems, bad_input = [], [], 0, False
        trusted = sent = 0
        for p in files:
            if not p.exists():
                err.print(f"[red]错误[/red] {p}: 文件不存在")
                bad_input = True
                continue
            try:
                if client is None and llm is not LLMChoiceOpt.never:
                    client = LLMClient(load_llm_config())
                r = extract_file(p, llm=llm.value, client=client)
            except LLMConfigError as exc:
                err.print(f"[red]错误[/red] {exc}")
                raise typer.Exit(2)
            trusted += sum(not x.sent for x in r.routes)
            sent += sum(x.sent for x in r.routes)
            if llm is LLMChoiceOpt.auto:
                for x in r.routes:
                    if x.sent:  # say why: a reviewer checks the model's forms, the parser's are trusted
                        err.print(f"[cyan]路由[/cyan] {escape(str(x))}")
            for e in r.errors:
                err.print(f"[red]错误[/red] {e}")
                bad_input = True
            for f in r.failures:
                err.print(f"[red]失败[/red] {f}")
                problems += 1
            forms += r.forms
            groundings += r.groundings
            for g in r.unaligned:
                what = g.value if g.label == g.value else f"{g.label}：{g.value}"
                err.print(f"[yellow]未对齐[/yellow] {p}: {what}（原文中找不到，须人工核对）")
                problems += 1
        write_or_print(forms_json(forms) + "\n", output, files, err)
        c = summary(groundings)
        err.print(f"共抽取 {len(forms)} 张表单（{len(files)} 个文件）；模型抽取值对齐：精确 {c['exact']}，"
                  f"模糊 {c['fuzzy']}（须复核），未对齐 {c['unaligned']}")
        if llm is LLMChoiceOpt.auto:
            err.print(f"解析器可信 {trusted} 张表单，交给模型 {sent} 处（表单或整个文件）")
        if client is not None and client.usage.calls:
            err.print(client.usage.summary())
        if bad_input and not forms:
            raise typer.Exit(2)
        if problems:
            raise typer.Exit(1)
