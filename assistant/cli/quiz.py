"""`copc quiz`: a refresher and an interactive quiz in the terminal (or the quiz as JSON)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, List, Optional

import typer

from assistant.base.messages import message

if TYPE_CHECKING:  # the CLI imports the core lazily, to start fast
    from assistant.base.answers import QuizQuestion


def register(app: typer.Typer) -> None:
    @app.command("quiz")
    def quiz(
        topic: Optional[List[str]] = typer.Argument(
            None, help='What to study: an item ("2.3"), a KPI ("AHT"), "kpis", a release ("CX 6.0"), a concept.'),
        lang: str = typer.Option(None, "--lang", help="en or es (default: the configured default language)."),
        release: Optional[str] = typer.Option(None, "--release", help='Release for item numbers, e.g. "CX 6.0".'),
        questions: int = typer.Option(5, "--questions", "-n", min=3, max=5, help="Number of questions (3-5)."),
        seed: Optional[int] = typer.Option(None, "--seed", min=0, max=2**31 - 1, help="Repeat a quiz exactly."),
        as_json: bool = typer.Option(False, "--json", help="Print the refresher and quiz as JSON and exit."),
        user: str = typer.Option("local", "--user", help="Whose progress the answers count for."),
    ) -> None:
        """Take a refresher and a 3-5 question quiz generated from the knowledge base."""
        # Imports stay inside the command so `copc --help` stays fast.
        from assistant.base.answers import NoAnswer, RefresherAnswer
        from assistant.base.settings import ConfigError, get_settings
        from assistant.knowledge.kb.loader import KnowledgeError, load_knowledge
        from assistant.base.store import Store

        from assistant.training.service import TrainingError, TrainingService

        try:
            settings = get_settings()
            language = (lang or settings.default_language).lower()
            if language not in ("en", "es"):
                raise typer.BadParameter("use en or es", param_hint="--lang")
            kb = load_knowledge(settings.knowledge_dir)
            service = TrainingService(settings, kb, Store(settings.resolved_store_url, timeout_seconds=settings.store_timeout_seconds))
            request = "quiz " + " ".join(topic or [])
            run = service.run(request.strip(), language=language, user=user, release=release, seed=seed, questions=questions)
        except (ConfigError, KnowledgeError, TrainingError) as exc:
            typer.secho(str(exc), fg=typer.colors.RED, err=True)
            raise typer.Exit(2 if isinstance(exc, TrainingError) else 1)

        answer = run.answer
        if as_json:
            out = answer.to_json()
            out["quiz_id"] = run.quiz_id
            out["seed"] = run.seed
            out["card"] = answer.card if isinstance(answer, RefresherAnswer) else None
            typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
            return
        typer.echo(answer.text)
        if not isinstance(answer, RefresherAnswer) or not answer.quiz:
            raise typer.Exit(1 if isinstance(answer, NoAnswer) else 0)
        _play(service, run.quiz_id, answer.quiz, answer.language, user)


def _pick(n: int, language: str) -> int:
    """Ask until the answer is one of the choice numbers; returns a 0-based index."""
    while True:
        raw = typer.prompt(message("cli.quiz.pick", language)).strip()
        if raw.isdigit() and 1 <= int(raw) <= n:
            return int(raw) - 1
        typer.echo(message("cli.quiz.range", language, n=n))


def _play(service, quiz_id: str | None, quiz: list[QuizQuestion], language: str, user: str) -> None:
    score = 0
    for i, q in enumerate(quiz):
        typer.echo("")
        typer.secho(message("cli.quiz.question", language, i=i + 1, n=len(quiz), question=q.question), bold=True)
        for j, choice in enumerate(q.choices):
            typer.echo(f"  {j + 1}) {choice}")
        picked = _pick(len(q.choices), language)
        if quiz_id is not None:
            grade = service.grade(quiz_id, i, picked, user)
            correct, right_index = grade.correct, grade.answer
        else:
            correct, right_index = picked == q.answer, q.answer
        score += int(correct)
        if correct:
            typer.secho(f"✔ {message('cli.quiz.right', language)}", fg=typer.colors.GREEN)
        else:
            wrong = message("cli.quiz.wrong", language, number=right_index + 1, choice=q.choices[right_index])
            typer.secho(f"✘ {wrong}", fg=typer.colors.RED)
        typer.echo(q.explanation)
        c = q.citation
        where = f"{c.item} " if c.item else ""
        release = f", {c.release}" if c.release else ""
        typer.echo(f"[{c.n}] {message('cli.quiz.source', language)}: {where}{c.title}{release} ({c.confidence}) — {c.source}")
    pct = round(100 * score / len(quiz))
    typer.echo("")
    typer.secho(message("cli.quiz.score", language, score=score, total=len(quiz), pct=pct), bold=True)
