"""Block Kit messages built with slack_sdk's block models (pure functions, no Slack calls).

Every builder returns a :class:`SlackMessage` that already respects Slack's limits: at most
50 blocks, at most 3,000 characters per text object, and a plain-text ``text`` fallback.
"""

from bot.blocks.answer import (
    ESCALATE_ACTION,
    FEEDBACK_ACTION_DOWN,
    FEEDBACK_ACTION_UP,
    FEEDBACK_BLOCK_ID,
    MAX_BLOCKS,
    SHOW_TREND_ACTION,
    SlackMessage,
    answer_message,
    apology_message,
    feedback_block,
    kpi_card,
    sources_block,
)
from bot.blocks.home import home_view

__all__ = [
    "ESCALATE_ACTION",
    "FEEDBACK_ACTION_DOWN",
    "FEEDBACK_ACTION_UP",
    "FEEDBACK_BLOCK_ID",
    "MAX_BLOCKS",
    "SHOW_TREND_ACTION",
    "SlackMessage",
    "answer_message",
    "apology_message",
    "feedback_block",
    "home_view",
    "kpi_card",
    "sources_block",
]
