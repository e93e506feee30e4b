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

        auto 模式下解析器读取存疑的自评表不交给模型（模型无法抽取实际完成值、分值、得分），保留解析器结果并提示人工核对；
        交给模型的表单若模型没有读出（未配置模型服务、调用失败、某一部分失败），输出解析器读取的结果并标注“未经模型核对”。

        退出码：0 完成；1 有抽取失败的部分、未对齐的值，或有表单未经模型核对（保留了解析器结果）；2 有无法读取的输入（其余文件照常输出）或配置错误。
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
        trusted = sent = review = fallback = 0
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
            trusted += sum(not x.sent and not x.review for x in r.routes)
            sent += sum(x.sent for x in r.routes)
            review += len(r.reviews)
            fallback += len(r.fallbacks)
            problems += len(r.fallbacks)  # a form the model should have read is in the output unverified
            if llm is LLMChoiceOpt.auto:
                for x in r.routes:
                    # say why: a reviewer checks the model's forms and the doubted ones, the parser's are trusted
                    if x.review:
                        err.print(f"[yellow]须复核[/yellow] {escape(str(x))}")
                    elif x.fallback:
                        err.print(f"[yellow]未核对[/yellow] {escape(str(x))}")
                    elif x.sent:
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
            more = f"；自评表存疑保留解析器结果 {review} 张（须人工核对）" if review else ""
            if fallback:
                more += f"；模型没有读出、保留解析器结果 {fallback} 处（未经模型核对）"
            err.print(f"解析器可信 {trusted} 张表单，交给模型 {sent} 处（表单或整个文件）{more}")
        if client is not None and client.usage.calls:
            err.print(client.usage.summary())
        if bad_input:  # as `audit`: the other files are still extracted and written
            raise typer.Exit(2)
        if problems:
            raise typer.Exit(1)
