"""`jixiao extract`: read forms with the parser, and with an LLM where the parser cannot; grounded in the source."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer


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
        no_cache: bool = typer.Option(False, "--no-cache", help="不读写模型响应缓存（每次都调用模型）"),
        deadline: float | None = typer.Option(None, "--deadline", min=0,
                                              help="本次运行模型调用的总时长上限（秒，0 为不限；默认 [tool.jixiao.llm] run_deadline 或 900）"),
    ) -> None:
        """抽取表单为 Form 记录；模型抽取的每个值都对齐回原文（精确/模糊/未对齐），未对齐的行须人工核对。

        auto 模式下解析器读取存疑的自评表不交给模型（模型无法抽取实际完成值、分值、得分），保留解析器结果并提示人工核对；
        交给模型的表单若模型没有读出（未配置模型服务、调用失败、某一部分失败），输出解析器读取的结果并标注“未经模型核对”。

        退出码：0 完成；1 有抽取失败的部分、未对齐的值，或有表单未经模型核对（保留了解析器结果）；2 有无法读取的输入（其余文件照常输出）或配置错误；4 内部错误（其余文件照常输出）。
        """
        from jixiao.commands.core import write_or_print
        from jixiao.commands.files import Run
        from jixiao.errors import EXIT_INPUT
        from jixiao.extract import extract_file
        from jixiao.extract import summary
        from jixiao.llm import LLMClient, LLMConfigError, load_llm_config
        from jixiao.messages import clip, error, note, plain, stderr_console, warning
        from jixiao.render.json import forms_json

        err = stderr_console()
        run = Run()
        files = run.files(paths, err)
        client = None
        forms, groundings, problems = [], [], 0
        trusted = sent = review = fallback = 0
        for p in files:
            if not run.readable(p, err):
                continue
            try:
                if client is None and llm is not LLMChoiceOpt.never:
                    client = LLMClient(load_llm_config(cache_mode="off" if no_cache else None, run_deadline=deadline))
            except LLMConfigError as exc:
                error(err, str(exc))
                raise typer.Exit(EXIT_INPUT)
            r = run.guarded(p, err, extract_file, p, llm=llm.value, client=client)
            if r is None:
                continue
            trusted += sum(not x.sent and not x.review for x in r.routes)
            sent += sum(x.sent for x in r.routes)
            review += len(r.reviews)
            fallback += len(r.fallbacks)
            problems += len(r.fallbacks)  # a form the model should have read is in the output unverified
            if llm is LLMChoiceOpt.auto:
                for x in r.routes:
                    # say why: a reviewer checks the model's forms and the doubted ones, the parser's are trusted
                    if x.review:
                        warning(err, str(x), label="须复核")
                    elif x.fallback:
                        warning(err, str(x), label="未核对")
                    elif x.sent:
                        note(err, str(x), label="路由")
            for e in r.errors:
                error(err, str(e))
                run.bad_input = True
            for f in r.failures:
                error(err, str(f), label="失败")
                problems += 1
            forms += r.forms
            groundings += r.groundings
            for g in r.unaligned:
                what = clip(g.value) if g.label == g.value else f"{clip(g.label)}：{clip(g.value)}"
                why = f"（{g.note}）" if g.note else "（原文中找不到，须人工核对）"
                warning(err, f"{p}: {what}{why}", label="未对齐")
                problems += 1
        if client is not None:
            client.close()
        write_or_print(forms_json(forms) + "\n", output, files, err)
        c = summary(groundings)
        plain(err, f"共抽取 {len(forms)} 张表单（{len(files)} 个文件）；模型抽取值对齐：精确 {c['exact']}，"
                   f"模糊 {c['fuzzy']}（须复核），未对齐 {c['unaligned']}")
        if llm is LLMChoiceOpt.auto:
            more = f"；自评表存疑保留解析器结果 {review} 张（须人工核对）" if review else ""
            if fallback:
                more += f"；模型没有读出、保留解析器结果 {fallback} 处（未经模型核对）"
            plain(err, f"解析器可信 {trusted} 张表单，交给模型 {sent} 处（表单或整个文件）{more}")
        if client is not None and client.usage.calls:
            plain(err, client.usage.summary())
        # as `audit`: an unreadable input (2) or an internal error (4) does not stop the other files
        raise typer.Exit(run.exit_code(findings=problems > 0))
