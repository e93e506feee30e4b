"""The registry: every rule the engine runs, listed (rules are grouped by concern in the modules of check/rules).

A new rule is written in the module of its concern (check/rule.py says how), gets its case file
(check/rules/cases/CODE.yml) and is added here. The list lives outside the rules package so that no rule module is
part of an import cycle (a package's modules depend on the package).
"""

from __future__ import annotations

from jixiao.check.rule import Rule
from jixiao.check.rules import (
    amounts,
    budget,
    dates,
    direction,
    plausibility,
    reading,
    selfeval,
    structure,
    text,
    units,
    values,
)

RULES: tuple[Rule, ...] = (
    # reading
    reading.not_read,  # JX001
    reading.read_by_guess,  # JX002
    # direction
    direction.upper_bound_on_positive,  # JX101
    direction.upper_bound_on_output_count,  # JX102
    direction.lower_bound_on_negative,  # JX103
    # values
    values.rate_over_100,  # JX201
    values.rate_at_least_100,  # JX202
    values.negative_target,  # JX203
    values.zero_output_count,  # JX204
    values.zero_cost,  # JX205
    values.no_such_date,  # JX206
    values.more_days_than_the_year,  # JX207
    values.placeholder_target,  # JX401
    values.untyped_target,  # JX402
    values.grade_where_number_expected,  # JX403
    values.grade_not_defined,  # JX404
    values.template_placeholder,  # JX405
    values.rate_without_percent,  # JX301
    values.number_without_unit,  # JX302
    values.unit_column_blank,  # JX303
    # units
    units.value_unit_vs_column,  # JX311
    units.multiplier_as_unit,  # JX312
    units.rate_with_other_unit,  # JX313
    units.grade_with_percent,  # JX314
    units.timeliness_form,  # JX315
    units.column_not_applicable,  # JX316
    units.count_in_percent,  # JX317
    units.name_measure_vs_unit,  # JX318
    units.aim_with_percent,  # JX319
    units.cost_unit_slip,  # JX320
    units.text_states_number_in_another_unit,  # JX321
    # structure
    structure.duplicate_indicator,  # JX501
    structure.satisfaction_outside,  # JX511
    structure.non_satisfaction_inside,  # JX512
    structure.time_outside_timeliness,  # JX513
    structure.count_under_quality,  # JX514
    structure.cost_outside_cost,  # JX517
    structure.input_as_output,  # JX515
    structure.outcome_as_output,  # JX518
    structure.mixed_cost_layout,  # JX516
    structure.required_category_not_applicable,  # JX521
    structure.required_category_missing,  # JX523
    structure.annual_goal_blank,  # JX524
    structure.too_few_indicators,  # JX522
    structure.repaired_row,  # JX531
    # text
    text.formula_opposite,  # JX601
    text.formula_counts_another_thing,  # JX604
    text.explanation_other_topic,  # JX602
    text.boilerplate_explanation,  # JX605
    text.explanation_states_another_target,  # JX607
    text.rate_without_formula,  # JX603
    text.organisation_name,  # JX611
    text.unpaired_bracket_in_name,  # JX612
    text.particle_before_org_type,  # JX613
    text.org_type_word_variant,  # JX614
    text.goal_of_another_year,  # JX615
    text.new_or_continuing,  # JX606
    # amounts
    amounts.annual_over_total,  # JX701
    amounts.one_year_total,  # JX708
    amounts.funding_sum,  # JX702
    amounts.department_spending_split,  # JX710
    amounts.total_cost_above_amount,  # JX709
    amounts.basis_total,  # JX703
    amounts.basis_items_total,  # JX705
    amounts.basis_list_vs_annual,  # JX706
    amounts.calculation_wrong_in_basis,  # JX707
    amounts.payment_schedule,  # JX704
    amounts.count_vs_text,  # JX711
    amounts.goal_rate_vs_indicator,  # JX712
    amounts.annual_above_long_term,  # JX713
    amounts.annual_count_is_the_whole,  # JX714
    # plausibility: what drafts (and people) get wrong that looks right
    plausibility.broken_indicator_name,  # JX621
    plausibility.description_as_goal,  # JX622
    plausibility.zero_project_amount,  # JX731
    plausibility.unit_price_as_amount,  # JX732
    # dates
    dates.deadline_outside_period,  # JX721
    dates.deadline_outside_year,  # JX722
    dates.period_not_dates,  # JX723
    dates.self_evaluation_filed_early,  # JX724
    dates.period_misses_the_year,  # JX725
    dates.goal_deadline_vs_row,  # JX726
    # selfeval
    selfeval.execution_rate_mismatch,  # JX801
    selfeval.execution_score_mismatch,  # JX802
    selfeval.score_without_spending,  # JX808
    selfeval.total_score_mismatch,  # JX803
    selfeval.score_out_of_range,  # JX804
    selfeval.level_weight_mismatch,  # JX805
    selfeval.nonstandard_weights,  # JX806
    selfeval.full_marks_on_missed_target,  # JX807
    selfeval.partial_score_formula,  # JX809
    selfeval.missing_deviation_reason,  # JX810
    selfeval.scored_not_applicable,  # JX811
    selfeval.full_marks_not_done,  # JX812
    selfeval.actual_rate_over_100,  # JX813
    selfeval.actual_unit_differs,  # JX814
    selfeval.fund_total_vs_parts,  # JX815
    selfeval.grade_vs_total,  # JX816
    selfeval.done_count_vs_actual,  # JX817
    selfeval.all_met_claim_vs_rows,  # JX818
    selfeval.far_above_target_unexplained,  # JX821
    selfeval.done_after_filing,  # JX822
    selfeval.spent_in_words_vs_table,  # JX823
    selfeval.whole_vs_its_parts,  # JX824
    selfeval.blank_completion,  # JX825
    selfeval.total_not_rescaled,  # JX826
    selfeval.spent_above_budget,  # JX827
    selfeval.qualitative_score_above_band,  # JX819
    selfeval.quantitative_row_done_in_words,  # JX820
    # budget
    budget.children_do_not_sum,  # JX901
    budget.total_row_mismatch,  # JX902
    budget.income_expenditure_mismatch,  # JX903
    budget.figure_differs_between_tables,  # JX904
)
