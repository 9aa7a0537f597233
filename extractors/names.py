"""Names of bodies and places: abbreviations expanded, display case, administrative level.

Vietnamese headers print names in capitals ("ỦY BAN NHÂN DÂN TỈNH BẮC NINH") and
body text abbreviates them ("UBND TP.Cần Thơ", "Sở VH,TT&DL"). Everything here is
driven by the gazetteers in ``data/``.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from functools import cache, lru_cache
from itertools import pairwise

import regex

from .clean import collapse_spaces, fold, fold_same_length, normalize_tones
from .gazetteer import (
    abbreviation_contexts,
    abbreviation_key,
    agencies,
    body_heads,
    known_syllable_pairs,
    known_syllables,
    province_names,
    provinces,
    syllable_grammar,
    syllable_phrases,
    unit_levels,
    word_key,
)

_ABBR_TOKEN = regex.compile(r"^[\p{Lu}][\p{L}&]*$")
_ROMAN_NUMERAL = regex.compile(r"[IVXLC]+", regex.IGNORECASE)


def is_abbreviation(token: str) -> bool:
    """'UBND', 'TP', 'TTg', 'VH,TT&DL' are abbreviations; 'BAN', 'CA', 'Sở' are words."""
    core = token.replace(",", "").replace("&", "")
    if len(core) < 2 or not core.isalpha():
        return False
    if not _ABBR_TOKEN.match(token.replace(",", "")):
        return False
    if core.isupper() or sum(c.isupper() for c in core) >= 2:
        # In capitals, what cannot be one syllable is an abbreviation; a Roman numeral is a number.
        return not is_folded_syllable(fold(core)) and not _ROMAN_NUMERAL.fullmatch(core)
    return False


_TOKEN = regex.compile(r"[\p{L}\d][\p{L}\d&,]*[\p{L}\d&]|[\p{L}\d&]")


_DOT_BETWEEN_CAPITALS = regex.compile(r"(?<=\p{Lu}{1,6})\.(?=\p{Lu})")


def expand_abbreviations(name: str) -> str:
    """'UBND TP.Cần Thơ' -> 'Ủy ban nhân dân thành phố Cần Thơ'; 'Sở VH TT & DL' -> 'Sở Văn hóa, ...'."""
    # "TP.Cần Thơ": a dot glued to a capital is a word boundary.
    text = _DOT_BETWEEN_CAPITALS.sub(" ", name)
    parts = text.split()
    out: list[str] = []
    i = 0
    table = agencies()
    while i < len(parts):
        # Join runs of short capitals and '&' ("VH TT & DL", "GD & ĐT") into one abbreviation.
        j = i
        run: list[str] = []
        while j < len(parts) and (parts[j] == "&" or is_abbreviation(parts[j].rstrip(",;.:"))):
            run.append(parts[j].rstrip(";.:"))
            j += 1
        if run:
            for k in range(len(run), 0, -1):
                key = abbreviation_key("".join(run[:k]))
                agency = table.get(key)
                if agency:
                    out.append(_meaning_before(key, parts[i + k :]) or agency.name)
                    i += k
                    break
            else:
                out.append(parts[i])
                i += 1
            continue
        out.append(parts[i])
        i += 1
    return collapse_spaces(" ".join(out))


def _meaning_before(key: str, following: list[str]) -> str | None:
    """The meaning an abbreviation takes before these words, when it has one
    (``data/abbreviation_contexts.tsv``): 'BCH' before 'ĐOÀN TỈNH' is the Ban Chấp hành."""
    alternatives = abbreviation_contexts().get(key)
    if not alternatives:
        return None
    after = word_key(" ".join(following[:6]))
    return next((name for words, name in alternatives if after[: len(words)] == words), None)


@cache
def _known_names() -> dict[str, str]:
    """Folded full name -> the gazetteer's spelling, for restoring case."""
    names = {fold(a.name): a.name for a in agencies().values()}
    for alternatives in abbreviation_contexts().values():
        names.update((fold(name), name) for _, name in alternatives)
    return names


_KEY_WORD = regex.compile(r"[a-z0-9]+")


def _name_key(text: str) -> str:
    return " ".join(_KEY_WORD.findall(fold(text)))


@cache
def _known_name_keys() -> tuple[str, ...]:
    """Folded gazetteer names that hold punctuation inside ("Sở Văn hóa, Thể thao và Du lịch"), longest first."""
    keys = {_name_key(a.name) for a in agencies().values() if regex.search(r"[,\-–]", a.name)}
    return tuple(sorted(keys, key=len, reverse=True))


def known_name_length(text: str) -> int:
    """Length of the gazetteer name that ``text`` begins with, when that name holds a comma or dash.

    Lets a caller that cuts names at commas keep "Sở Văn hóa, Thể thao và Du lịch" whole.
    """
    head = text[:120]
    key = _name_key(head)
    for known in _known_name_keys():
        if key.startswith(known) and (len(key) == len(known) or key[len(known)] == " "):
            # Walk the original text until as many key characters have been consumed.
            words = len(known.split())
            m = regex.match(r"(?:[^\p{L}\d]*[\p{L}\d]+){" + str(words) + "}", head)
            if m:
                return m.end()
    return 0


_UNIT_WORDS = sorted(unit_levels(), key=len, reverse=True)
_UNIT_RE = regex.compile(r"(?i)(?<!\p{L})(" + "|".join(regex.escape(u) for u in _UNIT_WORDS) + r")(?!\p{L})")


_ONE_SIDED_DASH = regex.compile(r"(?<=\p{L})(?: [-–](?=\p{L})|[-–] (?=\p{L}))")


def display_case(name: str, context: str = "") -> str:
    """Sentence case for a name printed in capitals.

    The document's own mixed-case spelling wins when ``context`` holds one
    ("Sở Văn hóa, Thể thao và Du lịch"); then the gazetteer's; then a rule:
    lower case, first letter up, and the place name after a unit word in title case.
    """
    if not any(
        len(w) >= 2 and w.isupper() and not is_abbreviation(w) for w in regex.findall(r"\p{L}+", name)
    ):
        return name  # already in the document's own case ("Ủy ban nhân dân tỉnh Bắc Ninh", "UBND")
    # A dash spaced on one side only ("LAO ĐỘNG -THƯƠNG BINH", OCR or typing): spaced on both, as the
    # gazetteers write it.
    name = _ONE_SIDED_DASH.sub(" - ", name)
    key = fold(name)
    if context:
        pattern = regex.compile(
            r"(?<!\p{L})" + r"\s+".join(regex.escape(w) for w in name.split()) + r"(?!\p{L})",
            regex.IGNORECASE,
        )
        for m in pattern.finditer(context):
            found = collapse_spaces(m.group(0))
            if any(c.islower() for c in found) and found[0].isupper():
                return found
    known = _known_names().get(key)
    if known:
        return known
    lowered = name.lower()
    if len(lowered) == len(name):
        # Abbreviations keep their capitals: "PHÒNG NC&KSTTHC" -> "Phòng NC&KSTTHC".
        for m in _TOKEN.finditer(name):
            if is_abbreviation(m.group()):
                lowered = lowered[: m.start()] + m.group() + lowered[m.end() :]
    units_found = list(_UNIT_RE.finditer(lowered))
    if units_found:
        m = units_found[-1]
        head, place = lowered[: m.end()], lowered[m.end() :]
        # Each word of the place up, after a space or a dash ("Bà Rịa-Vũng Tàu").
        lowered = head + regex.sub(r"(^|[\s\-–])(\p{L})", lambda m: m.group(1) + m.group(2).upper(), place)
    else:
        # A body named after its province with no unit word: "SỞ Y TẾ KIÊN GIANG", "CÔNG AN HÀ NỘI".
        end = _province_at_end().search(fold_same_length(lowered))
        if end is not None:
            spelled = _province_by_folded()[" ".join(end.group("place").split())]
            lowered = lowered[: end.start("place")] + spelled
    # Known agency names inside a longer name keep their capitals ("Sở Văn hóa, Thể thao và Du lịch").
    # The folded name is made again only when a name was put in: folding it for each of the
    # gazetteer's names was 6 % of all extraction time.
    folded = fold(lowered)
    for full_key, spelled in _known_names().items():
        if " " in spelled and full_key in folded:
            idx = folded.find(full_key)
            lowered = lowered[:idx] + spelled + lowered[idx + len(spelled) :]
            folded = fold(lowered)
    return lowered[:1].upper() + lowered[1:]


@cache
def _province_alternation() -> str:
    """Every province's folded name, longest first, any run of spaces between its words."""
    names = sorted({fold(p) for p in province_names()}, key=len, reverse=True)
    return "|".join(r"\s+".join(map(regex.escape, n.split())) for n in names)


@cache
def _province_after_unit() -> regex.Pattern[str]:
    """'tỉnh' or 'thành phố' and a province's name, on folded text of the same length."""
    return regex.compile(
        rf"(?<!\p{{L}})(?P<unit>tinh|thanh\s+pho)\s+(?P<place>{_province_alternation()})(?!\p{{L}})"
    )


@cache
def _province_at_end() -> regex.Pattern[str]:
    """A province's name closing a name, on folded text of the same length."""
    return regex.compile(rf"(?<=\p{{L}}\s+)(?P<place>{_province_alternation()})$")


@cache
def _province_by_folded() -> dict[str, str]:
    return {" ".join(fold(p).split()): p for p in province_names()}


def respell_provinces(name: str) -> str:
    """A province named after its unit word, spelt as the gazetteer spells it when only the
    accents differ: OCR reads "TỈNH BẮC GIANG" as "TĨNH BÁC GIANG" or "tỉnh Bác Giang"."""
    folded = fold_same_length(name)
    if len(folded) != len(name):
        return name
    out = name
    for m in _province_after_unit().finditer(folded):
        spelled = _province_by_folded()[" ".join(m.group("place").split())]
        unit = {"tinh": "tỉnh", "thanh pho": "thành phố"}.get(m.group("unit"))
        place = name[m.start("place") : m.end("place")]
        if len(spelled) != len(place) or " ".join(place.split()) != place:
            continue  # a line break or double space inside: left as printed
        out = out[: m.start("place")] + _in_case_of(place, spelled) + out[m.end("place") :]
        printed = name[m.start("unit") : m.end("unit")]
        if unit and len(unit) == len(printed):
            out = out[: m.start("unit")] + _in_case_of(printed, unit) + out[m.end("unit") :]
    return out


def _in_case_of(printed: str, word: str) -> str:
    """``word`` in capitals when ``printed`` is, with its first letter up when that of ``printed``
    is, else as it is (a gazetteer's spelling, "Bắc Giang", keeps its own capitals)."""
    if printed.isupper():
        return word.upper()
    return word[:1].upper() + word[1:] if printed[:1].isupper() else word


def unit_of(name: str) -> tuple[str, str] | None:
    """The last administrative unit a name holds: ('tỉnh', 'Bắc Ninh'); the place may be ''."""
    last = None
    for m in _UNIT_RE.finditer(name):
        last = m
    if not last:
        return None
    return last.group(1).lower(), collapse_spaces(name[last.end() :]).strip(" ,.;:")


def level_of(name: str) -> str | None:
    """central | province | district | commune | agency, from the name's own words."""
    f = fold(name)
    if regex.match(
        r"(thu tuong )?chinh phu|quoc hoi|uy ban thuong vu quoc hoi|bo (?!chi huy)|van phong chinh phu", f
    ):
        return "central"
    if not regex.match(r"(uy ban nhan dan|hoi dong nhan dan|uy ban mat tran|mat tran)", f):
        return "agency"
    unit = unit_of(name)
    if not unit:
        return None
    word, place = unit
    if word == "thành phố":
        return "province" if fold(place) in provinces() else "district"
    return unit_levels().get(word)


def is_bare_unit(name: str) -> bool:
    """'Ủy ban nhân dân quận' names a unit word but not which unit."""
    unit = unit_of(name)
    if unit is not None:
        return not unit[1]
    return bool(regex.match(r"(uy ban nhan dan|hoi dong nhan dan)\s*$", fold(name)))


_PROPER = r"\p{Lu}[\p{L}\-]*(?:\s+\p{Lu}[\p{L}\-]*){0,3}"


def complete_unit(name: str, text: str, place: str | None = None) -> str:
    """Fill in which unit a bare name means, from the document's own mentions.

    'Ủy ban nhân dân quận' + '... trên địa bàn quận Gò Vấp ...' -> 'Ủy ban nhân dân quận Gò Vấp'.
    The unit named most often wins; the printed place breaks ties.
    """
    unit = unit_of(name)
    words = [unit[0]] if unit else None
    if words is None:
        # "Ủy ban nhân dân" with no unit word at all: any unit the text names.
        words = list(_UNIT_WORDS)
    counts: Counter[tuple[str, str]] = Counter()
    pattern = regex.compile(
        r"(?<!\p{L})(?i:(" + "|".join(regex.escape(w) for w in words) + r"))\s+(" + _PROPER + r")"
    )
    for m in pattern.finditer(normalize_tones(text)):
        word = m.group(1).lower()
        if unit is None and word not in (
            "tỉnh",
            "thành phố",
            "quận",
            "huyện",
            "thị xã",
            "xã",
            "phường",
            "thị trấn",
        ):
            continue
        place_name = m.group(2)
        if fold(place_name).split()[0] in ("uy", "hoi", "so", "ban", "nha", "tinh", "thanh", "huyen", "xa"):
            continue
        counts[(word, place_name)] += 1
    if not counts:
        return name
    if place:
        for (word, place_name), _ in counts.most_common():
            if fold(place_name) == fold(place):
                counts[(word, place_name)] += 1000
    (word, place_name), _ = counts.most_common(1)[0]
    if unit:
        return f"{name} {place_name}"
    return f"{name} {word} {place_name}"


def starts_with_body_head(line: str) -> str | None:
    """The body head a line begins with ('Ủy ban nhân dân', 'Sở', ...) or None."""
    # Diacritics kept: folded, "Số:" would read as the head "Sở".
    f = normalize_tones(line).lower()
    for head in body_heads():
        h = head.lower()
        # The head must be followed by a name: "PHÒNG, CHỐNG DỊCH" opens a title, not a body.
        if f.startswith(h) and (len(f) == len(h) or f[len(h)] == " "):
            return head
    return None


_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_STOP_TONES = frozenset("\u0301\u0323")  # sắc, nặng: the only tones of a syllable ending in c, ch, p, t
_FRONT = ("i", "e", "ê", "y")


@cache
def _folded_grammar() -> tuple[tuple[str, ...], frozenset[str]]:
    """The syllable grammar's onsets (longest first) and rhymes with their marks taken off."""
    grammar = syllable_grammar()
    onsets = sorted({fold(o) for o in grammar.onsets}, key=len, reverse=True)
    return tuple(onsets), frozenset(fold(r) for r in grammar.rhymes)


@lru_cache(maxsize=65536)
def is_folded_syllable(word: str) -> bool:
    """Whether a folded word (lower case, no marks: 'nghieng', 'quyet') can be a Vietnamese
    syllable with its marks taken off: an onset and a rhyme of ``data/syllables.json``. Text typed
    without marks passes; 'ubnd', 'byt', 'tcvn' and legacy-font garbage do not. Cached: words repeat."""
    onsets, rhymes = _folded_grammar()
    for onset in onsets:
        if word.startswith(onset):
            rhyme = word[len(onset) :]
            if rhyme in rhymes or (onset == "gi" and not rhyme):  # "gì"
                return True
    return False


def is_syllable(word: str) -> bool:
    """Whether ``word`` (lower case) can be one Vietnamese syllable: 'thể', 'nghiêng', 'quyết'; not
    'thểt' (a hỏi tone before t), 'vănh', 'ce' (c before e), 'ubnd'."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = [c for c in decomposed if c in _TONE_MARKS]
    if len(tones) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    grammar = syllable_grammar()
    for onset in grammar.onsets:
        if not bare.startswith(onset):
            continue
        rhyme = bare[len(onset) :]
        if rhyme not in grammar.rhymes and not (onset == "gi" and not rhyme):  # "gì"
            continue
        if onset in ("k", "gh", "ngh") and not rhyme.startswith(_FRONT):
            continue
        if (onset in ("c", "ng") and rhyme.startswith(_FRONT)) or (
            onset == "g" and rhyme.startswith(_FRONT[1:])
        ):
            continue
        if (onset == "qu" and rhyme.startswith(("o", "u", "ư"))) or (onset == "gi" and rhyme.startswith("i")):
            continue
        if (rhyme.startswith("yê") and onset not in ("", "qu")) or (
            rhyme.startswith("iê") and onset in ("", "qu")
        ):
            continue
        if rhyme.endswith(grammar.stop_finals) and not (tones and tones[0] in _STOP_TONES):
            continue
        return True
    return False


_LONGEST_SYLLABLE = 7  # "nghiêng"


def _syllables_of(
    run: str, words: frozenset[str] = frozenset(), word_pairs: frozenset[tuple[str, str]] = frozenset()
) -> list[str] | None:
    """``run`` (letters written without spaces) cut into syllables, or None when it cannot be.

    Of the ways to cut it, the cheapest wins: each syllable costs 1, or 2 when no gazetteer name
    (nor ``words``) holds it, and two syllables that follow one another in a gazetteer name (or in
    ``word_pairs``) cost 1 less. So "THỂTHAOVÀDULỊCH" is THỂ THAO VÀ DU LỊCH and "CÔNGAN" is CÔNG AN,
    not CÔ NGAN.
    """
    low = normalize_tones(run.lower())
    known, pairs = known_syllables() | words, known_syllable_pairs() | word_pairs
    # best[(end, start)]: the cheapest cut of low[:end] whose last syllable is low[start:end].
    best: dict[tuple[int, int], tuple[float, int]] = {(0, 0): (0.0, 0)}
    for end in range(len(low)):
        for (e, start), (cost_here, _) in list(best.items()):
            if e != end:
                continue
            last = low[start:end]
            for j in range(end + 1, min(len(low), end + _LONGEST_SYLLABLE) + 1):
                piece = low[end:j]
                if not is_syllable(piece):
                    continue
                cost = cost_here + (1.0 if piece in known else 2.0) - (1.0 if (last, piece) in pairs else 0.0)
                current = best.get((j, end))
                if current is None or cost < current[0]:
                    best[(j, end)] = (cost, start)
    finals = [(cost, start) for (e, start), (cost, _) in best.items() if e == len(low) and e > 0]
    if not finals:
        return None
    _, start = min(finals)
    cuts = [len(low)]
    end = len(low)
    while end > 0:
        cuts.append(start)
        end, start = start, best[(end, start)][1]
    cuts.reverse()
    return [run[a:b] for a, b in pairwise(cuts)]


_LETTER_RUN = regex.compile(r"\p{L}+")
_PUNCT_GLUED = regex.compile(r"(?<=\p{L})([,;])(?=\p{L})")
_JOINED_MIN = 6  # letters that are no syllable ("SỞNỘIVỤ"): a line with such a run lost its spaces


def split_joined_words(line: str, context: str = "") -> str:
    """A header line whose PDF text lost its spaces, with them put back: "SỞVĂNHÓA,THỂTHAOVÀDULỊCH"
    -> "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH".

    A run of letters is cut when it is no syllable, has a Vietnamese letter (brand names in ASCII
    stay whole) and cuts wholly into syllables; abbreviations ("UBND", "SVHTTDL", "BCTĐ") cannot be
    cut and stay. Only a line with such a run of at least six letters is touched: its shorter runs
    ("XÃHỘI") are cut too. Any other line comes back unchanged. The words of ``context`` (the
    document's text, which names its issuer again with spaces) count like the gazetteers' in choosing
    between cuts ("THỦTỤCHÀNHCHÍNH": THỦ TỤC HÀNH, not THỦ TỤ CHÀNH).
    """
    runs = [
        m
        for m in _LETTER_RUN.finditer(line)
        if len(m.group()) >= 2
        and not m.group().isascii()
        and not is_syllable(normalize_tones(m.group().lower()))
    ]
    if not any(len(m.group()) >= _JOINED_MIN for m in runs):
        return line
    words: frozenset[str] = frozenset()
    pairs: frozenset[tuple[str, str]] = frozenset()
    if context:
        phrases = syllable_phrases(context)
        words = frozenset(w for p in phrases for w in p)
        pairs = frozenset(pair for p in phrases for pair in pairwise(p))
    cuts: list[tuple[int, int, str]] = []
    for m in runs:
        run = m.group()
        pieces = _syllables_of(run, words, pairs)
        if pieces is not None and len(pieces) >= 2:
            cuts.append((m.start(), m.end(), " ".join(pieces)))
    if not any(end - start >= _JOINED_MIN for start, end, _ in cuts):
        return line
    out: list[str] = []
    pos = 0
    for start, end, spaced in cuts:
        out += [line[pos:start], spaced]
        pos = end
    return _PUNCT_GLUED.sub(r"\1 ", "".join([*out, line[pos:]]))
