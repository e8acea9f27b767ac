"""Release-aware parsing of questions: which release is named, which item number is asked for.

Item numbers mean different things in different releases, so a question's release phrase
("in CX 6.0", "versión 6.0", "release 5.1", "R7", "for Customer Operations") is found first and
cut out of the text; only then are item numbers read, so "2.3 in 6.0" never asks for item 6.0.
"2.10" and "2.1" are different tokens: numbers are matched whole, never as prefixes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.knowledge.kb.schema import Release
from assistant.base.text import fold, strip_accents

# Words that, placed before a release number, make it a release ("release 5.1", "R7", "cx 6.0").
_RELEASE_WORDS = r"(?:release|rel|r|version|v|edition|edicion|norma|standard|estandar|csp|psic|cx|copc)"
_PREPOSITIONS = r"(?:in|en|en la|en el|de la|del|for|para|from|under|segun|según)"
# Item numbers: "2.3", "2.10", lettered guide sections "B.2"; not amounts ("4.5 minutes", "80.5%").
_UNITS = r"(?:percent|por ?ciento|s|sec|secs|seconds|seg|segundos|min|mins|minutes|minutos|h|hrs|hours|horas|days|dias|pts|points|puntos)"
_NUMBER = re.compile(rf"(?<![\w.])(\d{{1,2}})\.(\d{{1,2}})(?![\w.]|\.\d)(?!\s*(?:%|{_UNITS}\b))")
# "ítem 2,3": a decimal comma is common in Spanish; only read after an item word, since "2,3"
# alone is usually a list.
_COMMA_NUMBER = re.compile(r"(?:item|items|punto|numeral|apartado)\s+(\d{1,2}),(\d{1,2})(?![\w,])")
# A number right after a release word is a release, even one releases.yaml does not list.
_AFTER_RELEASE_WORD = re.compile(r"(?<![\w.])(?:release|rel|r|version|versión|v|edition|edicion|edición)\s?$")
_LETTERED = re.compile(r"(?<![\w.])([A-H])\.(\d{1,2})(?![\w.])")
# "item 7", "ítem 3" without a dot are not item numbers COPC uses: ignore them.


@dataclass(frozen=True)
class ReleaseMention:
    release: str  # release id, e.g. "CX 6.0"
    phrase: str  # the folded text that named it


class ReleaseResolver:
    """Finds release mentions using the ``versions`` and ``aliases`` of releases.yaml.

    ``numbers`` (item and category numbers of every release) lets a bare release number stand for
    its release: "la 5.1", "con la 7.0", "5.2 item 1.3" name a release because 5.1, 7.0 and 5.2 are
    no item anywhere; a bare "4.4" stays an item unless it stands right before "item N.M".
    """

    def __init__(self, releases: dict[str, Release], numbers: frozenset[str] | None = None):
        self.releases = releases
        self.numbers = numbers
        self._bare: dict[str, str] = {}  # dotted version -> release id (first release listing it)
        for rel in releases.values():
            # Only the number a release is known by ("5.1", "7.0"), not sub-versions ("4.3"),
            # which as bare numbers read more often as items the knowledge base does not list.
            own = re.search(r"\d{1,2}\.\d{1,2}", rel.id)
            if own and own.group() in rel.versions:
                self._bare.setdefault(own.group(), rel.id)
            for version in rel.versions:  # "4.x" is never an item number
                if re.fullmatch(r"\d{1,2}\.x", version):
                    self._bare.setdefault(version, rel.id)
        self._edition_words = _edition_vocabulary(releases)
        patterns: list[tuple[re.Pattern[str], str, int]] = []
        for rel in releases.values():
            names = {fold(rel.id)} | {fold(a) for a in rel.aliases}
            for name in names:
                # "(for) Customer Operations Performance Center" is COPC's own name, not an edition.
                patterns.append((re.compile(rf"(?<![\w.]){re.escape(name)}(?![\w]|\.\d|\s+performance)"), rel.id, 2))
            for version in rel.versions:
                v = re.escape(fold(version))
                # "release 5.1", "versión 6.0", "R7", "cx6.0", "csp 5": a release word must precede.
                patterns.append(
                    (re.compile(rf"(?<![\w.]){_RELEASE_WORDS}\s?{v}(?![\w]|\.\d)"), rel.id, 1)
                )
                if "." in version or "x" in version:
                    # "2.3 in 6.0", "en la 6.0a", "for 4.x": a preposition may stand in for the
                    # release word when the version is dotted (a bare "7" is too ambiguous).
                    patterns.append(
                        (re.compile(rf"(?<![\w.]){_PREPOSITIONS}\s{v}(?![\w]|\.\d)"), rel.id, 1)
                    )
        patterns += _generated_patterns(releases)
        # Longer phrases first so "cx 7.0 for customer operations" beats "cx 7.0".
        self._patterns = sorted(patterns, key=lambda p: (-p[2], -len(p[0].pattern)))

    def find(self, text: str) -> tuple[ReleaseMention | None, str]:
        """Return the release named in ``text`` (if any) and the folded text with it removed.

        An edition alias ("for Customer Operations") wins over a bare version ("7.0") because it is
        more specific; when both appear, both are removed.
        """
        # "5.2's item 1.3": the possessive would fold to "5.2 s", an amount in seconds.
        folded = normalize_release_words(fold(_POSSESSIVE.sub(r"\1", text)), self._edition_words)
        found: ReleaseMention | None = None
        found_priority = 0
        remaining = folded
        for pattern, release_id, priority in self._patterns:
            match = pattern.search(remaining)
            if not match:
                continue
            if found is None or priority > found_priority:
                found, found_priority = ReleaseMention(release_id, match.group(0)), priority
            elif priority == found_priority and release_id != found.release:
                # Two different releases named with equal strength: keep the first; the answer
                # lists the other releases anyway.
                pass
            remaining = (remaining[: match.start()] + " " + remaining[match.end():]).strip()
        if self.numbers is not None:
            bare = sorted([*_NUMBER.finditer(remaining), *_X_VERSION.finditer(remaining)], key=lambda m: m.start())
            for match in reversed(bare):
                number = f"{int(match.group(1))}.{match.group(2)}"
                release_id = self._bare.get(number)
                if release_id is None:
                    continue
                x_items = match.group(2) == "x" and _ITEMS_AFTER.match(remaining, match.end())
                if _AFTER_ITEM.search(remaining, 0, match.start()) or x_items:
                    continue  # "item 4.4", "the 2.x items": items, not a release
                before_item = _BEFORE_ITEM.match(remaining, match.end())
                if number in self.numbers and not before_item:
                    continue
                if found is None:
                    found, found_priority = ReleaseMention(release_id, match.group(0)), 1
                remaining = (remaining[: match.start()] + " " + remaining[match.end():]).strip()
        return found, re.sub(r"\s+", " ", remaining)

    def unknown_release(self, remaining: str) -> str | None:
        """A number named as a release that releases.yaml does not list ("release 6.2", "la versión
        9.0", "CX 9"), read from text whose known release phrases are already removed. Item numbers
        ("norma 2.3") are not releases."""
        for match in _UNKNOWN_RELEASE.finditer(remaining):
            number = match.group(2)
            # After "release"/"versión" a number is a release even when some release has such an
            # item ("release 3.4"); after "norma", "CX" or "R" an item number stays an item.
            if not match.group(1) and self.numbers is not None and number in self.numbers:
                continue
            return number
        return None

    def resolve(self, phrase: str) -> str | None:
        """Resolve a release given on its own (a --release flag or a setting): id, alias or version."""
        if not phrase:
            return None
        folded = fold(phrase)
        for rel in self.releases.values():
            if folded == fold(rel.id) or folded in {fold(a) for a in rel.aliases}:
                return rel.id
        for rel in self.releases.values():
            if folded in {fold(v) for v in rel.versions}:
                return rel.id
        mention, _ = self.find(phrase)
        return mention.release if mention else None


# "5.2 item 1.3": a release number right before an item number.
_BEFORE_ITEM = re.compile(r"\s*,?\s*(?:item|items)\s+\d{1,2}\.\d{1,2}")
_POSSESSIVE = re.compile(r"(\d)['’]s\b")
# A release word and a number the knowledge base does not list as a release ("release 6.2").
# "v1.2" is left out: it is a document version of an edition ("7.0 ... v1.2"), not a release.
_UNKNOWN_RELEASE = re.compile(
    r"(?<![\w.])(?:(release|rel|version|edition|edicion)|norma|standard|estandar|cx|csp|psic|r)\s?"
    r"(\d{1,2}(?:\.\d{1,2})?[a-z]?)(?![\w]|\.\d)")
# "the 3.4 release", "la 6.2 version": a dotted number right before a release word is a release.
# Read on the question as asked: removing a known release phrase ("en la 6.0" of "el 2.3 en la 6.0
# edición") must not leave an item number next to a release word.
# ("2.3 version 6.0": the release word belongs to the number after it, 2.3 stays an item.)
_NUMBER_BEFORE_RELEASE_WORD = re.compile(r"(?<![\w.])(\d{1,2}\.\d{1,2}[a-z]?)(?=\s(?:release|version|edition|edicion)\b(?!\s*\d))")


def numbers_named_as_releases(question: str) -> list[str]:
    """Dotted numbers the question names as releases by the word after them ("the 3.4 release")."""
    folded = fold(question)
    # "item 2.3 version 6.0": a number right after an item word stays an item.
    return [m.group(1) for m in _NUMBER_BEFORE_RELEASE_WORD.finditer(folded) if not _AFTER_ITEM.search(folded, 0, m.start())]

_X_VERSION = re.compile(r"(?<![\w.])(\d{1,2})\.(x)(?![\w.])")
_ITEMS_AFTER = re.compile(r"\s+(?:items|item)\b(?!\s*,?\s*\d)")
# "item 4.4": a number right after an item word is an item, never a bare release.
_AFTER_ITEM = re.compile(r"(?:item|items|punto|numeral|apartado)\s+$")
# Number words that spell a release: "siete punto cero", "seven point oh", "cx seis".
_DIGIT_WORDS = {
    "cero": "0", "zero": "0", "oh": "0", "uno": "1", "one": "1", "dos": "2", "two": "2", "tres": "3", "three": "3",
    "cuatro": "4", "four": "4", "cinco": "5", "five": "5", "seis": "6", "six": "6", "siete": "7", "seven": "7",
    "ocho": "8", "eight": "8",
}
_MAJOR_WORDS = "cuatro|four|cinco|five|seis|six|siete|seven|ocho|eight"
_MINOR_WORDS = "cero|zero|oh|uno|one|dos|two|tres|three"
_SPELLED_DOTTED = re.compile(rf"(?<!\w)({_MAJOR_WORDS})\s+(?:punto|point|dot)\s+({_MINOR_WORDS})(?!\w)")
_SPELLED_AFTER_WORD = re.compile(
    rf"(?<![\w.])(release|version|edicion|edition|norma|standard|estandar|cx|csp|psic|r)\s+({_MAJOR_WORDS})(?!\w)")
# Edition phrases are matched with typo tolerance: "contac centers", "costumer operations".
_FUZZY_CUTOFF = 88


def _edition_vocabulary(releases: dict[str, Release]) -> list[str]:
    """The multi-word phrases of releases.yaml aliases, without "for"/"para" ("customer operations",
    "contact centers"): what typo tolerance corrects towards."""
    words: set[str] = set()
    for rel in releases.values():
        for alias in rel.aliases:
            core = _EDITION_PREFIX.sub("", fold(alias))
            if len(core.split()) >= 2 and len(core) >= 10:
                words.add(core)
    return sorted(words)


def normalize_release_words(folded: str, vocabulary: list[str]) -> str:
    """Spelled release numbers become digits and near-misses of edition phrases become the phrase,
    so the release grammar reads them: "la siete punto cero de costumer operations" ->
    "la 7.0 de customer operations"."""
    from rapidfuzz import fuzz

    text = _SPELLED_DOTTED.sub(lambda m: f"{_DIGIT_WORDS[m.group(1)]}.{_DIGIT_WORDS[m.group(2)]}", folded)
    text = _SPELLED_AFTER_WORD.sub(lambda m: f"{m.group(1)} {_DIGIT_WORDS[m.group(2)]}", text)
    for phrase in vocabulary:
        if phrase in text:
            continue
        size = len(phrase.split())
        tokens = text.split(" ")
        for i in range(len(tokens) - size + 1):
            window = " ".join(tokens[i:i + size])
            if window[:1] == phrase[:1] and fuzz.ratio(window, phrase) >= _FUZZY_CUTOFF:
                tokens[i:i + size] = [phrase]
                text = " ".join(tokens)
                break
    return text


_TRAILING_WORDS = r"(?:standard|release|version|edition|edicion|norma|estandar)"
# "la versión vieja 4.x", "the old release 4.x"
_AGE = r"(?:old|older|previous|earlier|new|newer|vieja|viejo|antigua|antiguo|anterior|nueva|nuevo)"
_EDITION_PREFIX = re.compile(r"^(?:for|para)\s+(?:the\s+|los\s+|las\s+)?")


def _generated_patterns(releases: dict[str, Release]) -> list[tuple[re.Pattern[str], str, int]]:
    """Release grammar generated from releases.yaml, beyond its literal aliases and versions.

    * a version followed by a release word: "the old 4.x standard", "6.0 edition";
    * a family with a single release is named by its family alone: "VMO", "the GMD";
    * an edition alias in any word order around its release number: "7.0 customer operations",
      "customer operations 7.0", "7.0 for customer operations" (the bare words "customer
      operations" stay unclaimed: they are also ordinary words).
    """
    patterns: list[tuple[re.Pattern[str], str, int]] = []
    families: dict[str, list[str]] = {}
    for rel in releases.values():
        families.setdefault(fold(rel.standard), []).append(rel.id)
    for rel in releases.values():
        for version in rel.versions:
            if "." in version or "x" in version:
                v = re.escape(fold(version))
                patterns.append((re.compile(rf"(?<![\w.]){v}\s{_TRAILING_WORDS}(?!\w)"), rel.id, 1))
                patterns.append((re.compile(rf"(?<![\w.]){_TRAILING_WORDS}\s+{_AGE}\s+{v}(?![\w]|\.\d)"), rel.id, 1))
        family = fold(rel.standard)
        if len(families[family]) == 1:
            patterns.append((re.compile(rf"(?<![\w.-]){re.escape(family)}(?![\w-])"), rel.id, 2))
        number = re.search(r"\d+\.\d+", rel.id)
        if number is None:
            continue
        nums = rf"(?:{re.escape(number.group())}|{re.escape(number.group().split('.')[0])})"
        for alias in rel.aliases:
            folded = fold(alias)
            if not _EDITION_PREFIX.match(folded):
                continue
            core = re.escape(_EDITION_PREFIX.sub("", folded))
            patterns.append((re.compile(rf"(?<![\w.]){nums}\s+(?:(?:for|para|de|del|of)\s+)?(?:the\s+|la\s+)?{core}(?!\w)"), rel.id, 3))
            patterns.append((re.compile(rf"(?<![\w.]){core}\s+(?:{_TRAILING_WORDS}\s+)?{nums}(?![\w]|\.\d)"), rel.id, 3))
    return patterns


def item_numbers(text: str, original: str | None = None) -> list[str]:
    """Item numbers in a question, in order, without duplicates ("2.10" stays "2.10").

    Pass text with release phrases already removed (see ``ReleaseResolver.find``). Works on the
    original or folded text; lettered sections ("B.2") are read from ``original`` when given,
    because they need the upper-case letter that folding removes.
    """
    found: list[str] = []
    for match in _LETTERED.finditer(original if original is not None else text):
        found.append(f"{match.group(1)}.{match.group(2)}")
    for match in _COMMA_NUMBER.finditer(strip_accents(original if original is not None else text).lower()):
        found.append(f"{int(match.group(1))}.{match.group(2)}")
    for match in _NUMBER.finditer(text):
        major, minor = match.group(1), match.group(2)
        if major.startswith("0"):
            continue
        if _AFTER_RELEASE_WORD.search(text, 0, match.start()):
            continue  # "when was release 5.0 published?": a release the knowledge base may not list
        if original is not None and f"{int(major)}.{minor}" in numbers_named_as_releases(original):
            continue  # "the 3.4 release": the same, named by the word after the number
        found.append(f"{int(major)}.{minor}")
    seen: set[str] = set()
    return [n for n in found if not (n in seen or seen.add(n))]
