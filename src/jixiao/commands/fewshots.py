"""`jixiao fewshots build|list|show`: the few-shot library built from the seed forms."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from jixiao.commands.app import App
from jixiao.errors import EXIT_INPUT
from jixiao.messages import error, plain, stderr_console


def register(app: typer.Typer) -> None:
    group = App(help="少样本示例库：由种子表单生成、校验、查看。", no_args_is_help=True)
    app.add_typer(group, name="fewshots")

    @group.command("build")
    def build_cmd(
        seeds: list[Path] = typer.Argument(None, help="种子表单文件夹（*.txt），可给多个；默认 ../shared/seeds 和 "
                                                      "fewshots/written（手写的其他领域示例，sources.json 注明所依据的真实表单）"),
        output: Path = typer.Option(None, "--output", "-o", help="示例库文件夹，默认 fewshots/"),
    ) -> None:
        """从种子表单生成示例库：只收录检查无错误（或已更正并注明）且写有测算依据的表单。运行时不需要种子文件。"""
        from jixiao.fewshots import REPO_ROOT, WRITTEN_DIR, FewShotError, build_examples, library_dir, write_library
        from jixiao.io import OutputError

        err = stderr_console()
        folder = output or library_dir()
        try:
            files = build_examples(seeds or [REPO_ROOT.parent / "shared" / "seeds", WRITTEN_DIR])
            written = write_library(files, folder)
        except (FewShotError, OutputError) as exc:
            error(err, str(exc))
            raise typer.Exit(EXIT_INPUT)
        kept = sum(len(f.examples) for f in files.values())
        corrected = sum(1 for f in files.values() for e in f.examples if e.corrections)
        excluded = sum(len(f.excluded) for f in files.values())
        for p in written:
            plain(err, f"写入 {p}")
        plain(err, f"收录 {kept} 个示例（其中 {corrected} 个有更正），排除 {excluded} 张表单；请审阅后提交。")

    @group.command("list")
    def list_cmd(as_json: bool = typer.Option(False, "--json", help="输出 JSON")) -> None:
        """列出示例库中的示例。"""
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        lib = _load()
        if as_json:
            rows = [{"id": e.id, "project_name": e.project_name, "source": f"{e.source}:{e.line}", "origin": e.origin,
                     "indicators": len(e.applicable()), "corrections": len(e.corrections)} for e in lib.examples]
            sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
            return
        table = Table("ID", "项目名称", "来源", "有效指标", "更正")
        for e in lib.examples:
            table.add_row(*(Text(c) for c in (e.id, e.project_name, f"{e.source}:{e.line}", str(len(e.applicable())),
                                              str(len(e.corrections)) if e.corrections else "")))
        Console(highlight=False).print(table)
        plain(stderr_console(), f"共 {len(lib.examples)} 个示例（{', '.join(p.name for p in lib.files)}）")

    @group.command("show")
    def show_cmd(example_id: str = typer.Argument(..., help="示例 ID，如 000-03")) -> None:
        """显示一个示例（JSON，含来源行与更正记录）。"""
        lib = _load()
        ex = lib.by_id(example_id)
        if ex is None:
            error(stderr_console(), f"没有示例 {example_id}（用 jixiao fewshots list 查看）")
            raise typer.Exit(EXIT_INPUT)
        sys.stdout.write(json.dumps(ex.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n")


def _load():  # noqa: ANN202
    from jixiao.fewshots import FewShotError, load_library

    try:
        return load_library()
    except FewShotError as exc:
        error(stderr_console(), str(exc))
        raise typer.Exit(EXIT_INPUT)
