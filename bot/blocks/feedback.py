"""The 👎 reason modal and its thank-you view (Block Kit views for views.open / response_action)."""

from __future__ import annotations

import json
from typing import Any

from assistant.base.messages import message
from assistant.feedback.records import COMMENT_CHARS, REASONS
from assistant.feedback.report_render import reason_label

REASON_CALLBACK = "copc_feedback_reason"
REASON_BLOCK, REASON_ACTION = "reason", "reason_choice"
COMMENT_BLOCK, COMMENT_ACTION = "comment", "comment_text"


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text[:150], "emoji": True}


def reason_modal(answer_id: str, language: str) -> dict[str, Any]:
    """Radio buttons for the reason (required) and an optional comment; the answer id and language
    travel in private_metadata so the submission needs no lookup to reply in the right language."""
    options = [{"text": _plain(reason_label(r, language)), "value": r} for r in REASONS]
    return {
        "type": "modal",
        "callback_id": REASON_CALLBACK,
        "private_metadata": json.dumps({"answer": answer_id, "lang": language}),
        "title": _plain(message("feedback.modal_title", language)[:24]),
        "submit": _plain(message("feedback.modal_submit", language)),
        "blocks": [
            {"type": "input", "block_id": REASON_BLOCK, "label": _plain(message("feedback.modal_reason", language)),
             "element": {"type": "radio_buttons", "action_id": REASON_ACTION, "options": options}},
            {"type": "input", "block_id": COMMENT_BLOCK, "optional": True,
             "label": _plain(message("feedback.modal_comment", language)),
             "element": {"type": "plain_text_input", "action_id": COMMENT_ACTION, "multiline": True,
                         "max_length": COMMENT_CHARS}},
        ],
    }


def thanks_view(language: str) -> dict[str, Any]:
    return {
        "type": "modal",
        "title": _plain(message("feedback.modal_title", language)[:24]),
        "close": _plain("OK"),
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": message("feedback.modal_thanks", language)}}],
    }


def submitted_reason(view: dict[str, Any]) -> tuple[str, str, str | None, str]:
    """(answer id, reason, comment, language) from a view_submission's view."""
    meta = json.loads(view.get("private_metadata") or "{}")
    values = (view.get("state") or {}).get("values") or {}
    reason = ((values.get(REASON_BLOCK) or {}).get(REASON_ACTION) or {}).get("selected_option") or {}
    comment = ((values.get(COMMENT_BLOCK) or {}).get(COMMENT_ACTION) or {}).get("value")
    return meta.get("answer", ""), reason.get("value", ""), comment, meta.get("lang") or "en"
