"""Fixtures shared by the whole suite.

``core_settings`` / ``assistant`` give every test module the same real Assistant (real model,
real chromadb in a temporary folder, the shipped knowledge base), built once per session because
loading the model and building the index costs seconds on a 2-core machine.
"""

from __future__ import annotations

import pytest

from assistant.base.settings import load_settings


@pytest.fixture(scope="session")
def core_data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("copc-var")


@pytest.fixture(scope="session")
def core_settings(core_data_dir):
    return load_settings(data_dir=core_data_dir)


@pytest.fixture(scope="session")
def assistant(core_settings):
    from assistant.composition.assistant import Assistant

    a = Assistant(core_settings)
    a.warm_up()
    return a
