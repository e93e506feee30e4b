"""The scripted OpenAI-compatible server lives in `jixiao.evals.scripted_server` (the eval recording script uses it
too); tests keep importing it from here."""

from jixiao.evals.scripted_server import FakeLLMServer, reply, reply_text, status  # noqa: F401
