"""Pure text formatting for Slack: Markdown to Slack mrkdwn, and splitting long text.

Kept free of Slack clients so it can be tested alone. Citation markers such as ``[1]`` are plain
text to Slack and are left untouched (they are never split, never turned into links).
"""

from __future__ import annotations

import re

# Slack's limit for one text object in a section block.
SECTION_TEXT_LIMIT = 3000

_FENCE = re.compile(r"```.*?```", re.S)
_INLINE_CODE = re.compile(r"`[^`\n]+`")
_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^)\s]+)\)")
_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", re.M)
_BULLET = re.compile(r"^(\s*)[-*+]\s+", re.M)
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")


def escape(text: str) -> str:
    """Escape the three characters Slack treats as control characters in mrkdwn."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markdown_to_mrkdwn(text: str) -> str:
    """Convert the Markdown the answering core writes into Slack mrkdwn.

    The core already writes mostly Slack-style text (``*bold*``, ``•`` bullets), so a single
    ``*x*`` is kept as Slack bold; Markdown's ``**bold**``/``__bold__``, headings, strike-through,
    ``-`` bullets and [text](url) links are converted. Code spans and fenced blocks pass through
    verbatim (escaped only). Unknown syntax is left as text.
    """
    # Protect code first so nothing inside it is rewritten.
    protected: list[str] = []

    def _stash(match: re.Match[str]) -> str:
        protected.append(escape(match.group(0)))
        return f"\x00{len(protected) - 1}\x00"

    text = _FENCE.sub(_stash, text)
    text = _INLINE_CODE.sub(_stash, text)

    links: list[str] = []

    def _link(match: re.Match[str]) -> str:
        label, url = match.group(1), match.group(2)
        links.append(f"<{url}|{escape(label).replace('|', '¦')}>")
        return f"\x01{len(links) - 1}\x01"

    text = _LINK.sub(_link, text)
    text = escape(text)
    text = _BOLD.sub(r"*\2*", text)
    text = _STRIKE.sub(r"~\1~", text)
    text = _HEADING.sub(r"*\1*", text)
    text = _BULLET.sub(lambda m: f"{m.group(1)}• ", text)
    text = re.sub(r"\x01(\d+)\x01", lambda m: links[int(m.group(1))], text)
    text = re.sub(r"\x00(\d+)\x00", lambda m: protected[int(m.group(1))], text)
    return text


def mrkdwn_to_plain(text: str) -> str:
    """A readable plain-text version (notifications, the message ``text`` fallback)."""
    text = re.sub(r"<(https?://[^|>]+)\|([^>]+)>", r"\2 (\1)", text)
    text = re.sub(r"(?<!\w)[*_~](?=\S)(.+?)(?<=\S)[*_~](?!\w)", r"\1", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


# Boundaries to split at, best first: paragraph, line, sentence end, clause, word.
_BOUNDARIES = (
    re.compile(r"\n\s*\n"),
    re.compile(r"\n"),
    re.compile(r"(?<=[.!?…])[\"')\]]*\s+"),
    re.compile(r"(?<=[;:,])\s+"),
    re.compile(r"\s+"),
)


def _cut_point(text: str, limit: int) -> tuple[int, int]:
    """(end of this chunk, start of the next) for ``text`` longer than ``limit``."""
    window = text[: limit + 1]
    for pattern in _BOUNDARIES:
        best: re.Match[str] | None = None
        for match in pattern.finditer(window):
            if match.start() > limit:
                break
            if match.start() > 0:
                best = match
        # Only accept a boundary that keeps chunks reasonably full; otherwise try a finer one.
        if best is not None and best.start() >= limit // 3:
            return best.start(), best.end()
    return limit, limit  # one unbroken run of characters: hard cut


def split_text(text: str, limit: int = SECTION_TEXT_LIMIT) -> list[str]:
    """Split ``text`` into chunks of at most ``limit`` characters.

    Prefers paragraph, then line, then sentence, then word boundaries, so a citation marker like
    ``[12]`` (no whitespace inside) is never cut in half. Whitespace at the cuts is dropped.
    """
    if limit < 10:
        raise ValueError("limit must be at least 10 characters")
    chunks: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        end, start = _cut_point(rest, limit)
        chunk = rest[:end].rstrip()
        if chunk:
            chunks.append(chunk)
        rest = rest[start:].lstrip()
    if rest:
        chunks.append(rest)
    return chunks


def truncate(text: str, limit: int, ellipsis: str = "…") -> str:
    """Cut ``text`` to ``limit`` characters at a word boundary, marking the cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ellipsis)]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + ellipsis


_USER_MENTION = re.compile(r"<@[UWB][A-Z0-9]+(?:\|[^>]*)?>")
_SPECIAL = re.compile(r"<!(?:here|channel|everyone)(?:\|[^>]*)?>")
_SLACK_LINK = re.compile(r"<((?:https?|mailto):[^|>]+)(?:\|([^>]+))?>")
_CHANNEL_LINK = re.compile(r"<#[A-Z0-9]+(?:\|([^>]*))?>")


def question_from_slack(text: str) -> str:
    """The question a user typed, from Slack's message markup.

    Drops user mentions (the bot's and others') and @here/@channel, turns links and channel
    references back into their labels and undoes Slack's escaping.
    """
    text = _USER_MENTION.sub(" ", text or "")
    text = _SPECIAL.sub(" ", text)
    text = _SLACK_LINK.sub(lambda m: m.group(2) or m.group(1), text)
    text = _CHANNEL_LINK.sub(lambda m: f"#{m.group(1)}" if m.group(1) else "", text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return re.sub(r"[ \t]+", " ", text).strip()
