"""bot.formatting: Markdown -> Slack mrkdwn and splitting at natural boundaries."""

import re

import pytest

from bot.formatting import markdown_to_mrkdwn, mrkdwn_to_plain, split_text, truncate


@pytest.mark.parametrize(
    ("markdown", "mrkdwn"),
    [
        ("**bold** and _italic_", "*bold* and _italic_"),
        ("*Item 2.3 — Title* (CSP 5.1)", "*Item 2.3 — Title* (CSP 5.1)"),  # the core's Slack-style bold
        ("• already a bullet", "• already a bullet"),
        ("__bold__", "*bold*"),
        ("## Heading", "*Heading*"),
        ("- one\n- two", "• one\n• two"),
        ("* one", "• one"),
        ("see [COPC](https://copc.com/x)", "see <https://copc.com/x|COPC>"),
        ("a < b & c > d", "a &lt; b &amp; c &gt; d"),
        ("~~old~~ new", "~old~ new"),
        ("keeps citations [1][2].", "keeps citations [1][2]."),
        ("`**not bold**`", "`**not bold**`"),
        ("```\n# not a heading\n```", "```\n# not a heading\n```"),
        ("3 * 4 * 5", "3 * 4 * 5"),
    ],
)
def test_markdown_to_mrkdwn(markdown, mrkdwn):
    assert markdown_to_mrkdwn(markdown) == mrkdwn


def test_plain_fallback_removes_markup():
    assert mrkdwn_to_plain("*Bold* _it_ <https://x.org|site> &amp;") == "Bold it site (https://x.org) &"


def test_short_text_is_one_chunk():
    assert split_text("hello world") == ["hello world"]


def test_split_prefers_paragraphs():
    paragraphs = [("Paragraph %d. " % i) + "word " * 150 for i in range(6)]
    text = "\n\n".join(p.strip() for p in paragraphs)
    chunks = split_text(text, 2000)
    assert all(len(c) <= 2000 for c in chunks)
    # every chunk starts at the beginning of a paragraph
    assert all(c.startswith("Paragraph") for c in chunks)
    assert " ".join(chunks).split() == text.split()


def test_split_at_sentences_inside_a_long_paragraph():
    sentence = "The service level is measured every interval [3]. "
    text = sentence * 200  # one 10,000-character paragraph
    chunks = split_text(text)
    assert len(chunks) == 4
    assert all(len(c) <= 3000 for c in chunks)
    assert all(c.endswith("[3].") for c in chunks)


def test_citation_markers_never_cut():
    text = " ".join(f"claim[{i}]" for i in range(2000))
    chunks = split_text(text, 500)
    for chunk in chunks:
        assert len(chunk) <= 500
        assert re.fullmatch(r"(claim\[\d+\] ?)+", chunk)
    assert " ".join(chunks) == text


def test_unbroken_run_is_hard_cut():
    chunks = split_text("x" * 7000)
    assert [len(c) for c in chunks] == [3000, 3000, 1000]


def test_truncate_marks_the_cut():
    out = truncate("word " * 100, 50)
    assert len(out) <= 50 and out.endswith("…")
    assert truncate("short", 50) == "short"
