"""Rule modules, grouped by concern. Importing this package registers every rule with the engine."""

import importlib

MODULES = ("direction", "values", "units", "structure", "text", "amounts", "dates", "selfeval", "budget")

for _name in MODULES:
    try:
        importlib.import_module(f"jixiao.check.rules.{_name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"jixiao.check.rules.{_name}":
            raise
