"""CLI command modules. Each module defines `register(app: typer.Typer) -> None`; cli.py calls them in order."""

MODULES = ("core", "audit", "fewshots", "draft", "extract", "eval", "signoff")
