"""The checker: run the rule catalogue over forms, with the user's configuration and waivers.

    from jixiao.check import audit_form
    findings = audit_form(form)            # default configuration
"""

from __future__ import annotations

from jixiao.check.config import CheckConfig, load_config
from jixiao.check.engine import REGISTRY, Hit, Rule, all_rules, rule, run_rules
from jixiao.model import Finding, Form

__all__ = ["CheckConfig", "Hit", "REGISTRY", "Rule", "all_rules", "audit_form", "load_config", "rule"]


_DEFAULT = CheckConfig()


def audit_form(form: Form, config: CheckConfig | None = None) -> list[Finding]:
    """Findings for one form: selected rules, configured severities; those a waiver accepts are kept, marked with
    its reason and who waived it (Finding.waived, waived_by)."""
    config = config or _DEFAULT
    rules = config.selected_rules()
    findings = run_rules(form, rules, config.severities, config.options)
    return config.apply_waivers(form, findings)
