"""The optional language-model upgrade: abstractive text, still grounded, never a failure.

Any OpenAI-compatible chat-completions endpoint works (Ollama, llama.cpp, vLLM, OpenAI). Each
generated sentence must pass the verifier against the sentences it cites; if too few survive,
or the endpoint is slow, down or talks nonsense, the reader gets the extractive result instead.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import httpx

from newsdesk.ai import prompts, qa, summary
from newsdesk.ai.embedding import Embedder, embed_or_default
from newsdesk.ai.types import (
    DEFAULT_OPTIONS,
    AIOptions,
    Answer,
    Document,
    Grounded,
    Result,
    Sentence,
    elapsed_ms,
)
from newsdesk.ai.verify import verify

logger = logging.getLogger(__name__)


class LLMError(Exception):
    """The endpoint did not produce a usable reply (timeout, HTTP error, malformed JSON)."""


@dataclass(frozen=True, slots=True)
class LLMConfig:
    """Where the model lives and how far to trust it.

    `base_url` includes the API version, as OpenAI clients expect ("http://localhost:11434/v1").
    """

    base_url: str
    model: str
    api_key: str = field(default="", repr=False)  # never in logs or tracebacks
    timeout: float = 20.0
    max_tokens: int = 600
    temperature: float = 0.0
    # Ask for JSON mode; turn off for servers that reject `response_format`.
    json_mode: bool = True
    # How many retrieved sentences a question's prompt shows the model.
    answer_context: int = 8


class ChatClient:
    """A minimal client for `POST {base_url}/chat/completions`."""

    def __init__(self, config: LLMConfig, transport: httpx.BaseTransport | None = None) -> None:
        headers = {"Authorization": f"Bearer {config.api_key}"} if config.api_key else {}
        self._config = config
        self._http = httpx.Client(
            base_url=config.base_url.rstrip("/"),
            headers=headers,
            timeout=config.timeout,
            transport=transport,
        )

    def complete(self, messages: list[dict[str, str]]) -> str:
        """The assistant message's text; raises LLMError on any failure."""
        body: dict[str, Any] = {
            "model": self._config.model,
            "messages": messages,
            "temperature": self._config.temperature,
            "max_tokens": self._config.max_tokens,
        }
        if self._config.json_mode:
            body["response_format"] = {"type": "json_object"}
        try:
            response = self._http.post("/chat/completions", json=body)
            response.raise_for_status()
            content = response.json()["choices"][0]["message"]["content"]
        except (
            httpx.HTTPError,
            httpx.InvalidURL,
            ValueError,
            KeyError,
            IndexError,
            TypeError,
        ) as error:
            raise LLMError(f"llm: {type(error).__name__}: {error}") from error
        if not isinstance(content, str):
            raise LLMError("llm: reply content is not text")
        return content

    def close(self) -> None:
        self._http.close()


class GroundedWriter:
    """Summaries, key points and answers written by a model and checked by the verifier.

    Same inputs and outputs as the extractive `summarize`, `key_points` and `ask`; the result's
    `method` says which produced it. Never raises for endpoint trouble.
    """

    def __init__(
        self,
        config: LLMConfig,
        *,
        embed: Embedder | None = None,
        options: AIOptions = DEFAULT_OPTIONS,
        client: ChatClient | None = None,
    ) -> None:
        self.config = config
        self._embed = embed_or_default(embed)
        self._options = options
        self._client = client or ChatClient(config)

    def summarize(self, document: Document) -> Result:
        options = self._options
        counts = (options.min_summary_sentences, options.summary_sentences)
        return self._write("summary", document, counts, summary.summarize)

    def key_points(self, document: Document) -> Result:
        counts = (self._options.min_key_points, self._options.max_key_points)
        return self._write("key_points", document, counts, summary.key_points)

    def ask(self, question: str, documents: Document | Sequence[Document]) -> Answer:
        """Only questions the retriever finds answerable reach the model, with the best
        candidate sentences as its context."""
        started = time.perf_counter()
        candidates = qa.retrieve(question, documents, embed=self._embed, options=self._options)
        extractive = qa.answer_from(question, candidates, self._options, embed=self._embed)
        if not extractive.answerable:
            return replace(extractive, latency_ms=elapsed_ms(started))
        context = [(doc, s) for doc, s, _ in candidates[: self.config.answer_context]]
        written, dropped = self._generate("answer", context, question)
        if not written:
            return replace(extractive, latency_ms=elapsed_ms(started), dropped=dropped)
        return Answer(
            question,
            written,
            extractive.score,
            method=self.config.model,
            latency_ms=elapsed_ms(started),
            dropped=dropped,
        )

    def close(self) -> None:
        self._client.close()

    def _write(
        self,
        task: prompts.Task,
        document: Document,
        counts: tuple[int, int],
        fallback: Callable[..., Result],
    ) -> Result:
        """The verified text if at least counts[0] sentences survive (at most counts[1] shown),
        else the extractive result."""
        started = time.perf_counter()
        context = [(document, s) for s in document.sentences]
        written, dropped = self._generate(task, context)
        if len(written) < counts[0]:
            result = fallback(document, embed=self._embed, options=self._options)
            return replace(result, dropped=dropped, latency_ms=elapsed_ms(started))
        return Result(written[: counts[1]], self.config.model, elapsed_ms(started), dropped)

    def _generate(
        self, task: prompts.Task, context: list[tuple[Document, Sentence]], question: str = ""
    ) -> tuple[list[Grounded], int]:
        """Verified sentences and how many drafts the verifier rejected ([] on any failure)."""
        texts = [s.text for _, s in context]
        try:
            reply = self._client.complete(prompts.messages(task, texts, question))
            drafts = prompts.parse_reply(reply)
        except (LLMError, ValueError) as error:
            logger.warning("llm: %s failed, using extractive text: %s", task, error)
            return [], 0
        checked = verify(drafts, texts, self._embed, self._options)
        written = [
            Grounded(
                v.text,
                [doc.cite(s) for doc, s in (context[i] for i in v.sources)],
                self.config.model,
            )
            for v in checked
        ]
        return written, len(drafts) - len(checked)
