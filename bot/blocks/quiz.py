"""Hook looked up by bot.blocks.answer for quiz blocks; the builders live in bot.blocks_training."""

from bot.blocks_training import quiz_blocks

__all__ = ["quiz_blocks"]
