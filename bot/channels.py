"""Per-channel configuration (YAML): answer mode, default language, whether KPIs are allowed."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from assistant.base.safe_yaml import YamlFileError, read_yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError


ESCALATE_TO = r"^[SCG][A-Z0-9]{5,20}$"


class ChannelConfigError(Exception):
    """The channel configuration file is missing or invalid; the message names file and field."""


class ChannelConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    mode: Literal["mention_only", "all_questions"] = "mention_only"
    language: Literal["en", "es"] | None = None
    allow_kpi: bool = True
    # Who helps when the bot is not enough ("Still need help?"): a user group (S...) mentioned
    # in the asker's thread, or a channel (C.../G...) the question is posted to. None = no button.
    escalate_to: str | None = Field(default=None, pattern=ESCALATE_TO)


class _Partial(BaseModel):
    """A channel entry overrides only the fields it names."""

    model_config = ConfigDict(extra="forbid")

    mode: Literal["mention_only", "all_questions"] | None = None
    language: Literal["en", "es"] | None = None
    allow_kpi: bool | None = None
    escalate_to: str | None = Field(default=None, pattern=ESCALATE_TO)


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")

    defaults: ChannelConfig = ChannelConfig()
    channels: dict[str, _Partial] = Field(default_factory=dict)


class ChannelsConfig:
    """Looks up the effective configuration of a channel (its own entry over the defaults)."""

    def __init__(self, defaults: ChannelConfig | None = None, channels: dict[str, ChannelConfig] | None = None):
        self.defaults = defaults or ChannelConfig()
        self._channels = channels or {}

    def for_channel(self, channel_id: str | None) -> ChannelConfig:
        return self._channels.get(channel_id or "", self.defaults)

    @classmethod
    def load(cls, path: Path | None) -> "ChannelsConfig":
        """Read ``path``; no file means defaults everywhere. Errors name the file and the field."""
        if path is None or not Path(path).exists():
            return cls()
        try:
            raw = read_yaml(Path(path), str(path))[0] or {}
        except YamlFileError as exc:  # bounded reader: size, alias bombs, nesting (assistant/safe_yaml.py)
            raise ChannelConfigError(str(exc)) from None
        if not isinstance(raw, dict):
            raise ChannelConfigError(f"{path}: expected a mapping with 'defaults' and 'channels'")
        try:
            parsed = _File.model_validate({k: v for k, v in raw.items()} | {"channels": raw.get("channels") or {}})
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
            )
            raise ChannelConfigError(f"{path}: {problems}") from None
        channels = {
            cid: parsed.defaults.model_copy(update=entry.model_dump(exclude_none=True))
            for cid, entry in parsed.channels.items()
        }
        # `language: null` in a channel entry cannot be told from "not given"; an explicit null
        # there means "follow the question" and is honoured from the raw mapping.
        for cid, entry in (raw.get("channels") or {}).items():
            if isinstance(entry, dict) and "language" in entry and entry["language"] is None:
                channels[cid] = channels[cid].model_copy(update={"language": None})
        return cls(parsed.defaults, channels)
