"""JX101–JX103 suggest the same target with the other comparator, whatever words the form used for it."""

from __future__ import annotations

import pytest

from jixiao.check import audit_form
from jixiao.check.examples import example_forms


@pytest.mark.parametrize("row, rule, suggestion", [
    ("产出指标\t*质量指标\t点位在线率\t≤95%\t%\t在线点位数/总点位数", "JX101", "改为“≥95%”"),
    ("产出指标\t*质量指标\t点位在线率\t不超过95%\t%\t在线点位数/总点位数", "JX101", "改为“≥95%”"),
    ("产出指标\t*质量指标\t点位在线率\t95%以下\t%\t在线点位数/总点位数", "JX101", "改为“≥95%”"),
    ("产出指标\t*数量指标\t培训场次\t2场以内\t场\t培训场次", "JX102", "改为“≥2场”"),
    ("产出指标\t*质量指标\t设备故障率\t不低于2%\t%\t故障数/设备数", "JX103", "改为“≤2%”"),
])
def test_the_suggestion_is_a_target_with_the_other_comparator(row, rule, suggestion):
    (form,) = example_forms(row)
    hits = [f for f in audit_form(form) if f.rule == rule]
    assert [h.suggestion for h in hits] == [suggestion]
