"""`jixiao draft`: draft a target form from a description, with an LLM or offline."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer


class DraftFormat(str, Enum):
    json = "json"
    text = "text"
    md = "md"


def register(app: typer.Typer) -> None:
    @app.command("draft")
    def draft_cmd(
        description: str | None = typer.Argument(None, help="项目描述（或用 --file 读取）"),
        file: Path | None = typer.Option(None, "--file", help="从文件读取项目描述（UTF-8）"),
        offline: bool = typer.Option(False, "--offline", help="离线起草（不调用模型；未配置模型服务时默认离线）"),
        model: str | None = typer.Option(None, "--model", help="模型名（覆盖 JIXIAO_MODEL / [tool.jixiao.llm]）"),
        examples: int = typer.Option(3, "--examples", "-k", min=0, help="少样本示例个数"),
        max_prompt_tokens: int = typer.Option(6000, "--max-prompt-tokens", min=200, help="提示的 token 上限"),
        repair_rounds: int = typer.Option(2, "--repair-rounds", min=0, help="审核后返修轮数"),
        fmt: DraftFormat = typer.Option(DraftFormat.json, "--format", "-f",
                                        help="json：结果记录；text：六列申报表文本（jixiao parse 可读回）；md：Markdown"),
        output: Path | None = typer.Option(None, "--output", "-o", help="写入文件（原子写入）"),
        no_cache: bool = typer.Option(False, "--no-cache", help="不读写模型响应缓存"),
        deadline: float | None = typer.Option(None, "--deadline", min=0,
                                              help="模型调用的总时长上限（秒，0 为不限；默认 [tool.jixiao.llm] run_deadline 或 900）"),
    ) -> None:
        """根据项目描述起草绩效目标申报表，并用检查规则审核。

        退出码：0 起草完成且无错误；1 仍有未解决的错误（已标出需人工处理的行）或模型调用失败；2 输入或配置错误；4 内部错误。
        """
        from jixiao.draft import DraftInputError, draft, render_markdown, render_text
        from jixiao.fewshots import FewShotError
        from jixiao.io import OutputError, write_atomic
        from jixiao.llm import LLMClient, LLMConfigError, LLMError, load_llm_config
        from jixiao.render.json import dumps

        from jixiao.check.config import ConfigError, read_config_text
        from jixiao.io import input_problem
        from jixiao.errors import EXIT_FINDINGS, EXIT_INPUT
        from jixiao.messages import error, plain, stderr_console, warning

        err = stderr_console()
        if file is not None:
            problem = input_problem(file, "描述文件")
            if problem:
                error(err, f"{file}: {problem}")
                raise typer.Exit(EXIT_INPUT)
            try:
                description = read_config_text(file, "描述文件")  # UTF-8 or GBK, as the forms
            except ConfigError as exc:
                error(err, str(exc))
                raise typer.Exit(EXIT_INPUT)
        if not description or not description.strip():
            error(err, "项目描述为空：请给出描述文字，或用 --file 指定描述文件")
            raise typer.Exit(EXIT_INPUT)

        client = None
        try:
            config = load_llm_config(model=model, cache_mode="off" if no_cache else None, run_deadline=deadline)
            if not offline and config.configured:
                client = LLMClient(config)
            result = draft(description, offline=offline or client is None, k=examples,
                           max_prompt_tokens=max_prompt_tokens, repair_rounds=repair_rounds, llm_client=client)
        except (DraftInputError, FewShotError, LLMConfigError) as exc:
            error(err, str(exc))
            raise typer.Exit(EXIT_INPUT)
        except LLMError as exc:
            error(err, str(exc))
            if client is not None:
                plain(err, client.usage.summary())
            raise typer.Exit(EXIT_FINDINGS)
        finally:
            if client is not None:
                client.close()

        if fmt is DraftFormat.json:
            text = dumps(result.as_dict(), indent=1) + "\n"
        elif fmt is DraftFormat.text:
            text = render_text(result.draft)
        else:
            text = render_markdown(result)
        if output:
            try:
                write_atomic(output, text, inputs=[file] if file else None)
            except OutputError as exc:
                error(err, str(exc))
                raise typer.Exit(EXIT_INPUT)
            plain(err, f"已写入 {output}")
        else:
            sys.stdout.write(text)

        for note in result.notes:
            warning(err, note)
        errors = result.errors
        for f in result.findings:
            if f.severity in ("error", "warning"):
                where = f.indicator or f.field or ""
                (error if f.severity == "error" else warning)(err, f"{where}：{f.message}", label=f.rule)
        for fix in result.fixed:
            plain(err, f"已按审核规则自动更正：{fix}")
        if result.needs_human:
            plain(err, f"需人工确认的行：{'、'.join(result.needs_human)}")
        how = "离线起草" if result.mode == "offline" else f"模型起草（返修 {result.repair_rounds} 轮）"
        plain(err, f"{how}；参考示例：{', '.join(result.examples) or '无'}")
        if result.mode == "llm":
            sizes = "、".join(str(n) for n in result.request_tokens)
            plain(err, f"每次请求的 token（含响应结构）：{sizes}，上限 {result.token_budget}（计数：{result.token_method}）")
            plain(err, result.usage.summary())
        if errors:
            raise typer.Exit(EXIT_FINDINGS)
