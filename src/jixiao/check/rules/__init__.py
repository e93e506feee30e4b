"""Rule modules, grouped by concern. Importing this package registers every rule with the engine."""

from jixiao.check.rules import reading, direction, values, units, structure, text, amounts, dates, selfeval, budget  # noqa: F401
