"""LLM extraction (`jixiao extract`): the stage that reads forms the parser cannot, grounded in the source.

pipeline.py routes forms and converts answers, prompt.py builds the requests (through jixiao.prompting and
jixiao.retrieval), grounding.py aligns every value back to the text. The public names are re-exported here.
"""

from jixiao.extract.grounding import Grounding, SourceText, summary
from jixiao.extract.pipeline import (NO_ENDPOINT, SELF_EVAL_REVIEW, Chunk, ChunkFailure, ExtractedForm, ExtractedRow,
                                     ExtractResult, LLMChoice, Route, SourceMap, assess, chunk_form, extract_file,
                                     extract_text, plan, read_source, split_forms, to_form, well_read)
from jixiao.extract.prompt import build_messages, load_examples, template_version

__all__ = ["NO_ENDPOINT", "SELF_EVAL_REVIEW", "Chunk", "ChunkFailure", "ExtractResult", "ExtractedForm", "ExtractedRow",
           "Grounding", "LLMChoice", "Route", "SourceMap", "SourceText", "assess", "build_messages", "chunk_form",
           "extract_file", "extract_text", "load_examples", "plan", "read_source", "split_forms", "summary",
           "template_version", "to_form", "well_read"]
