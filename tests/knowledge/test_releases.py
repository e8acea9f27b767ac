"""Release phrases and item numbers are read exactly: 2.10 is never 2.1, 6.0 is a release."""

import pytest

from assistant.base.settings import load_settings
from assistant.knowledge.kb.loader import load_knowledge
from assistant.knowledge.releases import ReleaseResolver, item_numbers


@pytest.fixture(scope="module")
def resolver():
    kb = load_knowledge(load_settings().knowledge_dir)
    return ReleaseResolver(kb.releases)


@pytest.mark.parametrize(
    "question, release, numbers",
    [
        ("what does 2.3 require in CX 6.0", "CX 6.0", ["2.3"]),
        ("versión 6.0 ítem 2.3", "CX 6.0", ["2.3"]),
        ("release 5.1 item 1.2", "CSP 5.1", ["1.2"]),
        ("R7 2.3", "CX 7.0 CC", ["2.3"]),
        ("2.3 for Customer Operations", "CX 7.0 CO", ["2.3"]),
        ("cx 7.0 for customer operations item 2.3", "CX 7.0 CO", ["2.3"]),
        ("que pide el 2.3 en la norma 5.1", "CSP 5.1", ["2.3"]),
        ("2.3 en la 6.0a", "CX 6.0", ["2.3"]),
        ("item 2.3 in 4.x", "CSP 4.x", ["2.3"]),
        ("csp 5.2 2.4", "CSP 5.2", ["2.4"]),
        ("item 2.10", None, ["2.10"]),
        ("2.1", None, ["2.1"]),
        ("what is 4.3", None, ["4.3"]),
        ("compare 2.1 and 2.10", None, ["2.1", "2.10"]),
        ("GMD B.2", "GMD 5.0a", ["B.2"]),
        ("is an AHT of 4.5 minutes good?", None, []),
        ("we are at 80.5% service level", None, []),
    ],
)
def test_release_and_numbers(resolver, question, release, numbers):
    mention, remaining = resolver.find(question)
    assert (mention.release if mention else None) == release
    assert item_numbers(remaining, question) == numbers


@pytest.mark.parametrize("phrase, expected", [
    ("CX 6.0", "CX 6.0"), ("6.0", "CX 6.0"), ("5.1", "CSP 5.1"), ("csp 5.1", "CSP 5.1"),
    ("R7", "CX 7.0 CC"), ("customer operations edition", "CX 7.0 CO"), ("release 9.9", None),
])
def test_resolve_flag(resolver, phrase, expected):
    assert resolver.resolve(phrase) == expected
