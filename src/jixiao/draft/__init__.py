"""Drafting (`jixiao draft`): the stage that writes a target form from a description.

    result = draft("为第三小学采购教学电脑120台，预算85万元，2025年完成", offline=True)
    result.form        # a Form, the same record the parser produces (the checker cannot tell them apart)
    result.findings    # checker findings still open
    result.to_fill     # what the description does not say, left 待填 for a person
    result.needs_human # rows (三级指标) a person must look at

record.py is the answer record and its text layout, offline.py the drafter without a model (templates.py: the rows of
each kind of work), prompt.py the requests to a model, repair.py the checker's fixes applied, pipeline.py the whole.
The description itself is read by jixiao.description.
"""

from jixiao.description import Description, read_description
from jixiao.draft.offline import offline_draft
from jixiao.draft.pipeline import RELEVANCE_FLOOR, DraftResult, draft
from jixiao.draft.prompt import template_version
from jixiao.draft.record import (TO_FILL, DraftForm, DraftIndicator, DraftInputError, ordered, render_markdown,
                                 render_text)

__all__ = ["RELEVANCE_FLOOR", "TO_FILL", "Description", "DraftForm", "DraftIndicator", "DraftInputError", "DraftResult",
           "draft", "offline_draft", "ordered", "read_description", "render_markdown", "render_text",
           "template_version"]
