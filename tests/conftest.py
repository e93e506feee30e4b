"""Shared pytest fixtures. Each area appends its own fixtures below its own heading."""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
if str(TESTS) not in sys.path:  # so tests can `from fakeserver import …`
    sys.path.insert(0, str(TESTS))


# ---------------------------------------------------------------------------------------------------------
# LLM: scripted OpenAI-compatible server, tiktoken offline (issue 5; used by extraction and eval tests too)
# ---------------------------------------------------------------------------------------------------------

CL100K_URL = "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken"
# The genuine BPE file lives outside the repo (never committed); see ../shared/tiktoken/README.md.
CL100K_CANDIDATES = (REPO.parent / "shared" / "tiktoken" / "cl100k_base.tiktoken",)


@pytest.fixture
def fake_llm():
    """A started FakeLLMServer with an empty script; `fake_llm.push(reply(...), status(429), ...)`."""
    from fakeserver import FakeLLMServer

    server = FakeLLMServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def no_llm_env(monkeypatch):
    """A machine with no LLM configured: none of the variables `load_llm_config` reads (key, endpoint, model,
    mode, cache folder and mode, timeout: `jixiao.llm._ENV`), nor CI (which makes evals replay the LLM cache by
    default), nor a `[tool.jixiao.llm]` table in a developer's jixiao.toml / pyproject.toml around the working
    folder (a test that passes its own `start` folder still reads that one). Returns `monkeypatch`, so a test can
    set some of them again."""
    from jixiao import llm

    for var in (*llm._ENV, "CI"):
        monkeypatch.delenv(var, raising=False)
    file_table = llm._file_table
    monkeypatch.setattr(llm, "_file_table", lambda start: file_table(start) if start is not None else ({}, None))
    return monkeypatch


@pytest.fixture
def llm_config(fake_llm, tmp_path, no_llm_env):
    """An LLMConfig pointing at `fake_llm`, with its own cache folder and fast retries."""
    from jixiao.llm import LLMConfig

    return LLMConfig(model="gpt-4o-mini", base_url=fake_llm.base_url, api_key="test-key", timeout=5,
                     max_retries=2, validation_retries=2, cache_dir=str(tmp_path / "llm-cache"))


@pytest.fixture(autouse=True)
def _tiktoken_offline(monkeypatch):
    """No test downloads tiktoken files: an encoding not in the cache fails at once, as on an offline machine
    (with a network, o200k_base would otherwise be fetched and the cl100k stand-in path would go untested)."""
    import tiktoken.load

    real = tiktoken.load.read_file

    def local_only(blobpath: str) -> bytes:
        if "://" in blobpath:
            raise OSError(f"tests are offline: {blobpath}")
        return real(blobpath)

    monkeypatch.setattr(tiktoken.load, "read_file", local_only)


@pytest.fixture
def tiktoken_cl100k(tmp_path, monkeypatch):
    """Make tiktoken load cl100k_base offline (TIKTOKEN_CACHE_DIR); skip when the file is not on this machine."""
    src = next((p for p in CL100K_CANDIDATES if p.is_file()), None)
    if src is None:
        pytest.skip("cl100k_base.tiktoken not available (see ../shared/tiktoken/README.md)")
    cache = tmp_path / "tiktoken-cache"
    cache.mkdir()
    shutil.copyfile(src, cache / hashlib.sha1(CL100K_URL.encode()).hexdigest())
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(cache))
    monkeypatch.delenv("JIXIAO_TOKEN_COUNTER", raising=False)
    from jixiao.tokens import token_counter

    token_counter.cache_clear()
    yield cache
    token_counter.cache_clear()


@pytest.fixture
def no_tiktoken(tmp_path, monkeypatch):
    """Force the documented estimate (as on a machine where tiktoken cannot load any file)."""
    monkeypatch.setenv("JIXIAO_TOKEN_COUNTER", "estimate")
    from jixiao.tokens import token_counter

    token_counter.cache_clear()
    yield
    token_counter.cache_clear()
