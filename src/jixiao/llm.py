"""The LLM layer: configuration, the openai client with instructor, the on-disk response cache, token usage.

API note (for drafting, LLM extraction and evals)
-------------------------------------------------

    from jixiao.llm import LLMClient, load_llm_config, LLMError

    config = load_llm_config()                     # env > jixiao.toml / [tool.jixiao.llm] > defaults
    llm = LLMClient(config)                        # one per run: it owns the usage counters (llm.usage)
    obj, info = llm.structured_call(
        MyModel,                                   # any pydantic model: the contract of the answer
        messages,                                  # [{"role": "system"|"user"|"assistant", "content": str}, …]
        template_version="extract-v1",             # part of the cache key: bump when prompts change
        example_ids=["000-3", "001-7"],            # part of the cache key: the few-shot examples used
    )
    obj          # a validated MyModel
    info         # CallInfo: from_cache, cache_key, attempts, prompt/completion/total tokens of this call
    llm.usage    # RunUsage for the whole run: calls, attempts, HTTP requests, tokens, cache hits; .summary()

`structured_call` raises `LLMError` subclasses with a Chinese message: LLMConfigError (no endpoint), LLMTimeoutError
(a read timed out, or a deadline passed), LLMConnectionError, LLMStatusError (4xx/5xx after the client's own retries),
LLMAnswerTooLarge (the answer passed `max_answer_bytes`), LLMValidationError (the model's answer never validated),
LLMBudgetError (the run's token cap reached), CacheMissError (replay mode and no entry). No message holds a secret:
the API key, credentials in the base URL and key parameters are scrubbed (jixiao.redact), also from cache keys.

Time: `timeout` bounds each read of an HTTP request (the openai client's own timeout, per read: a server that
drip-feeds a byte a second never trips it); `request_deadline` bounds one structured call (every HTTP attempt, the
client's retries and instructor's re-asks), `run_deadline` all calls of a run (a draft, an extraction run): past it,
calls fail at once. A call that timed out or could not connect marks the endpoint down for the rest of the run
(each further call fails at once, saying so), so a dead server costs one call's time, not one per form.
Size: an answer body over `max_answer_bytes` is refused before it is parsed.

Validation before caching: an answer is cached only after it validated against the response model (with the
`context` the caller gives, e.g. the source text a value must come from: `validation_context()`) and passed the
caller's `check`. A cached entry is validated and checked again when read: an entry that no longer passes is a miss,
never replayed.

Retries are split on purpose (known instructor trap): the openai client retries 429/5xx/timeouts with its own
backoff (`max_retries`), while instructor gets an explicit tenacity policy that retries ONLY validation/JSON
errors (`validation_retries`), feeding the error back to the model. Failed attempts count in the usage and
against the run's `token_cap`.

Cache (`cache_mode`): `record` (default: read, and write on miss), `replay` (read only; a miss is an error that
says which part of the key differs from the nearest entry), `refresh` (always call, overwrite), `off`
(`--no-cache`). The key covers model, endpoint, mode, sampling parameters, the rendered messages, the response
model's JSON schema, the template version and the example ids. Entries are JSON files (never pickle); failures
are never cached.

Configuration (`[tool.jixiao.llm]` in pyproject.toml or jixiao.toml; environment variables win):

    [tool.jixiao.llm]
    model = "gpt-4o-mini"          # JIXIAO_MODEL
    base_url = "http://127.0.0.1:8000/v1"   # OPENAI_BASE_URL (any OpenAI-compatible server)
    mode = "tools"                 # tools | json_schema | json | md_json   (JIXIAO_LLM_MODE); vLLM/Ollama/llama.cpp
                                   # servers often reject `tools`: use json_schema there
    timeout = 60                   # seconds per HTTP request
    max_retries = 2                # openai client retries (429, 5xx, timeouts), with backoff
    validation_retries = 2         # instructor retries on invalid output
    temperature = 0.0
    cache_dir = ".jixiao-cache/llm"   # JIXIAO_CACHE_DIR; JIXIAO_LLM_CACHE = record|replay|refresh|off
    token_cap = 60000              # total tokens per draft/extraction run (failed attempts included)
    request_deadline = 180         # seconds one model call may take, retries included (JIXIAO_LLM_REQUEST_DEADLINE); 0 = none
    run_deadline = 900             # seconds all model calls of a run may take (JIXIAO_LLM_RUN_DEADLINE, --deadline); 0 = none
    max_answer_bytes = 1000000     # an answer body larger than this is refused

The API key comes only from `OPENAI_API_KEY` (never from files in the repository).
"""

from __future__ import annotations

import contextvars
import copy
import datetime as dt
import hashlib
import json
import logging
import os
import tempfile
import threading
import time
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol, Sequence, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from jixiao.messages import toml_error, validation_error
from jixiao.redact import safe_url, scrub, url_secrets

T = TypeVar("T", bound=BaseModel)

# instructor logs every failed attempt at ERROR level; jixiao reports failures itself (in Chinese), so keep its
# records away from Python's last-resort stderr handler unless the application configures logging.
logging.getLogger("instructor").addHandler(logging.NullHandler())

CacheMode = Literal["record", "replay", "refresh", "off"]
LLMMode = Literal["tools", "json_schema", "json", "md_json"]
CACHE_FORMAT = 1
DEFAULT_MODEL = "gpt-4o-mini"


# ---------------------------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------------------------

class LLMError(Exception):
    """An LLM call failed; `str()` is a Chinese message for users."""


class LLMConfigError(LLMError):
    pass


class LLMTimeoutError(LLMError):
    pass


class LLMConnectionError(LLMError):
    pass


class LLMStatusError(LLMError):
    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


class LLMValidationError(LLMError):
    pass


class LLMBudgetError(LLMError):
    pass


class LLMAnswerTooLarge(LLMError):
    pass


class CacheMissError(LLMError):
    def __init__(self, message: str, differences: list[str] | None = None):
        super().__init__(message)
        self.differences = differences or []


# ---------------------------------------------------------------------------------------------------------
# Configuration
# ---------------------------------------------------------------------------------------------------------

def _default_cache_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "jixiao", "llm")


class LLMConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    model: str = DEFAULT_MODEL
    base_url: str | None = None
    api_key: str | None = Field(None, repr=False, exclude=True)
    mode: LLMMode = "tools"
    timeout: float = 60.0
    max_retries: int = Field(2, ge=0, description="openai client retries on 429/5xx/timeouts (with backoff)")
    validation_retries: int = Field(2, ge=0, description="instructor retries on invalid output")
    temperature: float = 0.0
    max_tokens: int | None = None
    cache_dir: str = Field(default_factory=_default_cache_dir)
    cache_mode: CacheMode = "record"
    token_cap: int | None = Field(60000, description="total tokens per run, failed attempts included")
    request_deadline: float | None = Field(180.0, ge=0, description="seconds per model call, retries included; 0 = none")
    run_deadline: float | None = Field(900.0, ge=0, description="seconds for all model calls of a run; 0 = none")
    max_answer_bytes: int = Field(1_000_000, gt=0, description="largest answer body accepted")
    origin: str | None = Field(None, exclude=True, description="the config file read, if any")

    @property
    def configured(self) -> bool:
        """An endpoint is configured: an API key or a base URL (local servers often need no key)."""
        return bool(self.api_key or self.base_url)

    @property
    def endpoint(self) -> str:
        return (self.base_url or "https://api.openai.com/v1").rstrip("/")

    @property
    def safe_endpoint(self) -> str:
        """The endpoint without credentials (user information, key parameters): for messages and cache keys."""
        return safe_url(self.endpoint)

    def scrub(self, text: str) -> str:
        """`text` without this configuration's secrets (and any other that looks like one)."""
        return scrub(text, [self.api_key, *url_secrets(self.base_url)])


_ENV = {
    "OPENAI_API_KEY": "api_key",
    "OPENAI_BASE_URL": "base_url",
    "JIXIAO_MODEL": "model",
    "JIXIAO_LLM_MODE": "mode",
    "JIXIAO_CACHE_DIR": "cache_dir",
    "JIXIAO_LLM_CACHE": "cache_mode",
    "JIXIAO_LLM_TIMEOUT": "timeout",
    "JIXIAO_LLM_REQUEST_DEADLINE": "request_deadline",
    "JIXIAO_LLM_RUN_DEADLINE": "run_deadline",
}


def _file_table(start: Path | None) -> tuple[dict[str, Any], str | None]:
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for name in ("jixiao.toml", "pyproject.toml"):
            p = folder / name
            if not p.is_file():
                continue
            from jixiao.check.config import ConfigError, read_config_text

            try:
                data = tomllib.loads(read_config_text(p))
            except ConfigError as exc:
                raise LLMConfigError(str(exc)) from exc
            except tomllib.TOMLDecodeError as exc:
                raise LLMConfigError(f"{p}: 配置文件无法读取：{toml_error(exc)}") from exc
            tool = data.get("tool", {}).get("jixiao")
            if name == "jixiao.toml":
                table = (tool or data).get("llm")
                if table is None and tool is None and "llm" not in data:
                    table = {}
            else:
                if tool is None:
                    continue
                table = tool.get("llm", {})
            return dict(table or {}), str(p)
    return {}, None


def load_llm_config(start: Path | None = None, env: dict[str, str] | None = None, **overrides: Any) -> LLMConfig:
    """Defaults < `[tool.jixiao.llm]` (nearest jixiao.toml / pyproject.toml) < environment < explicit overrides."""
    env = os.environ if env is None else env
    table, origin = _file_table(start)
    table.pop("api_key", None)  # keys never come from files that may be committed
    values: dict[str, Any] = dict(table)
    for var, key in _ENV.items():
        if env.get(var):
            values[key] = env[var]
    values.update({k: v for k, v in overrides.items() if v is not None})
    if "cache_dir" in values and origin and not os.path.isabs(str(values["cache_dir"])) and "cache_dir" in table \
            and values["cache_dir"] == table["cache_dir"]:
        values["cache_dir"] = str(Path(origin).parent / values["cache_dir"])
    try:
        return LLMConfig(**values, origin=origin)
    except ValidationError as exc:
        where = origin or "环境变量"
        raise LLMConfigError(scrub(f"{where}: [tool.jixiao.llm] 配置无效：{validation_error(exc)}")) from exc


# ---------------------------------------------------------------------------------------------------------
# Usage
# ---------------------------------------------------------------------------------------------------------

@dataclass
class RunUsage:
    """Counters for one run (a draft, an extraction, an eval case). Failed attempts are included."""

    calls: int = 0  # structured_call invocations answered by the model (cache hits excluded)
    attempts: int = 0  # completions received (each instructor attempt, valid or not)
    failed_attempts: int = 0  # completions that did not validate
    http_requests: int = 0  # HTTP requests sent, including the ones the openai client retried
    http_errors: int = 0  # HTTP responses with status >= 400
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    cache_hits: int = 0
    cache_misses: int = 0
    token_cap: int | None = None

    @property
    def over_cap(self) -> bool:
        return self.token_cap is not None and self.total_tokens >= self.token_cap

    def add_completion_usage(self, usage: Any) -> None:
        if usage is None:
            return
        p = int(getattr(usage, "prompt_tokens", 0) or 0)
        c = int(getattr(usage, "completion_tokens", 0) or 0)
        t = int(getattr(usage, "total_tokens", 0) or 0) or p + c
        self.prompt_tokens += p
        self.completion_tokens += c
        self.total_tokens += t

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}

    def summary(self) -> str:
        """One line for stderr at the end of a run."""
        cap = f"/{self.token_cap}" if self.token_cap else ""
        return (f"模型调用 {self.calls} 次（生成 {self.attempts} 次，其中未通过校验 {self.failed_attempts} 次；"
                f"HTTP 请求 {self.http_requests} 次，错误 {self.http_errors} 次），缓存命中 {self.cache_hits} 次；"
                f"token：输入 {self.prompt_tokens} + 输出 {self.completion_tokens} = {self.total_tokens}{cap}")


@dataclass
class CallInfo:
    from_cache: bool
    cache_key: str
    attempts: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    cache_file: str | None = None


class StructuredClient(Protocol):
    """The seam between the LLM stages (drafting, extraction, eval judging) and the model: `LLMClient` is the one
    implementation; a test or another backend passes anything with this shape."""

    config: "LLMConfig"
    usage: RunUsage

    def structured_call(self, response_model: type[T], messages: Sequence[dict[str, Any]], *,
                        template_version: str = "", example_ids: Sequence[str] = (),
                        cache_mode: CacheMode | None = None, context: dict[str, Any] | None = None,
                        check: Callable[[T], Any] | None = None,
                        max_request_tokens: int | None = None) -> tuple[T, "CallInfo"]: ...

    def close(self) -> None: ...


# ---------------------------------------------------------------------------------------------------------
# Cache
# ---------------------------------------------------------------------------------------------------------

def _canonical(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def _sha(obj: Any) -> str:
    text = obj if isinstance(obj, str) else _canonical(obj)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cache_key_parts(config: LLMConfig, messages: Sequence[dict[str, Any]], response_model: type[BaseModel],
                    template_version: str = "", example_ids: Sequence[str] = ()) -> dict[str, Any]:
    """What a cached answer depends on. Messages and schema are stored as digests (one per message)."""
    return {
        "model": config.model,
        "endpoint": config.safe_endpoint,  # never a credential: the key must not change with a rotated key
        "mode": config.mode,
        "sampling": {"temperature": config.temperature, "max_tokens": config.max_tokens},
        "template_version": template_version,
        "example_ids": list(example_ids),
        "response_model": response_model.__name__,
        "schema": _sha(response_model.model_json_schema()),
        "messages": [{"role": m.get("role"), "sha": _sha(m.get("content") if isinstance(m.get("content"), str)
                                                          else m.get("content"))} for m in messages],
    }


_PART_LABELS = {
    "model": "模型", "endpoint": "服务地址", "mode": "调用模式", "sampling": "采样参数", "template_version": "提示模板版本",
    "example_ids": "示例 ID", "response_model": "响应模型", "schema": "响应模型 JSON Schema", "messages": "消息内容",
}


def describe_differences(wanted: dict[str, Any], have: dict[str, Any]) -> list[str]:
    """Chinese phrases naming the parts of two cache keys that differ."""
    out: list[str] = []
    for k, label in _PART_LABELS.items():
        a, b = wanted.get(k), have.get(k)
        if a == b:
            continue
        if k == "messages" and isinstance(a, list) and isinstance(b, list):
            if len(a) != len(b):
                out.append(f"{label}（消息条数 {len(a)} ≠ {len(b)}）")
            else:
                idx = [f"第{i + 1}条（{m['role']}）" for i, (m, n) in enumerate(zip(a, b)) if m != n]
                out.append(f"{label}：{'、'.join(idx)}不同")
        elif k in ("schema",):
            out.append(label)
        else:
            out.append(f"{label}（{_canonical(a)} ≠ 缓存中的 {_canonical(b)}）")
    return out


class ResponseCache:
    """JSON files under `root/<key[:2]>/<key>.json`, written atomically."""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    def path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        p = self.path(key)
        try:
            entry = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):  # unreadable, not UTF-8, not JSON, nested too deep: a miss
            return None
        if not isinstance(entry, dict):
            return None
        return entry if entry.get("format") == CACHE_FORMAT and entry.get("key") == key else None

    def put(self, key: str, parts: dict[str, Any], response: dict[str, Any], usage: dict[str, int]) -> Path:
        p = self.path(key)
        p.parent.mkdir(parents=True, exist_ok=True)
        entry = {"format": CACHE_FORMAT, "key": key, "parts": parts, "response": response, "usage": usage,
                 "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
        fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(entry, f, ensure_ascii=False, indent=1)
        os.replace(tmp, p)
        return p

    def entries(self) -> list[dict[str, Any]]:
        out = []
        if not self.root.is_dir():
            return out
        for p in self.root.glob("*/*.json"):
            try:
                e = json.loads(p.read_text(encoding="utf-8"))
            except (OSError, ValueError, RecursionError):
                continue
            if isinstance(e, dict) and isinstance(e.get("parts"), dict):
                e["_file"] = str(p)
                out.append(e)
        return out

    def nearest(self, parts: dict[str, Any]) -> tuple[dict[str, Any] | None, list[str]]:
        """The entry whose key differs from `parts` in the fewest parts (same response model preferred)."""
        best, best_diff = None, None
        for e in self.entries():
            diff = describe_differences(parts, e["parts"])
            score = (e["parts"].get("response_model") != parts.get("response_model"), len(diff))
            if best_diff is None or score < best_diff[0]:
                best, best_diff = e, (score, diff)
        return best, (best_diff[1] if best_diff else [])


# ---------------------------------------------------------------------------------------------------------
# The client
# ---------------------------------------------------------------------------------------------------------

def _instructor_mode(mode: str) -> Any:
    import instructor

    return {"tools": instructor.Mode.TOOLS, "json_schema": instructor.Mode.JSON_SCHEMA,
            "json": instructor.Mode.JSON, "md_json": instructor.Mode.MD_JSON}[mode]


def _parse_errors() -> tuple[type[BaseException], ...]:
    """The exceptions instructor may retry: the answer did not validate or was not JSON."""
    errors: list[type[BaseException]] = [ValidationError, json.JSONDecodeError]
    try:
        from instructor.core.exceptions import ResponseParsingError  # type: ignore[attr-defined]

        errors.append(ResponseParsingError)
    except ImportError:  # pragma: no cover - older instructor
        pass
    return tuple(errors)


# ---------------------------------------------------------------------------------------------------------
# Validation context, answer size, deadlines
# ---------------------------------------------------------------------------------------------------------

_VALIDATION_CONTEXT: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "jixiao_llm_validation_context", default=None)


def validation_context() -> dict[str, Any] | None:
    """The `context` of the structured call being validated (None outside one): response models read it in their
    validators (the source text a value must be copied from…). Not instructor's `context`, which would also render
    the messages as Jinja templates (a form holding `{{` would break the prompt)."""
    return _VALIDATION_CONTEXT.get()


@contextmanager
def _validating(context: dict[str, Any] | None) -> Iterator[None]:
    token = _VALIDATION_CONTEXT.set(context)
    try:
        yield
    finally:
        _VALIDATION_CONTEXT.reset(token)


# Headers of the answers the transport makes up instead of the server's (never retried by the openai client)
_LIMIT_HEADER = "x-jixiao-limit"


class _LimitedTransport:
    """An httpx transport around the real one: reads each answer body in full here, refusing one larger than
    `max_answer_bytes` or still arriving after the call's deadline (a server drip-feeding bytes) with a made-up
    answer (status 502/504, `x-should-retry: false`, `x-jixiao-limit`) that `_translate` reports. Asks for an
    uncompressed body, so the size counted is the size parsed."""

    def __init__(self, inner: Any, client: "LLMClient"):
        self.inner = inner
        self.client = client

    def handle_request(self, request: Any) -> Any:
        import httpx

        request.headers["Accept-Encoding"] = "identity"
        most = getattr(self.client._local, "max_request_tokens", None)
        if most is not None:
            size = self.client.request_size(request)
            if size is not None and size > most:
                body = json.dumps({"error": {"message": f"jixiao: request-tokens {size}>{most}",
                                             "type": "jixiao_limit"}}).encode()
                return httpx.Response(400, headers={"content-type": "application/json", "x-should-retry": "false",
                                                    _LIMIT_HEADER: f"request-tokens {size} {most}"}, content=body,
                                      request=request)
        response = self.inner.handle_request(request)
        limit = self.client.config.max_answer_bytes
        deadline = getattr(self.client._local, "deadline", None)
        chunks: list[bytes] = []
        size = 0
        refused: tuple[int, str] | None = None
        try:
            for chunk in response.stream:
                size += len(chunk)
                if size > limit:
                    refused = (502, "answer-bytes")
                    break
                if deadline is not None and time.monotonic() > deadline:
                    refused = (504, "deadline")
                    break
                chunks.append(chunk)
        finally:
            response.close()
        if refused is not None:
            code, what = refused
            body = json.dumps({"error": {"message": f"jixiao: {what}", "type": "jixiao_limit"}}).encode()
            return httpx.Response(code, headers={"content-type": "application/json", "x-should-retry": "false",
                                                 _LIMIT_HEADER: what}, content=body, request=request)
        body = b"".join(chunks)
        encoding = response.headers.get("content-encoding", "identity").strip().lower()
        if encoding not in ("", "identity"):  # asked for identity and got a compressed body: inflate it, bounded
            body = _inflate(body, encoding, limit)
            if body is None:
                msg = json.dumps({"error": {"message": "jixiao: answer-bytes", "type": "jixiao_limit"}}).encode()
                return httpx.Response(502, headers={"content-type": "application/json", "x-should-retry": "false",
                                                    _LIMIT_HEADER: "answer-bytes"}, content=msg, request=request)
        headers = [(k, v) for k, v in response.headers.multi_items()
                   if k.lower() not in ("content-encoding", "content-length")]
        return httpx.Response(response.status_code, headers=headers, stream=httpx.ByteStream(body),
                              request=request, extensions=response.extensions)

    def close(self) -> None:
        self.inner.close()

    def __enter__(self) -> "_LimitedTransport":  # the rest of httpx.BaseTransport's interface
        self.inner.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.inner.__exit__(*exc)


def _inflate(body: bytes, encoding: str, limit: int) -> bytes | None:
    """A gzip / deflate body inflated to at most `limit` bytes; None when larger or in another encoding."""
    import zlib

    wbits = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}.get(encoding)
    if wbits is None:
        return None
    try:
        d = zlib.decompressobj(wbits)
        out = d.decompress(body, limit + 1)
    except zlib.error:
        return None
    return out if len(out) <= limit and not d.unconsumed_tail else None


class _StopWhenOverCap:
    """tenacity stop condition: no further validation retry once the run's token cap is reached."""

    def __init__(self, usage: RunUsage):
        self.usage = usage

    def __call__(self, retry_state: Any) -> bool:
        return self.usage.over_cap


class LLMClient:
    """One per run. Holds the openai + instructor clients, the cache, the run's usage counters and its clock."""

    def __init__(self, config: LLMConfig, usage: RunUsage | None = None, openai_client: Any | None = None):
        self.config = config
        self.usage = usage or RunUsage(token_cap=config.token_cap)
        self.cache = ResponseCache(config.cache_dir)
        self._openai = openai_client
        self._own_openai = openai_client is None
        self._instructor: Any | None = None
        self._run_started: float | None = None  # time.monotonic() of the run's first model call
        self._local = threading.local()  # `deadline` of the call a worker thread runs (read by _LimitedTransport)
        self._down: str | None = None  # why the endpoint is not called again in this run

    def request_size(self, request: Any) -> int | None:
        """Tokens of an outgoing chat request (messages, tool calls, tools / response_format), counted for the
        configured model; None when the body is not JSON."""
        from jixiao.prompting import body_tokens
        from jixiao.tokens import token_counter

        try:
            body = json.loads(request.content or b"{}")
        except (ValueError, UnicodeDecodeError):
            return None
        return body_tokens(body, token_counter(self.config.model)) if isinstance(body, dict) else None

    # -- clients -------------------------------------------------------------------------------------------

    def _http_hooks(self) -> dict[str, list[Any]]:
        def on_request(request: Any) -> None:
            self.usage.http_requests += 1

        def on_response(response: Any) -> None:
            if response.status_code >= 400:
                self.usage.http_errors += 1

        return {"request": [on_request], "response": [on_response]}

    def openai_client(self) -> Any:
        if self._openai is None:
            if not self.config.configured:
                raise LLMConfigError("未配置模型服务：请设置 OPENAI_API_KEY 或 OPENAI_BASE_URL（或使用 --offline 离线起草）")
            import httpx
            import openai

            transport = _LimitedTransport(httpx.HTTPTransport(limits=openai.DEFAULT_CONNECTION_LIMITS), self)
            self._openai = openai.OpenAI(
                api_key=self.config.api_key or "not-needed",  # local OpenAI-compatible servers ignore the key
                base_url=self.config.base_url,
                timeout=self.config.timeout,
                max_retries=self.config.max_retries,
                http_client=openai.DefaultHttpxClient(event_hooks=self._http_hooks(), transport=transport),
            )
            self._own_openai = True
        return self._openai

    def instructor_client(self) -> Any:
        if self._instructor is None:
            import instructor

            self._instructor = instructor.from_openai(self.openai_client(), mode=_instructor_mode(self.config.mode))
        return self._instructor

    def close(self) -> None:
        """Close the HTTP connections this client opened (a client handed in is the caller's to close)."""
        self._abandon()

    def __enter__(self) -> "LLMClient":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _abandon(self) -> None:
        """Close the clients this client made (the next call, if any, builds new ones)."""
        if self._own_openai and self._openai is not None:
            try:
                self._openai.close()
            except Exception:  # noqa: BLE001 - closing a connection another thread is reading may fail any way
                pass
            self._openai = None
        self._instructor = None

    def _forget(self, http: Any) -> None:
        """Let go of the clients a call left running past its deadline uses: the next call builds new ones, calls
        running beside it keep theirs, and the abandoned call closes its client when it ends."""
        if http is not None and self._openai is http:
            self._openai = None
            self._instructor = None

    def _retry_policy(self) -> Any:
        from tenacity import Retrying, retry_if_exception_type, stop_after_attempt

        return Retrying(
            stop=stop_after_attempt(self.config.validation_retries + 1) | _StopWhenOverCap(self.usage),
            retry=retry_if_exception_type(_parse_errors()),
            reraise=True,
        )

    # -- time ----------------------------------------------------------------------------------------------

    def _budget(self) -> tuple[float | None, str]:
        """Seconds the next call may take (None: no limit) and which limit sets it; LLMTimeoutError when the run's
        time is spent."""
        now = time.monotonic()
        if self._run_started is None:
            self._run_started = now
        limits: list[tuple[float, str]] = []
        if self.config.request_deadline:
            limits.append((self.config.request_deadline, f"每次调用上限 {self.config.request_deadline:g} 秒"
                                                         "（request_deadline）"))
        if self.config.run_deadline:
            left = self.config.run_deadline - (now - self._run_started)
            if left <= 0:
                raise LLMTimeoutError(f"本次运行的模型调用总时长已达上限 {self.config.run_deadline:g} 秒（run_deadline），"
                                      "不再调用模型；可用 --deadline 或 [tool.jixiao.llm] run_deadline 调大")
            limits.append((left, f"本次运行剩余时间（run_deadline {self.config.run_deadline:g} 秒）"))
        if not limits:
            return None, ""
        return min(limits)

    # -- the call ------------------------------------------------------------------------------------------

    def structured_call(self, response_model: type[T], messages: Sequence[dict[str, Any]], *,
                        template_version: str = "", example_ids: Sequence[str] = (),
                        cache_mode: CacheMode | None = None, context: dict[str, Any] | None = None,
                        check: Callable[[T], Any] | None = None,
                        max_request_tokens: int | None = None) -> tuple[T, CallInfo]:
        """Ask the model for a `response_model`; return (validated object, CallInfo). Goes through the cache.

        `max_request_tokens`: no HTTP request of this call is sent when it is larger (its messages, tool calls and
        the schema instructor adds, counted as prompting.body_tokens counts them), re-asks included: the call
        fails with LLMBudgetError instead.

        `context` is what the response model's validators read (`validation_context()`); `check(obj)` is the
        caller's own test of an answer (raising ValueError for an answer it cannot use). An answer is cached only
        after both passed; a cached entry is validated and checked again before it is used."""
        mode = cache_mode or self.config.cache_mode
        messages = [dict(m) for m in messages]
        parts = cache_key_parts(self.config, messages, response_model, template_version, example_ids)
        key = _sha(parts)

        stale = ""
        if mode in ("record", "replay"):
            entry = self.cache.get(key)
            if entry is not None:
                try:
                    with _validating(context):
                        obj = response_model.model_validate(entry["response"])
                    if check is not None:
                        check(obj)
                except (ValidationError, ValueError, TypeError, KeyError) as exc:
                    obj = None  # the model or the checks changed under the same key, or the entry is poisoned
                    stale = _short(self.config.scrub(str(exc)), 200)
                if obj is not None:
                    self.usage.cache_hits += 1
                    return obj, CallInfo(True, key, cache_file=str(self.cache.path(key)))
            self.usage.cache_misses += 1
            if mode == "replay":
                raise self._replay_miss(parts, stale)

        obj, info = self._call_model(response_model, messages, key, context, max_request_tokens)
        if check is not None:
            try:
                check(obj)
            except ValueError as exc:
                raise LLMValidationError(f"模型输出未通过检查（未写入缓存）：{_short(self.config.scrub(str(exc)))}") from exc
        if mode != "off":
            usage = {"prompt_tokens": info.prompt_tokens, "completion_tokens": info.completion_tokens,
                     "total_tokens": info.total_tokens, "attempts": info.attempts}
            info.cache_file = str(self.cache.put(key, parts, obj.model_dump(mode="json"), usage))
        return obj, info

    def _replay_miss(self, parts: dict[str, Any], stale: str = "") -> CacheMissError:
        if stale:
            return CacheMissError(f"回放模式下缓存未命中：缓存条目 {self.cache.path(_sha(parts))} 未通过校验（{stale}），"
                                  "不予回放；请用 record 模式重新生成")
        entry, diff = self.cache.nearest(parts)
        if entry is None:
            return CacheMissError(f"回放模式下缓存未命中：缓存目录 {self.cache.root} 中没有任何条目（请先用 record 模式运行一次）")
        what = "；".join(diff) if diff else "键相同但条目无法读取"
        return CacheMissError(f"回放模式下缓存未命中：与最接近的缓存条目 {entry['_file']} 相比，{what}", diff)

    def _call_model(self, response_model: type[T], messages: list[dict[str, Any]], key: str,
                    context: dict[str, Any] | None = None,
                    max_request_tokens: int | None = None) -> tuple[T, CallInfo]:
        if self.usage.over_cap:
            raise LLMBudgetError(f"本次运行的 token 用量已达上限（{self.usage.total_tokens}/{self.usage.token_cap}），"
                                 "不再调用模型；可在 [tool.jixiao.llm] 中调大 token_cap")
        budget, which = self._budget()  # the run's time first: spent, it is the reason whatever else
        if self._down is not None:
            raise LLMTimeoutError(f"{self._down}；本次运行不再调用该模型服务")
        from instructor.core.hooks import Hooks

        before = copy.copy(self.usage)
        attempts = 0

        def on_response(response: Any) -> None:
            nonlocal attempts
            attempts += 1
            self.usage.attempts += 1
            self.usage.add_completion_usage(getattr(response, "usage", None))

        def on_parse_error(error: Exception, **_: Any) -> None:
            self.usage.failed_attempts += 1

        hooks = Hooks()
        hooks.on("completion:response", on_response)
        hooks.on("parse:error", on_parse_error)
        kwargs: dict[str, Any] = {"model": self.config.model, "temperature": self.config.temperature}
        if self.config.max_tokens:
            kwargs["max_tokens"] = self.config.max_tokens
        client = self.instructor_client()
        http = self._openai if self._own_openai else None  # closed by this call if it is abandoned
        deadline = None if budget is None else time.monotonic() + budget
        late = LLMTimeoutError(f"调用模型服务 {self.config.safe_endpoint} 超过 {budget:g} 秒仍未完成（{which}），已放弃："
                               "服务可能无响应或极慢（例如逐字节发送）；可在 [tool.jixiao.llm] 中调整 request_deadline / "
                               "run_deadline") if budget is not None else None
        server_slow = "request_deadline" in which  # the server's slowness, not the run's budget running out
        outcome: dict[str, Any] = {}
        state = {"done": False, "abandoned": False}
        lock = threading.Lock()

        def work() -> None:
            self._local.deadline = deadline  # read by _LimitedTransport, in this thread
            self._local.max_request_tokens = max_request_tokens
            try:
                with _validating(context):
                    outcome["obj"] = client.create(
                        response_model=response_model,
                        messages=copy.deepcopy(messages),  # instructor appends re-ask messages to the list it gets
                        max_retries=self._retry_policy(),
                        strict=False,
                        hooks=hooks,
                        **kwargs,
                    )
            except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
                outcome["error"] = exc
            finally:
                self._local.deadline = None
                self._local.max_request_tokens = None
                with lock:
                    state["done"] = True
                    abandoned = state["abandoned"]
                if abandoned and http is not None:  # nobody waits for this call: its connections go with it
                    try:
                        http.close()
                    except Exception:  # noqa: BLE001
                        pass

        worker = threading.Thread(target=contextvars.copy_context().run, args=(work,), name="jixiao-llm", daemon=True)
        try:
            worker.start()
            worker.join(budget)
        finally:
            self.usage.calls += 1
        with lock:
            abandoned = state["abandoned"] = not state["done"]
        if abandoned:  # past the deadline: the worker runs on (a daemon) and closes its client when it ends
            assert late is not None
            self._forget(http)
            if server_slow:  # do not call it again in this run
                self._down = late.args[0].split("，已放弃")[0]
            raise late
        if "error" in outcome:
            error = self._translate(outcome["error"], late)
            if isinstance(error, LLMConnectionError) or (isinstance(error, LLMTimeoutError)
                                                         and (server_slow or error is not late)):
                self._down = str(error).split("，已放弃")[0].split("。请检查")[0]
            raise error from outcome["error"]
        obj = outcome["obj"]
        return obj, CallInfo(
            False, key, attempts=attempts,
            prompt_tokens=self.usage.prompt_tokens - before.prompt_tokens,
            completion_tokens=self.usage.completion_tokens - before.completion_tokens,
            total_tokens=self.usage.total_tokens - before.total_tokens,
        )

    def _translate(self, exc: BaseException, late: LLMError | None = None) -> LLMError:
        import openai

        if isinstance(exc, LLMError):
            return exc
        cause: BaseException = exc
        while cause.__cause__ is not None and not isinstance(cause, (openai.OpenAIError,) + _parse_errors()):
            cause = cause.__cause__
        where = self.config.safe_endpoint
        scrub_ = self.config.scrub
        if isinstance(cause, openai.APITimeoutError):
            return LLMTimeoutError(f"调用模型超时：{where} 在 {self.config.timeout:g} 秒内没有响应（已重试 "
                                   f"{self.config.max_retries} 次）。请检查服务状态，或在 [tool.jixiao.llm] 中调大 timeout")
        if isinstance(cause, openai.APIConnectionError):
            inner = cause.__cause__ or cause
            return LLMConnectionError(scrub_(f"无法连接模型服务 {where}：{_short(str(inner) or type(inner).__name__)}"))
        if isinstance(cause, openai.AuthenticationError):
            return LLMStatusError("模型服务拒绝了 API key（HTTP 401）：请检查 OPENAI_API_KEY", 401)
        if isinstance(cause, openai.APIStatusError):
            limit = cause.response.headers.get(_LIMIT_HEADER) if cause.response is not None else None
            if limit == "answer-bytes":
                return LLMAnswerTooLarge(f"模型服务 {where} 的回答超过 {self.config.max_answer_bytes:,} 字节上限"
                                         "（max_answer_bytes），已拒收，未解析")
            if limit and limit.startswith("request-tokens"):
                _, size, most = limit.split()
                return LLMBudgetError(f"请求有 {size} token（含响应结构），超过每次请求的上限 {most}（--max-prompt-tokens），"
                                      "未发送；请调大上限或缩短描述")
            if limit == "deadline":  # the transport saw the deadline pass while the answer was still arriving
                return late or LLMTimeoutError(f"模型服务 {where} 的回答在时限内没有传完，已放弃")
            hint = "（已按退避策略重试）" if cause.status_code == 429 or cause.status_code >= 500 else ""
            return LLMStatusError(scrub_(f"模型服务返回错误 HTTP {cause.status_code}{hint}：{_short(cause.message)}"),
                                  cause.status_code)
        if isinstance(cause, _parse_errors()):
            if self.usage.over_cap:
                return LLMBudgetError(scrub_(f"模型输出未通过校验，且 token 用量已达上限（{self.usage.total_tokens}/"
                                             f"{self.usage.token_cap}），停止重试：{_short(str(cause))}"))
            return LLMValidationError(scrub_(f"模型输出 {self.config.validation_retries + 1} 次均未通过校验："
                                             f"{_short(str(cause))}"))
        return LLMError(scrub_(f"调用模型失败：{type(cause).__name__}: {_short(str(cause))}"))


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
