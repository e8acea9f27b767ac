"""The message catalogs: both languages complete and consistent, one lookup for every surface."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.base.messages import MessageCatalogError, load_catalogs, message, validate

ROOT = Path(__file__).resolve().parents[2]


def test_every_key_exists_in_both_languages_with_the_same_parameters():
    catalogs = load_catalogs()  # raises on any disagreement
    assert catalogs["en"].keys() == catalogs["es"].keys()
    assert len(catalogs["en"]) > 50


def test_validation_catches_a_missing_key_and_different_parameters():
    with pytest.raises(MessageCatalogError, match="'a.b' missing in es"):
        validate({"en": {"a.b": "x"}, "es": {}})
    with pytest.raises(MessageCatalogError, match="'a' has different parameters"):
        validate({"en": {"a": "{n} items"}, "es": {"a": "{count} ítems"}})


def test_catalog_files_with_a_gap_are_refused(tmp_path):
    (tmp_path / "en.yaml").write_text("bot:\n  hello: Hello {name}\n  bye: Bye\n", encoding="utf-8")
    (tmp_path / "es.yaml").write_text("bot:\n  hello: Hola {nombre}\n", encoding="utf-8")
    with pytest.raises(MessageCatalogError) as exc:
        load_catalogs(tmp_path)
    assert "'bot.bye' missing in es" in str(exc.value) and "'bot.hello' has different parameters" in str(exc.value)


def test_message_fills_parameters_and_falls_back_to_english():
    assert message("bot.quiz.question", "es", i=2, n=5) == "Pregunta 2/5"
    assert message("bot.quiz.question", "fr", i=2, n=5) == "Question 2/5"
    assert message("confidence.partly_confirmed", None) == "partly confirmed"


def test_message_refuses_unknown_keys_and_wrong_parameters():
    with pytest.raises(MessageCatalogError, match="Unknown message"):
        message("bot.no_such_key", "en")
    with pytest.raises(MessageCatalogError, match="takes"):
        message("bot.quiz.question", "en", i=1)


def test_every_catalog_key_is_used_somewhere():
    # A key nobody reads is a translation nobody sees; keys built at run time
    # (confidence.{level}, bot.{status}, ...) are matched by their prefix.
    code = "\n".join(p.read_text(encoding="utf-8") for d in ("assistant", "bot", "metrics_adapter")
                     for p in (ROOT / d).rglob("*.py"))
    dynamic = ("confidence.", "bot.met", "bot.missed", "bot.no_target", "bot.feedback_thanks_",
               "training.question.", "bot.home.")
    unused = [k for k in load_catalogs()["en"]
              if f"'{k}'" not in code and f'"{k}"' not in code and not k.startswith(dynamic)]
    assert not unused, unused


def test_one_jinja_environment_for_every_feature():
    # Answer templates must all get the same loader, StrictUndefined and blank-line clean-up.
    builders = [str(p.relative_to(ROOT)) for d in ("assistant", "bot", "metrics_adapter")
                for p in (ROOT / d).rglob("*.py")
                if any(s in p.read_text(encoding="utf-8") for s in ("Environment(", "FileSystemLoader(", "PackageLoader("))]
    assert builders == ["assistant/base/templates.py"], builders
