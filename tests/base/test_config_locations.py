"""Governed configuration files live in config/; the pre-config/ places still work for one release."""

from __future__ import annotations

import logging

import pytest

from assistant.base import settings as settings_module
from assistant.base.settings import PROJECT_ROOT, config_file, load_settings


@pytest.fixture(autouse=True)
def fresh_warnings(monkeypatch):
    # The warning is logged once per process; each test needs to see its own.
    monkeypatch.setattr(settings_module, "_warned", set())


def _warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


def test_defaults_are_the_files_in_config(monkeypatch, tmp_path, caplog):
    monkeypatch.setenv("COPC_CONFIG", "")  # no settings file
    s = load_settings()
    assert s.metrics.catalog_path == PROJECT_ROOT / "config" / "catalog.yaml"
    assert s.metrics.directory_path == PROJECT_ROOT / "config" / "directory.yaml"
    assert s.slack.channels_path == PROJECT_ROOT / "config" / "channels.yaml"
    assert all(p.is_file() for p in (s.metrics.catalog_path, s.metrics.directory_path, s.slack.channels_path))
    assert not _warnings(caplog)


def test_setting_naming_an_existing_old_location_uses_it_with_one_warning(monkeypatch, tmp_path, caplog):
    old = tmp_path / "metrics_adapter" / "catalog.yaml"
    old.parent.mkdir()
    old.write_text("metrics: {}\n", encoding="utf-8")
    monkeypatch.setenv("COPC_CONFIG", "")  # no settings file
    monkeypatch.setenv("COPC_METRICS__CATALOG_PATH", str(old))
    with caplog.at_level(logging.WARNING):
        assert load_settings().metrics.catalog_path == old
        assert load_settings().metrics.catalog_path == old
    (line,) = _warnings(caplog)
    assert str(old) in line and "config/catalog.yaml" in line


def test_setting_naming_the_old_location_after_the_move_reads_config(monkeypatch, tmp_path, caplog):
    # e.g. COPC_METRICS__CATALOG_PATH=metrics_adapter/catalog.yaml left over in a deployment.
    monkeypatch.setenv("COPC_CONFIG", "")  # no settings file
    monkeypatch.setenv("COPC_METRICS__CATALOG_PATH", str(PROJECT_ROOT / "metrics_adapter" / "catalog.yaml"))
    with caplog.at_level(logging.WARNING):
        assert load_settings().metrics.catalog_path == PROJECT_ROOT / "config" / "catalog.yaml"
    (line,) = _warnings(caplog)
    assert "old location" in line and "update the setting" in line


def test_operator_copy_left_in_the_old_folder_wins_over_the_default(tmp_path, caplog):
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "channels.yaml").write_text("defaults: {}\n", encoding="utf-8")
    (tmp_path / "bot").mkdir()
    (tmp_path / "bot" / "channels.yaml").write_text("defaults: {mode: all_questions}\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        chosen = config_file(tmp_path / "config" / "channels.yaml", root=tmp_path)
    assert chosen == tmp_path / "bot" / "channels.yaml"
    (line,) = _warnings(caplog)
    assert "move it to" in line and str(tmp_path / "config" / "channels.yaml") in line


def test_other_paths_are_left_alone(tmp_path, caplog):
    custom = tmp_path / "ops" / "channels.yaml"
    with caplog.at_level(logging.WARNING):
        assert config_file(custom, root=tmp_path) == custom
        assert config_file(tmp_path / "config" / "channels.yaml", root=tmp_path) == tmp_path / "config" / "channels.yaml"
    assert not _warnings(caplog)


def test_sources_file_is_optional_and_found_in_config(monkeypatch, tmp_path):
    monkeypatch.setenv("COPC_CONFIG", "")  # no settings file
    assert load_settings().metrics.sources_path is None  # the repository ships none
    monkeypatch.setattr(settings_module, "CONFIG_DIR", tmp_path)
    (tmp_path / "sources.yaml").write_text("sources: {}\n", encoding="utf-8")
    assert load_settings().metrics.sources_path == tmp_path / "sources.yaml"
