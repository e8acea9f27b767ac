"""The layer contract (pyproject.toml [tool.importlinter]) holds, and it would catch a wrong-way import.

`make test` runs lint-imports on the real tree; these tests also run it on a copy with one import
pointing up (the base importing the Slack surface) to prove the contract is not vacuous.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).parent / "lint-imports"
PACKAGES = ("assistant", "bot", "metrics_adapter")


def _lint(tree: Path) -> subprocess.CompletedProcess:
    # lint-imports resolves the root packages from the working directory first, so the copy is
    # what gets analysed (not the editable install).
    return subprocess.run([str(LINT), "--no-cache"], cwd=tree, capture_output=True, text=True, timeout=300)


def _copy(tmp_path: Path) -> Path:
    for name in PACKAGES:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


@pytest.fixture(scope="module")
def lint_available():
    if not LINT.exists():
        pytest.fail("lint-imports is not installed: pip install -e '.[dev]'")


def test_the_tree_keeps_its_layers(lint_available, tmp_path):
    result = _lint(_copy(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "KEPT" in result.stdout


@pytest.mark.parametrize("module,wrong_import", [
    ("assistant/base/text.py", "import bot.app"),                       # base -> surface
    ("assistant/knowledge/scope.py", "import metrics_adapter.service"),  # feature -> sibling above
    ("metrics_adapter/audit.py", "import assistant.training.progress"),  # independent siblings
    ("assistant/composition/services.py", "import assistant.cli.main"),  # composition -> surface
])
def test_a_wrong_way_import_breaks_the_contract(lint_available, tmp_path, module, wrong_import):
    tree = _copy(tmp_path)
    with open(tree / module, "a", encoding="utf-8") as f:
        f.write(f"\n{wrong_import}  # deliberately wrong\n")
    result = _lint(tree)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    importer = module.removesuffix(".py").replace("/", ".")
    assert f"{importer} -> {wrong_import.split()[1]}" in result.stdout, result.stdout
