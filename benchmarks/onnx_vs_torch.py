"""Benchmark for issue 10: the ONNX Runtime path (int8 and fp32) side by side with the torch path.

Run: `.venv/bin/python benchmarks/onnx_vs_torch.py` (part of `make bench`). A benchmark, not a
timed test: every figure is measured here, in one run, for all three encoders, with the cold
starts interleaved so a noisy (shared 2-core) machine hits them alike and the ratios hold.
Models must already be cached (the first `copc ask` on a machine converts and exports them).

Per encoder (`search.backend` / `search.onnx_precision` set through COPC_ environment variables,
each in its own data folder so each has its own index):
- full index build of the shipped knowledge base in a child process: wall time and peak RSS;
- cold start: a new `copc ask --json "what is the difference between approach and deployment"`
  process until its answer line is printed (median of 5) and that process's peak RSS;
- in a fresh worker process: query embedding p50/p95 (golden questions, one at a time), warm
  answer p50/p95 over the golden set, golden-set quality (Recall@1/@3 per language, item lookups,
  refusals), and the RSS of a serving process (the bot's answering core: warm-up, then 500
  questions) after warm-up, after 100 and after 500 questions.
"""

from __future__ import annotations

import json

from assistant.base.caller import Caller
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUESTION = "what is the difference between approach and deployment"
ENCODERS = {
    "onnx-int8": {"COPC_SEARCH__BACKEND": "onnx", "COPC_SEARCH__ONNX_PRECISION": "int8"},
    "onnx-fp32": {"COPC_SEARCH__BACKEND": "onnx", "COPC_SEARCH__ONNX_PRECISION": "fp32"},
    "torch": {"COPC_SEARCH__BACKEND": "torch"},
}
# The `copc` entry point, run from this checkout (not whatever an editable install points at),
# reporting its own peak RSS on exit.
CLI = (
    "import atexit, resource, sys\n"
    "atexit.register(lambda: print(f'PEAK_RSS_KB {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}', file=sys.stderr))\n"
    "from assistant.cli.main import main\n"
    "sys.argv = ['copc'] + sys.argv[1:]\n"
    "main()\n"
)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def _peak_mb(stderr: str) -> float:
    for line in stderr.splitlines():
        if line.startswith("PEAK_RSS_KB "):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"child did not report its memory: {stderr[-500:]}")


def _env(encoder: str, data_dir: Path) -> dict[str, str]:
    return dict(os.environ, **ENCODERS[encoder], COPC_DATA_DIR=str(data_dir), PYTHONPATH=str(ROOT))


def index_build(encoder: str, data_dir: Path) -> dict:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", CLI, "index"], env=_env(encoder, data_dir), cwd=ROOT,
                          capture_output=True, text=True, check=True)
    return {"index_build_s": round(time.perf_counter() - start, 1), "index_build_peak_mb": round(_peak_mb(proc.stderr))}


def cold_ask(encoder: str, data_dir: Path) -> tuple[float, float]:
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", CLI, "ask", "--json", QUESTION], env=_env(encoder, data_dir),
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    wall = time.perf_counter() - start
    _out, err = proc.communicate()
    answer = json.loads(line)
    assert answer["intent"] == "knowledge" and answer["citations"], line
    return wall, _peak_mb(err)


def worker() -> dict:
    """Runs in a fresh process configured through the environment."""
    import psutil

    from assistant.base.settings import load_settings
    from assistant.evaluation.golden_cases import load_golden
    from assistant.evaluation.golden_run import run_eval
    from assistant.composition.assistant import Assistant

    def rss() -> float:
        return round(psutil.Process().memory_info().rss / 2**20)

    assistant = Assistant(load_settings())
    assistant.warm_up()
    cases = load_golden(ROOT / "tests" / "golden" / "golden.yaml")
    questions = [c.q for c in cases]
    embedder = assistant.embedder
    embed_ms = []
    for q in questions * 2:
        t = time.perf_counter()
        embedder.encode_queries([q])
        embed_ms.append((time.perf_counter() - t) * 1000)
    for q in questions:  # warm-up pass for answers
        assistant.answer(q, caller=Caller.local_operator())
    after_warm_up = rss()
    report = run_eval(assistant, cases, baselines=False)
    s = report.summary
    answer_ms = [r.latency_ms for r in report.results if r.latency_ms is not None]
    served = 0
    rss_at = {}
    while served < 500:
        for q in questions:
            if served >= 500:
                break
            assistant.answer(q, caller=Caller.local_operator())
            served += 1
            if served in (100, 500):
                rss_at[served] = rss()
    retrieval = s["retrieval"]["answer"]
    return {
        "backend": embedder.backend,
        "embedder": embedder.name,
        "query_embed_p50_ms": round(percentile(embed_ms, 50), 2),
        "query_embed_p95_ms": round(percentile(embed_ms, 95), 2),
        "warm_answer_p50_ms": round(percentile(answer_ms, 50), 1),
        "warm_answer_p95_ms": round(percentile(answer_ms, 95), 1),
        "retrieval": retrieval,
        "item_lookup": f"{s['item_lookup']['correct']}/{s['item_lookup']['n']}",
        "out_of_scope_refused": f"{s['refusal']['out_of_scope_refused']}/{s['refusal']['out_of_scope']}",
        "in_scope_refused": f"{s['refusal']['in_scope_refused']}/{s['refusal']['in_scope']}",
        "rss_after_warm_up_mb": after_warm_up,
        "rss_after_100_mb": rss_at[100],
        "rss_after_500_mb": rss_at[500],
    }


def run_worker(encoder: str, data_dir: Path) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--worker"], env=_env(encoder, data_dir), cwd=ROOT,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{encoder} worker failed: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> dict:
    root = Path(tempfile.mkdtemp(prefix="copc-bench-onnx-"))
    dirs = {name: root / name for name in ENCODERS}
    results: dict[str, dict] = {name: {} for name in ENCODERS}
    for name in ENCODERS:
        print(f"index build: {name}", file=sys.stderr, flush=True)
        results[name].update(index_build(name, dirs[name]))
    cold: dict[str, list[tuple[float, float]]] = {name: [] for name in ENCODERS}
    for round_ in range(5):  # interleaved: each round runs every encoder once
        for name in ENCODERS:
            cold[name].append(cold_ask(name, dirs[name]))
        print(f"cold round {round_ + 1}/5 done", file=sys.stderr, flush=True)
    for name in ENCODERS:
        walls = [w for w, _ in cold[name]]
        results[name]["cold_ask_median_s"] = round(statistics.median(walls), 2)
        results[name]["cold_ask_runs_s"] = [round(w, 2) for w in walls]
        results[name]["cold_ask_peak_mb"] = round(max(m for _, m in cold[name]))
        print(f"worker: {name}", file=sys.stderr, flush=True)
        results[name].update(run_worker(name, dirs[name]))
    results["machine"] = {"cpus": os.cpu_count(), "load_average": os.getloadavg(), "date": time.strftime("%Y-%m-%d %H:%M")}
    return results


def table(results: dict) -> str:
    names = list(ENCODERS)
    rows = [
        ("cold `copc ask` to printed answer, median of 5 (s)", "cold_ask_median_s"),
        ("cold `copc ask` peak RSS (MB)", "cold_ask_peak_mb"),
        ("query embedding p50 / p95 (ms)", ("query_embed_p50_ms", "query_embed_p95_ms")),
        ("warm answer p50 / p95, golden set (ms)", ("warm_answer_p50_ms", "warm_answer_p95_ms")),
        ("full index build (s)", "index_build_s"),
        ("index build peak RSS (MB)", "index_build_peak_mb"),
        ("serving RSS after warm-up / 100 / 500 questions (MB)", ("rss_after_warm_up_mb", "rss_after_100_mb", "rss_after_500_mb")),
        ("item lookups correct", "item_lookup"),
        ("out-of-scope refused", "out_of_scope_refused"),
        ("in-scope refused", "in_scope_refused"),
    ]
    out = ["| measure | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for label, key in rows:
        keys = key if isinstance(key, tuple) else (key,)
        out.append(f"| {label} | " + " | ".join(" / ".join(str(results[n][k]) for k in keys) for n in names) + " |")
    for lang in ("en", "es"):
        for k in ("recall_at_1", "recall_at_3"):
            label = f"Recall@{k[-1]} {lang.upper()}"
            cells = []
            for n in names:
                block = results[n]["retrieval"].get(lang) or {}
                value = block.get(k)
                cells.append(f"{value:.3f}" if isinstance(value, float) else str(value))
            out.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(out)


if __name__ == "__main__":
    if "--worker" in sys.argv:
        print(json.dumps(worker()))
        sys.exit(0)
    r = main()
    print(json.dumps(r, indent=1))
    print()
    print(table(r))
