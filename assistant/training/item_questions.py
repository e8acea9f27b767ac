"""Quiz questions about numbered items: title, number, what it covers, category, release, true/false."""

from __future__ import annotations

import re

from assistant.knowledge.kb.schema import Entry
from assistant.training import facts
from assistant.training.facts import content_ok, fold, similarity, title_ok
from assistant.training.generator import MAX_CHOICE_SIMILARITY, Ctx, Question, _multiple_choice, _summary_tail, _true_false, text


def _same_release_items(ctx: Ctx, entry: Entry) -> list[Entry]:
    return [e for e in facts.release_items(ctx.kb, entry.release or "", ctx.language) if e.id != entry.id]


def _unique_title_in_release(ctx: Ctx, entry: Entry) -> bool:
    mine = facts.title(entry, ctx.language)
    return all(similarity(facts.title(e, ctx.language), mine) < MAX_CHOICE_SIMILARITY for e in _same_release_items(ctx, entry))


def item_title(ctx: Ctx, e: Entry) -> Question | None:
    if e.kind != "item" or not (title_ok(e) and e.has_language(ctx.language)):
        return None
    lang, t = ctx.language, facts.title(e, ctx.language)
    pool = [facts.title(o, lang) for o in _same_release_items(ctx, e)]
    return _multiple_choice(
        ctx, "item_title", e, text(lang, "item_title", release=e.release, item=e.item), t, pool,
        text(lang, "x_item_title", release=e.release, item=e.item, title=t) + _summary_tail(e, lang),
    )


def item_number(ctx: Ctx, e: Entry) -> Question | None:
    if e.kind != "item" or not (title_ok(e) and e.has_language(ctx.language)) or not _unique_title_in_release(ctx, e):
        return None
    lang, t = ctx.language, facts.title(e, ctx.language)
    pool = [o.item for o in _same_release_items(ctx, e) if o.item]
    return _multiple_choice(
        ctx, "item_number", e, text(lang, "item_number", release=e.release, title=t), e.item or "", pool,
        text(lang, "x_item_number", release=e.release, item=e.item, title=t), max_similarity=1.01,
    )


def item_covers(ctx: Ctx, e: Entry) -> Question | None:
    """A key point of the item; the choices are titles of the same release."""
    if e.kind != "item" or not (content_ok(e) and title_ok(e) and e.has_language(ctx.language)):
        return None
    lang = ctx.language
    points = [p for p in e.version(lang).key_points if 20 <= len(p) <= 220 and not re.search(r"\bitem\b|\bítem\b", p, re.I)]
    if not points:
        return None
    point = ctx.rng.choice(points).rstrip(".")
    others = _same_release_items(ctx, e)
    # A title echoed in the point would give the answer away, or point at another item.
    if any(facts.contains_phrase(fold(point), facts.title(o, lang)) for o in others):
        return None
    t = facts.title(e, lang)
    return _multiple_choice(
        ctx, "item_covers", e, text(lang, "item_covers", release=e.release, point=point), t,
        [facts.title(o, lang) for o in others],
        text(lang, "x_item_covers", release=e.release, item=e.item, title=t) + _summary_tail(e, lang),
    )


def item_category(ctx: Ctx, e: Entry) -> Question | None:
    if e.kind != "item" or not (title_ok(e) and e.has_language(ctx.language)):
        return None
    cat = facts.category_entry(ctx.kb, e)
    if cat is None or not title_ok(cat) or not cat.has_language(ctx.language):
        return None
    lang = ctx.language
    cats = [c for c in facts.release_categories(ctx.kb, cat.release) if title_ok(c) and c.has_language(lang) and c.id != cat.id]
    correct = facts.title(cat, lang)
    t = facts.title(e, lang)
    return _multiple_choice(
        ctx, "item_category", e, text(lang, "item_category", release=e.release, item=e.item, title=t), correct,
        [facts.title(c, lang) for c in cats],
        text(lang, "x_item_category", release=e.release, item=e.item, title=t, number=cat.category or "", category=correct),
    )


def _numbered_elsewhere(ctx: Ctx, e: Entry) -> list[Entry]:
    """The same item number in other numbered releases, where its title is known well enough."""
    return [
        o for o in ctx.kb.items_numbered(e.item or "")
        if o.id != e.id and o.release != e.release and title_ok(o) and o.has_language(ctx.language)
        and ctx.kb.releases.get(o.release or "") is not None and ctx.kb.releases[o.release or ""].numbered
    ]


def item_release(ctx: Ctx, e: Entry) -> Question | None:
    """Which release gives item number N this meaning (2.3 is not the same item everywhere)."""
    if e.kind != "item" or not (title_ok(e) and e.has_language(ctx.language)):
        return None
    lang, t = ctx.language, facts.title(e, ctx.language)
    others = _numbered_elsewhere(ctx, e)
    if any(similarity(facts.title(o, lang), t) >= MAX_CHOICE_SIMILARITY for o in others):
        return None  # another release gives the number the same meaning: two right answers
    if len({o.release for o in others}) < 2:
        return None
    listing = "; ".join(f"{o.release}: “{facts.title(o, lang)}”" for o in sorted(others, key=lambda o: o.release or ""))
    return _multiple_choice(
        ctx, "item_release", e, text(lang, "item_release", item=e.item, title=t), e.release or "",
        [o.release or "" for o in others],
        text(lang, "x_item_release", release=e.release, item=e.item, title=t, others=listing), max_similarity=1.01,
    )


def tf_item_title(ctx: Ctx, e: Entry) -> Question | None:
    if e.kind != "item" or not (title_ok(e) and e.has_language(ctx.language)):
        return None
    lang, t = ctx.language, facts.title(e, ctx.language)
    wrong = [
        facts.title(o, lang) for o in [*_numbered_elsewhere(ctx, e), *_same_release_items(ctx, e)]
        if similarity(facts.title(o, lang), t) < MAX_CHOICE_SIMILARITY
    ]
    truth = not wrong or ctx.rng.random() < 0.5
    shown = t if truth else ctx.rng.choice(wrong)
    prefix = text(lang, "x_tf_true" if truth else "x_tf_false")
    return _true_false(
        ctx, "tf_item_title", e, text(lang, "tf_item_title", release=e.release, item=e.item, title=shown), truth,
        prefix + text(lang, "x_item_title", release=e.release, item=e.item, title=t),
    )
