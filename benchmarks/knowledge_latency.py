"""Benchmark of the knowledge path (issue 2): index build time, cold start, warm latency, memory.

Run: `make bench` (all benchmarks) or `.venv/bin/python benchmarks/knowledge_latency.py`.
Each figure is measured here, on this machine; the README quotes a run and says where.
- index build: a full build into an empty folder (model already cached), in a child process
  whose peak RSS is read from the OS;
- cold start: a new `copc ask` process answering one retrieval question, model cached and index
  built, until the answer is printed (median of 5);
- warm latency: p50/p95 of `Assistant.answer` over the golden questions, after one warm-up pass.
"""

from __future__ import annotations

from assistant.base.caller import Caller, cli_caller
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
COPC = str(Path(sys.executable).with_name("copc"))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def child_peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> dict:
    import yaml

    data_dir = Path(tempfile.mkdtemp(prefix="copc-bench-"))
    env = dict(os.environ, COPC_DATA_DIR=str(data_dir))

    t = time.perf_counter()
    subprocess.run([COPC, "index"], env=env, check=True, capture_output=True)
    build_s = time.perf_counter() - t
    build_rss = child_peak_rss_mb()

    # Cold start = process start until the answer is printed (the interpreter's own teardown
    # afterwards, ~1.8 s for torch, happens after the user already has the answer).
    cold = []
    for _ in range(5):
        t = time.perf_counter()
        proc = subprocess.Popen([COPC, "ask", "--json", "what is the difference between approach and deployment?"],
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        first_line = proc.stdout.readline()
        cold.append(time.perf_counter() - t)
        proc.wait()
        assert json.loads(first_line)["intent"] == "knowledge", first_line

    from assistant.base.settings import load_settings
    from assistant.composition.assistant import Assistant

    assistant = Assistant(load_settings(data_dir=data_dir))
    assistant.warm_up()
    cases = yaml.safe_load((ROOT / "tests" / "golden" / "golden.yaml").read_text(encoding="utf-8"))
    questions = [c["q"] for c in cases]
    for q in questions:  # warm-up pass
        assistant.answer(q, caller=Caller.local_operator())
    latencies = []
    for q in questions:
        t = time.perf_counter()
        assistant.answer(q, caller=Caller.local_operator())
        latencies.append((time.perf_counter() - t) * 1000)
    import psutil

    result = {
        "questions": len(questions),
        "warm_p50_ms": round(percentile(latencies, 50), 1),
        "warm_p95_ms": round(percentile(latencies, 95), 1),
        "warm_max_ms": round(max(latencies), 1),
        "cold_start_to_first_answer_s": round(statistics.median(cold), 2),
        "index_build_s": round(build_s, 1),
        "index_documents": len(assistant.retriever.lexical._by_language["en"].entry_ids)
        + len(assistant.retriever.lexical._by_language["es"].entry_ids),
        "index_build_peak_rss_mb": round(build_rss),
        "serving_rss_mb": round(psutil.Process().memory_info().rss / 2**20),
        "cpu_count": os.cpu_count(),
    }
    return result


if __name__ == "__main__":
    r = main()
    print(json.dumps(r, indent=1))
    print(
        f"\n| warm p50 | warm p95 | cold start | index build ({r['index_documents']} docs) | build peak RSS | serving RSS |\n"
        f"|---|---|---|---|---|---|\n"
        f"| {r['warm_p50_ms']} ms | {r['warm_p95_ms']} ms | {r['cold_start_to_first_answer_s']} s | "
        f"{r['index_build_s']} s | {r['index_build_peak_rss_mb']} MB | {r['serving_rss_mb']} MB |"
    )
