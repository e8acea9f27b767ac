"""Run every benchmark in this folder, one after another (`make bench`)."""

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    for script in sorted(HERE.glob("*.py")):
        if script.name in ("run_all.py", "__init__.py"):
            continue
        print(f"\n=== {script.name} ===", flush=True)
        try:
            runpy.run_path(str(script), run_name="__main__")
        except SystemExit as exc:
            if exc.code not in (0, None):
                print(f"{script.name} exited with {exc.code}", file=sys.stderr)
