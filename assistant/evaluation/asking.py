"""Asking the assistant one evaluation question: as the local operator, timed, and never raising
(one broken case must not hide the others)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from assistant.base.answers import Answer
from assistant.base.caller import Caller


@dataclass(frozen=True)
class Asked:
    answer: Answer | None
    error: str | None = None  # "ExceptionType: message" when answering raised
    latency_ms: float | None = None


def ask(assistant: Any, question: str, **request: Any) -> Asked:
    start = time.perf_counter()
    try:
        answer = assistant.answer(question, caller=Caller.local_operator(), **request)
    except Exception as exc:  # noqa: BLE001 - reported as the case's error
        return Asked(None, f"{type(exc).__name__}: {exc}")
    return Asked(answer, None, (time.perf_counter() - start) * 1000)
