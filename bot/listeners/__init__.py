"""One module per Slack surface, each exposing ``register(app, ctx)``."""

from __future__ import annotations

import importlib
import logging

from slack_bolt import App

from bot.context import BotContext
from bot.listeners import actions, commands, home, mentions, messages

log = logging.getLogger(__name__)


def register_listeners(app: App, ctx: BotContext) -> None:
    for module in (mentions, messages, commands, actions, home):
        module.register(app, ctx)
    # Refresher/quiz interactions are written by the training part; optional until it lands.
    try:
        training = importlib.import_module("bot.listeners.training")
    except ModuleNotFoundError as exc:
        if exc.name != "bot.listeners.training":
            raise  # the module exists but is broken: fail at start, not silently
        log.info("training listeners not installed (bot/listeners/training.py absent)")
        return
    training.register(app, ctx)
