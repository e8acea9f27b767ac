"""Every YAML reader refuses alias bombs, recursive anchors, deep nesting and oversized files
quickly, with a "file, line N" message (issue 9, item 4)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.reliability.bomb_probe import alias_bomb, probe_bomb

from assistant.base import safe_yaml
from assistant.base.settings import ConfigError, load_settings
from assistant.knowledge.kb.loader import KnowledgeError, load_knowledge
from assistant.base.safe_yaml import YamlFileError, load_yaml

ROOT = Path(__file__).resolve().parents[2]


def test_the_bomb_is_small():
    assert len(alias_bomb().encode()) < 800


def test_bomb_refused_with_line_and_under_a_second():
    start = time.perf_counter()
    with pytest.raises(YamlFileError) as err:
        load_yaml(alias_bomb(), "bomb.yaml")
    assert time.perf_counter() - start < 1.0
    assert str(err.value).startswith("bomb.yaml, line ") and "aliases expand" in str(err.value)


def test_bomb_rejected_in_a_fresh_process_under_1s_and_100mb(tmp_path):
    """Time and peak memory measured in a separate process, through the knowledge loader."""
    result = probe_bomb(tmp_path)
    assert result["message"] and "glossary.yaml, line" in result["message"] and "aliases expand" in result["message"]
    assert result["ms"] < 1000
    assert result["peak_mb"] < 100 and result["grew_mb"] < 100


def test_recursive_anchor_and_deep_nesting_refused():
    with pytest.raises(YamlFileError, match=r"x.yaml, line 1: recursive alias"):
        load_yaml("a: &a [1, *a]\n", "x.yaml")
    deep = "v: " + "[" * (safe_yaml.MAX_DEPTH + 5) + "1" + "]" * (safe_yaml.MAX_DEPTH + 5) + "\n"
    with pytest.raises(YamlFileError, match="nested more than"):
        load_yaml(deep, "x.yaml")
    very_deep = "[" * 100_000 + "]" * 100_000  # the parser's own limit, reported the same way
    with pytest.raises(YamlFileError, match=r"x.yaml, line 1"):
        load_yaml(very_deep, "x.yaml")


def test_small_aliases_still_work():
    data, _ = load_yaml("base: &b {unit: seconds, target: 360}\naht: *b\nasa: {<<: *b, target: 20}\n", "ok.yaml")
    assert data["aht"] == {"unit": "seconds", "target": 360} and data["asa"]["target"] == 20


def test_oversized_file_refused_before_reading(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("# " + "x" * safe_yaml.MAX_FILE_BYTES + "\n")
    with pytest.raises(YamlFileError, match="big.yaml: file is larger than"):
        safe_yaml.read_yaml(big)


def test_every_reader_refuses_the_bomb(tmp_path, monkeypatch):
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(alias_bomb(), encoding="utf-8")

    from bot.channels import ChannelConfigError, ChannelsConfig
    from metrics_adapter.catalog import load_catalog
    from assistant.people.directory import load_directory
    from assistant.base.config_files import ConfigFileError as MetricsConfigError  # catalog, directory, sources
    from metrics_adapter.sources.registry import load_routing
    from assistant.evaluation.golden_cases import load_golden

    def quick(fn, errors, name="bomb.yaml"):
        start = time.perf_counter()
        with pytest.raises(errors) as err:
            fn()
        assert time.perf_counter() - start < 1.0, fn
        assert f"{name}, line" in str(err.value) and "aliases expand" in str(err.value), str(err.value)

    quick(lambda: load_catalog(bomb), MetricsConfigError)
    monkeypatch.setenv("COPC_CONFIG", "")
    settings = load_settings(metrics={"directory_path": str(bomb), "sources_path": str(bomb)})
    quick(lambda: load_directory(settings), MetricsConfigError)
    catalog = load_catalog(ROOT / "config" / "catalog.yaml")
    quick(lambda: load_routing(settings, catalog, lambda: None), MetricsConfigError)
    quick(lambda: ChannelsConfig.load(bomb), ChannelConfigError)
    quick(lambda: load_golden(bomb), Exception)
    monkeypatch.setenv("COPC_CONFIG", str(bomb))
    quick(load_settings, ConfigError)
    kb = tmp_path / "kb"
    kb.mkdir()
    shutil.copy(ROOT / "knowledge" / "releases.yaml", kb)
    shutil.copy(bomb, kb / "concepts.yaml")
    quick(lambda: load_knowledge(kb), KnowledgeError, "concepts.yaml")


def test_missing_copc_config_is_an_error(monkeypatch, tmp_path):
    monkeypatch.setenv("COPC_CONFIG", str(tmp_path / "tpyo.yaml"))
    with pytest.raises(ConfigError, match="COPC_CONFIG: file not found"):
        load_settings()
    monkeypatch.setenv("COPC_CONFIG", "")
    assert load_settings().default_release == "CSP 5.1"
