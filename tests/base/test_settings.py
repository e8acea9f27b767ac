"""Configuration: one typed place, clear errors for wrong values."""

import pytest

from assistant.base.settings import ConfigError, load_settings


def test_defaults_are_embedded(monkeypatch, tmp_path):
    monkeypatch.setenv("COPC_CONFIG", "")  # no settings file
    s = load_settings()
    assert s.default_release == "CSP 5.1"
    assert s.metrics.database_url is None
    assert s.resolved_store_url.startswith("sqlite:///")


def test_yaml_file_and_env_override(monkeypatch, tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("default_release: 'CX 6.0'\nsearch:\n  top_k: 7\n")
    monkeypatch.setenv("COPC_CONFIG", str(cfg))
    assert load_settings().default_release == "CX 6.0"
    monkeypatch.setenv("COPC_SEARCH__TOP_K", "3")
    assert load_settings().search.top_k == 3


def test_wrong_value_names_the_setting(monkeypatch, tmp_path):
    monkeypatch.setenv("COPC_CONFIG", "")  # no settings file
    monkeypatch.setenv("COPC_SEARCH__TOP_K", "zero")
    with pytest.raises(ConfigError, match="search.top_k"):
        load_settings()


def test_broken_yaml_is_a_config_error(monkeypatch, tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("default_release: [unclosed\n")
    monkeypatch.setenv("COPC_CONFIG", str(cfg))
    with pytest.raises(ConfigError):
        load_settings()


def test_slack_variables_fill_slack_section(monkeypatch, tmp_path):
    monkeypatch.setenv("COPC_CONFIG", "")  # no settings file
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api/")
    assert load_settings().slack.api_url == "http://127.0.0.1:9/api/"
