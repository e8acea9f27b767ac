"""An independent check of one generated question against the knowledge base.

It does not reuse the generators: for each question kind it re-derives the right answer from the
cited entry's fields and checks that every other choice is really wrong. Returns a list of
problems (empty = the question is sound).
"""

from __future__ import annotations

import re
import unicodedata

from assistant.knowledge.kb.loader import KnowledgeBase

ADEQUATE = {"confirmed", "partly_confirmed"}
TRUE_FALSE = {"en": ["True", "False"], "es": ["Verdadero", "Falso"]}


def norm(text: str) -> str:
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[^\w%]+", " ", text.casefold()).strip()


def _title(e, lang):
    return e.version(lang).title


# Function words an acronym may skip ("Guía para la Mejora del Desempeño" = GMD).
_FUNCTION_WORDS = set(
    "a an and the of for to in on by with at or de del la las el los y e o en para por con al un una".split()
)


def spelled_by_initials(abbr: str, expansion: str) -> bool:
    """Whether ``abbr`` is the expansion's initials (a word may give its first 1-3 letters).

    Written as a regular expression over the words, independently of the generator's matcher.
    """
    abbr = re.sub(r"(?<=[A-Z])s$", "", abbr)  # plural "KCRPs"
    words = norm(expansion).split()
    if len(words) < 2:
        return False
    parts = []
    for w in words:
        if w in _FUNCTION_WORDS:
            parts.append(f"(?:{re.escape(w[0])})?")
        else:
            parts.append(re.escape(w[0]) + "".join(f"(?:{re.escape(c)}" for c in w[1:3]) + ")?" * len(w[1:3]))
    return re.fullmatch("".join(parts), norm(abbr).replace(" ", "")) is not None


def _doubted(e, abbr: str, language: str) -> bool:
    """The entry's own caveats say the acronym's expansion (or the language's term) is a guess."""
    clauses = re.split(r"[.;]\s+", e.provenance.note or "")
    clauses += [p for v in (e.en, e.es) if v for p in v.key_points]
    lang_word = "spanish" if language == "es" else "english"
    for c in clauses:
        low = norm(c)
        if not re.search(r"inferred|inferid|not confirmed|unconfirmed|sin confirmar", low):
            continue
        if ("expansion" in low or "acronym" in low or "sigla" in low) and (norm(abbr) in low.split() or not re.search(r"\b[A-Z]{2,}\b", c) or "expansion '" in c.lower() or "expansión '" in c.lower()):
            return True
        if lang_word in low and re.search(r"\b(term|name|title|termino|nombre|titulo)s?\b", low):
            return True
    return False


_NOT_TELLING = {"copc", "standard", "standards", "norma", "normas", "release", "version", "item", "items", "category", "categoria"}


def _root(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def gives_answer_away(definition: str, answer: str) -> list[str]:
    """Words of the answer that the quoted definition still shows (in some form)."""
    shown = {_root(w) for w in norm(definition).split()}
    return [w for w in norm(answer).split()
            if len(w) >= 4 and w not in _FUNCTION_WORDS and _root(w) not in _NOT_TELLING and _root(w) in shown]


def _quoted(prompt: str) -> str:
    m = re.search(r"“(.+)”", prompt)
    assert m, prompt
    return m.group(1)


def check_question(kb: KnowledgeBase, q: dict, language: str, release_of_request: str | None = None) -> list[str]:
    problems: list[str] = []
    choices, answer = q["choices"], q["answer"]
    if not (isinstance(answer, int) and 0 <= answer < len(choices)):
        return [f"answer index {answer} out of range"]
    if len(choices) < 2:
        problems.append("fewer than two choices")
    if len({norm(c) for c in choices}) != len(choices):
        problems.append(f"duplicate choices {choices}")
    if not q.get("explanation"):
        problems.append("no explanation")
    cit = q["citation"]
    e = kb.entries.get(cit["id"])
    if e is None:
        return problems + [f"cited id {cit['id']} does not exist"]
    if cit["language"] != language or not e.has_language(language):
        problems.append(f"citation language {cit['language']} != {language}")
    if cit["title"] != _title(e, language):
        problems.append("citation title is not the entry's title")
    # Language of the question itself.
    spanish = "¿" in q["question"] or q["question"].startswith("En la ")
    if spanish != (language == "es"):
        problems.append(f"question not in {language}: {q['question']}")
    kind, right = q["kind"], choices[answer]
    prompt = q["question"]

    if kind in ("item_title", "item_number", "item_covers", "item_category", "item_release", "tf_item_title"):
        if e.kind != "item":
            return problems + ["item question cites a non-item"]
        if (e.title_confidence or e.confidence) not in ADEQUATE:
            problems.append(f"quizzes an {e.title_confidence or e.confidence} title")
        same_release = [o for o in kb.items() if o.release == e.release and o.id != e.id and o.has_language(language)]
        if kind == "item_title":
            if right != _title(e, language) or e.item not in prompt or e.release not in prompt:
                problems.append("correct choice is not the cited item's title")
            for c in choices:
                if c != right and not any(_title(o, language) == c for o in same_release):
                    problems.append(f"distractor {c!r} is not another title of {e.release}")
        elif kind == "item_number":
            if right != e.item or _title(e, language) not in prompt:
                problems.append("correct choice is not the cited item's number")
            for c in choices:
                other = kb.item(e.release, c)
                if c != right and (other is None or norm(_title(other, language)) == norm(_title(e, language))):
                    problems.append(f"distractor number {c} is not a different item of {e.release}")
        elif kind == "item_covers":
            point = _quoted(prompt)
            if e.confidence not in ADEQUATE:
                problems.append("quizzes inferred key points")
            if not any(p.rstrip(".") == point for p in e.version(language).key_points):
                problems.append("quoted point is not a key point of the cited item")
            if right != _title(e, language):
                problems.append("correct choice is not the cited item's title")
            for c in choices:
                if c == right:
                    continue
                owners = [o for o in same_release if _title(o, language) == c]
                if not owners:
                    problems.append(f"distractor {c!r} is not a title of {e.release}")
                elif any(point in [p.rstrip(".") for p in o.version(language).key_points] for o in owners):
                    problems.append(f"distractor {c!r} also has the point")
        elif kind == "item_category":
            cats = [c for c in kb.by_kind("category") if c.category == e.category and c.release in (e.release, None)]
            own = [c for c in cats if c.release == e.release] or cats
            if not own or right != _title(own[0], language):
                problems.append("correct choice is not the item's category")
            if sum(1 for c in choices if any(_title(k, language) == c for k in own)) != 1:
                problems.append("more than one choice names the item's category")
        elif kind == "item_release":
            if right != e.release or e.item not in prompt or _title(e, language) not in prompt:
                problems.append("correct choice is not the cited item's release")
            for c in choices:
                if c == right:
                    continue
                other = kb.item(c, e.item)
                if other is None:
                    problems.append(f"release {c} has no item {e.item}: cannot be judged wrong")
                elif norm(_title(other, language)) == norm(_title(e, language)):
                    problems.append(f"release {c} gives {e.item} the same title: two right answers")
        else:  # tf_item_title
            if choices != TRUE_FALSE[language]:
                problems.append(f"true/false choices are {choices}")
            shown = _quoted(prompt)
            truth = norm(shown) == norm(_title(e, language))
            if (answer == 0) != truth:
                problems.append("true/false answer disagrees with the item's title")
    elif kind == "acronym":
        if e.confidence not in ADEQUATE:
            problems.append("quizzes an inferred entry")
        m = re.search(r"What does (\S+) stand for\?|sigla (\S+)\?", prompt)
        abbr = m.group(1) or m.group(2)
        version = e.version(language)
        if abbr not in version.title and abbr not in version.aliases:
            problems.append(f"{abbr} does not name the cited entry")
        if norm(right) not in norm(version.title):
            problems.append("correct expansion is not the cited entry's title")
        if not spelled_by_initials(abbr, right):
            problems.append(f"{abbr} is not spelled by the initials of {right!r}")
        if _doubted(e, abbr, language):
            problems.append(f"the knowledge base marks what {abbr} stands for in {language} as inferred")
        for c in choices:
            if c == right:
                continue
            owners = [o for o in kb.by_kind(e.kind) if o.has_language(language) and norm(o.version(language).title).startswith(norm(c))]
            if not owners:
                problems.append(f"distractor {c!r} is not another {e.kind}")
            for o in owners:
                names = {norm(a) for v in (o.en, o.es) if v for a in [v.title, *v.aliases]}
                if norm(abbr) in names or norm(abbr) in norm(o.version(language).title).split():
                    problems.append(f"distractor {c!r} is also called {abbr}")
    elif kind in ("kpi_formula", "kpi_from_formula"):
        if e.kind != "kpi" or e.confidence not in ADEQUATE:
            problems.append("formula question on a non-KPI or inferred KPI")
        formula = e.version(language).formula or ""
        if kind == "kpi_formula":
            if not formula.startswith(right.rstrip("…")) or _title(e, language) not in prompt:
                problems.append("correct formula is not the cited KPI's")
            for c in choices:
                if c != right and formula.startswith(c.rstrip("…")):
                    problems.append("a distractor is the cited KPI's formula too")
        else:
            if right != _title(e, language):
                problems.append("correct KPI is not the cited one")
            for c in choices:
                if c == right:
                    continue
                others = [o for o in kb.by_kind("kpi") if o.has_language(language) and _title(o, language) == c]
                if not others:
                    problems.append(f"distractor {c!r} is not a KPI")
    elif kind == "definition":
        if e.confidence not in ADEQUATE:
            problems.append("quizzes an inferred definition")
        quoted = _quoted(prompt)
        summary = " ".join((e.version(language).summary or "").split())
        pattern = re.escape(quoted.rstrip("…")).replace("…", ".+?").replace(re.escape("…"), ".+?")
        if not re.match(pattern, summary):
            problems.append("quoted definition is not the cited entry's summary")
        if right != _title(e, language):
            problems.append("correct choice is not the cited entry's title")
        leaks = gives_answer_away(quoted, right)
        if leaks:
            problems.append(f"the quoted definition gives the answer away: {leaks}")
        for c in choices:
            if c != right and not any(_title(o, language) == c for o in kb.by_kind(e.kind) if o.id != e.id and o.has_language(language)):
                problems.append(f"distractor {c!r} is not another {e.kind}")
    elif kind == "tf_term":
        if choices != TRUE_FALSE[language]:
            problems.append(f"true/false choices are {choices}")
        if e.confidence not in ADEQUATE:
            problems.append("quizzes inferred key points")
        statement = re.sub(r"^(True or false\? |¿Verdadero o falso\? )", "", prompt).rstrip(".")
        points = [p.strip().rstrip(".") for p in e.version(language).key_points]
        truth = statement in points
        if (answer == 0) != truth:
            problems.append(f"true/false answer disagrees with the key points: {statement!r}")
        term = statement.split(":", 1)[0]
        if not any(p.startswith(term + ":") for p in points):
            problems.append("the statement's term is not defined by the entry")
    else:
        problems.append(f"unknown kind {kind}")
    return problems
