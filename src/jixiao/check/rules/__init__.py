"""Rule modules, grouped by concern (direction, values, units, structure, text, amounts, dates, self-evaluation,
budget reports, reading). check/registry.py lists the rules the engine runs."""
