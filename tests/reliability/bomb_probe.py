"""Load a knowledge folder holding a YAML alias bomb in a fresh process and measure it: the test
(tests/reliability/test_yaml_bounds.py) asserts the limits, the benchmark (benchmarks/reliability.py)
reports the figures."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# VmHWM (peak resident memory of this process image; ru_maxrss can carry the parent's peak
# across fork+exec) before and after the load.
_PROBE = (
    "import json, re, sys, time\n"
    "def hwm():\n    return int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)) / 1024\n"
    "from assistant.knowledge.kb.loader import KnowledgeError, load_knowledge\n"
    "t = time.perf_counter(); before = hwm()\n"
    "try:\n    load_knowledge(sys.argv[1]); msg = None\n"
    "except KnowledgeError as exc:\n    msg = next((p for p in exc.problems if 'glossary' in p), None)\n"
    "print(json.dumps({'ms': round((time.perf_counter() - t) * 1000, 1), 'message': msg,\n"
    "                  'peak_mb': round(hwm(), 1), 'grew_mb': round(hwm() - before, 1)}))\n"
)


def alias_bomb(levels: int = 9) -> str:
    """The classic "billion laughs": 9 levels of 9 aliases each expand to 9**9 (387 million) values."""
    lines = ['lol0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        lines.append(f"lol{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def probe_bomb(workdir: Path) -> dict:
    """Releases plus a bomb as glossary.yaml in ``workdir/knowledge``, loaded in a new process."""
    kb = workdir / "knowledge"
    kb.mkdir(exist_ok=True)
    shutil.copy(ROOT / "knowledge" / "releases.yaml", kb)
    bomb = alias_bomb()
    (kb / "glossary.yaml").write_text(bomb, encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", _PROBE, str(kb)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-2000:])
    result = json.loads(out.stdout)
    result["bomb_bytes"] = len(bomb.encode())
    return result
