"""Release phrases generated from releases.yaml beyond its literal aliases (issue 11, class 2)."""

import pytest

from assistant.knowledge.kb.loader import load_knowledge
from assistant.knowledge.releases import ReleaseResolver


@pytest.fixture(scope="module")
def resolver():
    from assistant.base.settings import get_settings

    return ReleaseResolver(load_knowledge(get_settings().knowledge_dir).releases)


@pytest.mark.parametrize("question, release", [
    ("2.3 in the old 4.x standard", "CSP 4.x"),
    ("R4 item 2.2", "CSP 4.x"),
    ("item 1.5 in the VMO standard", "VMO 5.1"),
    ("1.5 del VMO", "VMO 5.1"),
    ("2.3 7.0 customer operations", "CX 7.0 CO"),
    ("2.3 customer operations 7.0", "CX 7.0 CO"),
    ("2.3 in the 7.0 for customer operations", "CX 7.0 CO"),
    ("2.3 en la 7 para contact centers", "CX 7.0 CC"),
    ("2.3 in 6.0 edition", "CX 6.0"),
    ("qué pide el 2.3 en la versión vieja 4.x", "CSP 4.x"),
])
def test_release_named_in_other_words(resolver, question, release):
    mention, _ = resolver.find(question)
    assert mention is not None and mention.release == release


def test_copc_expansion_is_not_an_edition(resolver):
    mention, _ = resolver.find("what does COPC stand for? Customer Operations Performance Center?")
    assert mention is None
