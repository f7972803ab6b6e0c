"""Numbers typed into a page's prose that no cell on the page produced.

The home page promises that nothing on these pages was pasted in: a number that reports a
run's result (a time, a size, a speed-up, a count the code measured) must come from a cell,
printed, shown as Markdown or guarded by an ``assert``. This module reads each toc page's
MyST source without executing it and lists the numbers in its prose that nothing accounts for.

How it decides, in order:

1. **Prose** is the text of the page's Markdown: paragraphs, headings, lists, tables and the
   bodies and titles of admonitions, dropdowns and the like. It leaves out code cells, code
   blocks, maths (``$...$``, ``$$...$$``, ``{math}``, amsmath), inline code, roles and
   substitutions, URLs (a link's address, and autolinks whose text is the address), images'
   alt text, HTML, ``%`` comments and the front matter.
2. **Numbers** in it: any number with a decimal point, a thousands separator, an exponent, a
   ``%`` or a factor (``3.2x``, ``3×``); an integer of two digits or more; a one-digit
   integer, or a number word ("four"), followed by a unit of time, memory or training
   (``7 s``, ``two minutes``, ``4 epochs``). Identifiers are not numbers: ``float32``,
   ``x86-64``, ``GPT-3``, ``h_1``, ``6.S191``, ``#124205``, ``3D``, ordinals.
3. **Relative measurements** in words ("twice as fast", "three times slower", "half the
   time", "40% faster", "an order of magnitude") are always reported: a page either computes
   such a ratio in a cell or does not state it, unless it is a fact from the literature.
4. A number is **accounted for** when it is
   - a numeric literal in the same page's code (its code cells and the files it shows with
     ``literalinclude``; comments left out, since a number in a comment is typed too),
     compared by value: ``2,000 steps`` matches ``steps = 2000`` or ``2_000``, ``5e-3``
     matches ``0.005``, ``40%`` matches ``40`` or ``0.4``. A time or a memory size ("2 GB",
     "60 seconds") needs the value with a unit of its kind in the code (``max_seconds=60``,
     ``limit_gb = 2``, ``"2 GB"``): a stray ``2`` does not account for it;
   - a year (1500-2100, four digits, not followed by a count: "2000 iterations" is a count),
     or the day of a date ("15 February");
   - a version of a package pinned in ``requirements.txt``, named just before it
     ("TensorFlow 2.21", "torch 2.13.0");
   - the number of a lecture, lab, part, section, exercise, figure, issue and the like, or a
     heading's own number;
   - in the allowlist (``tests/prose_numbers_allowed.yml``), an entry of which names the page
     and a phrase around the number, with the reason (a fact from the literature, a
     framework's source, the 2021 course's constants). An entry is per page and per phrase,
     so the same digits typed in elsewhere are still reported, and an entry that matches
     nothing on its page is reported as stale.

``python -m booktools.prose_numbers`` prints the offenders of every toc page.
"""

from __future__ import annotations

import math
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from introdl.frameworks import FRAMEWORKS

from .toc import page_file, toc_pages

ADVICE = ("compute it in a cell, assert it, or cut it; or add it to tests/prose_numbers_allowed.yml "
          "with its source")

# Directives whose body is code, maths or generated content: never prose.
NON_PROSE_DIRECTIVES = {
    "code-cell", "code-block", "code", "sourcecode", "math", "literalinclude", "raw",
    "eval-rst", "tableofcontents", "glue", "glue:figure", "glue:math", "nb-exec-table",
    "page-provenance", "framework-results", "mermaid", "graphviz", "csv-table",
}
# Directives whose argument is a file or a label, not a title in words.
ARGUMENT_IS_NOT_PROSE = {"figure", "image", "include", "bibliography", "only", "ifconfig"}

TIME_UNITS = {"ms", "s", "sec", "secs", "second", "seconds", "min", "mins", "minute", "minutes",
              "h", "hour", "hours", "day", "days"}
MEMORY_UNITS = {"b", "kb", "mb", "gb", "tb", "kib", "mib", "gib", "tib", "byte", "bytes"}
UNIT_WORDS = TIME_UNITS | MEMORY_UNITS | {
    "gflop", "gflops", "tflops",
    "epoch", "epochs", "step", "steps", "iteration", "iterations", "batch", "batches", "times",
}
# A four-digit number followed by one of these counts something: it is not a year.
COUNT_WORDS = UNIT_WORDS | {
    "character", "characters", "word", "words", "tune", "tunes", "song", "songs",
    "parameter", "parameters", "unit", "units", "sample", "samples", "example", "examples",
    "image", "images", "token", "tokens", "sequence", "sequences", "verse", "verses",
    "line", "lines", "point", "points", "neuron", "neurons", "weight", "weights", "note",
    "notes", "bar", "bars", "pixel", "pixels", "digit", "digits", "float", "floats", "x",
}
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90, "hundred": 100,
    "thousand": 1000, "million": 1e6, "billion": 1e9,
}
# A number right after one of these words numbers a part of a text or a thread, or a citation.
STRUCTURAL_WORDS = (
    "lecture", "lectures", "lab", "labs", "part", "parts", "section", "sections", "exercise",
    "exercises", "chapter", "chapters", "figure", "fig.", "table", "equation", "eq.", "no.",
    "issue", "issues", "pr", "appendix", "symphony", "question", "task", "problem", "step",
    "cell", "page", "pages", "p.", "pp.", "vol.", "volume", "version", "ex.", "§",
)

# Identifier-like words that contain digits: masked before numbers are looked for.
_IDENTIFIER = re.compile(
    r"(?<![\w.])[A-Za-z_\\@][\w\\@]*(?:[-.:/#+][\w\\@]+)*"   # float32, x86-64, GPT-3, arXiv:1706.03762, h_1
    r"|#\d+"                                         # issue numbers
    r"|\b\d+(?:st|nd|rd|th|D)\b"                     # ordinals, 2D/3D
    r"|\b\d+\.[A-Za-z]\w*"                           # 6.S191
)
_NUMBER = re.compile(
    r"(?<![\w.,])"
    r"(?P<range>\d+(?:\.\d+)?\s?[-–]\s?(?=\d))?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|\.\d+|\d+)"
    r"(?P<exp>[eE][-+−]?\d+)?"
    r"(?P<factor>\s?%|\s?×|x(?![\w])|-fold)?"
    r"(?P<after>[\s-]*(?:of\s+)?(?P<unit>[A-Za-z]+(?:/s)?))?"
)
_NUMBER_WORD = re.compile(  # "one step" is an article more often than a count: not "one"
    r"\b(?P<word>" + "|".join(sorted(set(NUMBER_WORDS) - {"one"}, key=len, reverse=True)) + r")"
    r"[\s-]+(?P<unit>[A-Za-z]+)\b", re.IGNORECASE)
_MULTIPLIER = r"(?:\d+(?:\.\d+)?|" + "|".join(NUMBER_WORDS) + r"|several)"
_COMPARATIVE = (r"(?:fast|slow|quick|long|short|large|big|small|heavy|light|much|many|"
                r"faster|slower|quicker|longer|shorter|larger|bigger|smaller|heavier|lighter|"
                r"more|less|fewer|higher|lower|greater|cheaper|wider)")
_RELATIVE = re.compile(
    r"\b(?:twice|thrice|half|double|triple|(?:a|one)[ -](?:third|quarter|fifth|tenth)|"
    + _MULTIPLIER + r"\s*(?:times|×|x)|\d+(?:\.\d+)?\s*%)"
    r"\s+(?:as\s+)?" + _COMPARATIVE + r"\b"
    r"|\b(?:half|a\s+(?:third|quarter)|twice|double|triple)\s+(?:of\s+)?(?:the\s+|its\s+)?"
    r"(?:time|memory|size|speed|cost|run[ -]?time|steps|work)\b"
    r"|\b(?:an?|one|two|three|several)\s+orders?\s+of\s+magnitude\b"
    r"|\b" + _MULTIPLIER + r"[- ]fold\b"
    r"|\b(?:speed-?up|slow-?down)\s+of\s+(?:about\s+|roughly\s+)?" + _MULTIPLIER,
    re.IGNORECASE)

_MONTHS = (r"(?:January|February|March|April|May|June|July|August|September|October|"
           r"November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sep\.?|Sept\.?|"
           r"Oct\.?|Nov\.?|Dec\.?)")
# What a reader calls a pinned package before its version: "TensorFlow 2.21", "PyTorch 2.13".
_PACKAGE_ALIASES = {
    package: tuple(sorted({framework.id, framework.name.lower(), framework.module,
                    *(alias for alias in framework.aliases if "keras" not in alias)}))
    for framework in FRAMEWORKS.values()
    for package in (framework.module, framework.module + "-cpu")
}
_PACKAGE_ALIASES["jupyter-book"] = ("jupyter book", "jupyter-book")


@dataclass
class Finding:
    """A number (or a relative measurement) in a page's prose."""

    page: str
    line: int
    text: str
    kind: str                 # "number" or "relative"
    fragment: str
    block: str = field(repr=False)        # the whole block's prose, whitespace collapsed
    start: int = field(repr=False, default=0)  # the finding's span in ``block``
    end: int = field(repr=False, default=0)

    def message(self) -> str:
        what = "relative measurement" if self.kind == "relative" else "number"
        return (f"{self.page}:{self.line}: {what} {self.text!r} typed into prose, in "
                f"\"{self.fragment}\": {ADVICE}")


# --- reading a page ----------------------------------------------------------------------

@lru_cache(maxsize=1)
def _parser():
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    config = MdParserConfig(enable_extensions={
        "colon_fence", "dollarmath", "amsmath", "linkify", "substitution"})
    return create_md_parser(config, RendererHTML)


@dataclass
class Block:
    """One block of prose: its text as a reader sees it (inline code and maths included), the
    same text with everything that is not prose blanked (``mask``, of the same length), and
    the source line of each character (1-based)."""

    text: str
    mask: str
    lines: list[int]
    heading: bool = False


def _directive(info: str) -> tuple[str, str] | None:
    match = re.match(r"\s*\{([^}]+)\}\s*(.*)", info)
    return (match.group(1).strip(), match.group(2)) if match else None


def _directive_body(content: str) -> tuple[str, int]:
    """A directive's body without its options (``:key: value`` lines or a ``---`` YAML block)."""
    lines = content.split("\n")
    skipped = 0
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        if end is not None:
            skipped = end + 1
    else:
        while skipped < len(lines) and re.match(r"\s*:[\w-]+:", lines[skipped]):
            skipped += 1
    return "\n".join(lines[skipped:]), skipped


def _inline_block(token, offset: int) -> Block:
    """The prose of an inline token; code, maths, roles and URLs are blanked in its mask."""
    text: list[str] = []
    mask: list[str] = []
    lines: list[int] = []
    line = token.map[0] + 1 + offset if token.map else offset + 1
    skip_link_text = False

    def put(chunk: str, prose: bool = True):
        nonlocal line
        for char in chunk:
            text.append(char)
            mask.append(char if prose or char == "\n" else " ")
            lines.append(line)
            if char == "\n":
                line += 1

    for child in token.children or []:
        kind = child.type
        if kind == "link_open":
            skip_link_text = child.markup in ("linkify", "autolink")
        elif kind == "link_close":
            skip_link_text = False
        elif kind == "text":
            put(child.content, prose=not skip_link_text)
        elif kind in ("softbreak", "hardbreak"):
            put("\n")
        elif kind == "code_inline":
            put(child.markup + child.content + child.markup, prose=False)
        elif kind in ("math_inline", "math_inline_double"):
            put(child.markup + child.content + child.markup, prose=False)
        elif kind in ("image", "html_inline", "myst_role", "substitution_inline"):
            put(" " + (child.content or "") + " ", prose=False)
    return Block("".join(text), "".join(mask), lines)


def prose_blocks(source: str, offset: int = 0) -> list[Block]:
    """Every block of prose in a MyST source (line numbers shifted by ``offset``)."""
    blocks = []
    tokens = _parser().parse(source)
    for i, token in enumerate(tokens):
        if token.type == "inline":
            block = _inline_block(token, offset)
            block.heading = i > 0 and tokens[i - 1].type == "heading_open"
            blocks.append(block)
        elif token.type in ("fence", "colon_fence"):
            directive = _directive(token.info)
            if directive is None:
                continue  # a plain code block: shown code, not prose
            name, argument = directive
            if name in NON_PROSE_DIRECTIVES:
                continue
            start = token.map[0] + offset
            if argument and name not in ARGUMENT_IS_NOT_PROSE:
                blocks.extend(prose_blocks(argument, offset=start))
            body, skipped = _directive_body(token.content)
            blocks.extend(prose_blocks(body, offset=start + 1 + skipped))
    return blocks


def code_sources(path: Path, source: str | None = None) -> list[str]:
    """The page's code: its code cells (options stripped) and the files it ``literalinclude``s,
    inside directives too (a ``literalinclude`` in a dropdown)."""
    sources = []
    for token in _parser().parse(path.read_text() if source is None else source):
        if token.type not in ("fence", "colon_fence"):
            continue
        directive = _directive(token.info)
        if directive is None:
            continue
        name, argument = directive
        if name == "code-cell":
            sources.append(_directive_body(token.content)[0])
        elif name == "literalinclude":
            included = (path.parent / argument.strip()).resolve()
            if included.is_file():
                sources.append(included.read_text())
        elif name not in NON_PROSE_DIRECTIVES:
            sources.extend(code_sources(path, _directive_body(token.content)[0]))
    return sources


# --- finding numbers ---------------------------------------------------------------------

def _value(number: str, exponent: str | None) -> float:
    text = number.replace(",", "") + (exponent or "").replace("−", "-")
    return float(text)


@dataclass
class CodeNumbers:
    """The numeric literals of a page's code: their values, and those given a unit of time or
    memory (``max_seconds=60``, ``timeout_s = 30``, ``"256 MB"``) by family."""

    values: set[float]
    with_units: set[tuple[str, float]]


_CODE_LITERAL = r"(\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)([eE][-+]?\d+)?"
_CODE_UNIT_NAME = re.compile(
    r"([A-Za-z_]\w*)\s*(?::\s*\w+\s*)?=\s*(?<![\w.])" + _CODE_LITERAL + r"(?![\w.])")
_CODE_LITERAL_UNIT = re.compile(r"(?<![\w.])" + _CODE_LITERAL + r"\s?([A-Za-z]+)\b")


def unit_family(unit: str) -> str | None:
    """'time' or 'memory' for a unit word or a name that ends in one (``max_seconds``), else None."""
    unit = unit.lower()
    if unit in TIME_UNITS or re.search(r"(seconds|secs|minutes|hours|timeout|_s|_ms|_min)$", unit):
        return "time"
    if unit in MEMORY_UNITS or re.search(r"(bytes|_b|_kb|_mb|_gb|_kib|_mib|_gib)$", unit):
        return "memory"
    return None


def _literal_value(digits: str, exponent: str | None) -> float | None:
    try:
        return float(digits.replace("_", "") + (exponent or ""))
    except ValueError:
        return None


def without_comments(source: str) -> str:
    """Python source without its ``#`` comments: a number typed into a comment is not computed.
    Lines of IPython magics (``%%solution``) are blanked first; source that still does not
    tokenize is returned as it is."""
    import io
    import tokenize

    source = "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.split("\n"))
    lines = source.split("\n")
    try:
        comments = [token.start for token in tokenize.generate_tokens(io.StringIO(source).readline)
                    if token.type == tokenize.COMMENT]
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return source
    for row, column in comments:
        lines[row - 1] = lines[row - 1][:column]
    return "\n".join(lines)


def code_numbers(sources: list[str]) -> CodeNumbers:
    """Every numeric literal in the code (comments left out), as a value: ``2_000`` and
    ``2000.0`` are 2000."""
    values, with_units = set(), set()
    literal = re.compile(r"(?<![\w.])" + _CODE_LITERAL + r"(?![\w])")
    for source in map(without_comments, sources):
        for match in literal.finditer(source):
            if (value := _literal_value(match.group(1), match.group(2))) is not None:
                values.add(value)
        for pattern, unit_group, number_group in ((_CODE_UNIT_NAME, 1, 2), (_CODE_LITERAL_UNIT, 3, 1)):
            for match in pattern.finditer(source):
                family = unit_family(match.group(unit_group))
                value = _literal_value(match.group(number_group), match.group(number_group + 1))
                if family and value is not None:
                    with_units.add((family, value))
    return CodeNumbers(values, with_units)


def _accounted_by_code(values: set[float], unit: str, code: CodeNumbers) -> bool:
    """A time or a memory size needs the same value with a unit of its kind in the code (a
    stray ``2`` does not account for "2 GB"); other numbers need the same value anywhere."""
    family = unit_family(unit) if unit else None
    if family:
        return any(f == family and math.isclose(v, c, rel_tol=1e-9)
                   for f, c in code.with_units for v in values)
    return any(math.isclose(v, c, rel_tol=1e-9) for v in values for c in code.values)


@lru_cache(maxsize=4)
def pinned_versions(root: Path) -> tuple[tuple[tuple[str, ...], str], ...]:
    """(names a reader would use, version) for every ``name==version`` in requirements.txt."""
    pins = []
    requirements = Path(root) / "requirements.txt"
    if requirements.is_file():
        for raw in requirements.read_text().splitlines():
            match = re.match(r"\s*([A-Za-z0-9_.\-\[\]]+)==([\w.+]+)", raw)
            if match:
                name = re.sub(r"\[.*\]", "", match.group(1)).lower()
                names = _PACKAGE_ALIASES.get(name, (name, name.replace("-", " ")))
                pins.append((tuple(names), match.group(2)))
    return tuple(pins)


def _is_version(text: str, before: str, root: Path) -> bool:
    before = before[-40:].lower()
    for names, version in pinned_versions(root):
        if (version == text or version.startswith(text + ".")) and any(
                re.search(r"\b" + re.escape(name) + r"\b", before) for name in names):
            return True
    return False


def _is_structural(before: str) -> bool:
    words = before.lower().split()
    return bool(words) and words[-1].rstrip(":(") in STRUCTURAL_WORDS


def _masked(text: str) -> str:
    return _IDENTIFIER.sub(
        lambda m: " " * len(m.group(0)) if re.search(r"\d", m.group(0)) else m.group(0), text)


def _collapse(block: Block) -> tuple[str, list[int]]:
    """The block's text with whitespace runs collapsed, and each character's source index."""
    out, index = [], []
    for i, char in enumerate(block.text):
        if char.isspace():
            if out and out[-1] != " ":
                out.append(" ")
                index.append(i)
        else:
            out.append(char)
            index.append(i)
    return "".join(out), index


def _fragment(text: str, start: int, end: int, width: int = 60) -> str:
    """The sentence around text[start:end], cut to about ``width`` characters each side."""
    sentence_start = max((i + 2 for i in (text.rfind(". ", 0, start),) if i != -1), default=0)
    sentence_end = text.find(". ", end)
    sentence_end = len(text) if sentence_end == -1 else sentence_end + 1
    left, right = max(sentence_start, start - width), min(sentence_end, end + width)
    return ("…" if left > sentence_start else "") + " ".join(text[left:right].split()) + (
        "…" if right < sentence_end else "")


def block_findings(block: Block, page: str, code: CodeNumbers, root: Path) -> list[Finding]:
    """The numbers and relative measurements of one block that nothing accounts for."""
    text, heading = block.text, block.heading
    masked = _masked(block.mask)
    collapsed, index = _collapse(block)
    spans: list[tuple[int, int, str]] = []

    for match in _RELATIVE.finditer(block.mask):
        spans.append((match.start(), match.end(), "relative"))

    for match in _NUMBER.finditer(masked):
        number, exponent, factor = match.group("num"), match.group("exp"), match.group("factor")
        unit = (match.group("unit") or "").lower()
        start = match.start()
        end = match.end("factor") if factor else match.end("exp") if exponent else match.end("num")
        value = _value(number, exponent)
        plain_integer = not exponent and not factor and re.fullmatch(r"\d+", number)
        if plain_integer and value < 10 and unit not in UNIT_WORDS:
            continue
        before, after = text[:start], text[end:]
        if plain_integer and 1500 <= value <= 2100 and len(number) == 4 and unit not in COUNT_WORDS:
            continue  # a year
        if plain_integer and value <= 31 and (re.match(r"\s+" + _MONTHS, after)
                                              or re.search(_MONTHS + r"\s+$", before)):
            continue  # a day of a date
        if heading and not before.strip():
            continue  # a heading's number
        if _is_structural(before):
            continue
        if re.fullmatch(r"\d+(\.\d+)+", number) and _is_version(number, before, root):
            continue
        code_unit = unit if unit in UNIT_WORDS else ""
        percent = bool(factor) and factor.strip() == "%"
        accounted = _accounted_by_code({value, value / 100} if percent else {value}, code_unit, code)
        if match.group("range"):  # "1-2 GB": both ends
            low = _value(match.group("range").strip(" -–"), None)
            accounted = accounted and _accounted_by_code({low}, code_unit, code)
        if accounted:
            continue
        if unit and unit in UNIT_WORDS:
            end = match.end("unit")
        spans.append((start, end, "number"))

    for match in _NUMBER_WORD.finditer(block.mask):
        unit = match.group("unit").lower()
        if unit not in UNIT_WORDS or unit == "times" or len(unit) == 1:  # "one b" is not a byte
            continue
        if _accounted_by_code({NUMBER_WORDS[match.group("word").lower()]}, unit, code):
            continue
        spans.append((match.start(), match.end(), "number"))

    findings: list[Finding] = []
    relative = [(s, e) for s, e, kind in spans if kind == "relative"]
    for start, end, kind in sorted(spans):
        if kind == "number" and any(s <= start < e or start <= s < end for s, e in relative):
            continue  # reported once, as the relative measurement that contains it
        if any(f.start <= _collapsed_pos(index, start) < f.end for f in findings):
            continue
        findings.append(Finding(
            page=page, line=block.lines[start], text=" ".join(text[start:end].split()),
            kind=kind, fragment=_fragment(text, start, end), block=collapsed,
            start=_collapsed_pos(index, start), end=_collapsed_pos(index, end - 1) + 1))
    return findings


def _collapsed_pos(index: list[int], position: int) -> int:
    """The position in the collapsed text of the original character at ``position``."""
    from bisect import bisect_left

    return min(bisect_left(index, position), max(len(index) - 1, 0))


def page_findings(path: Path, root: Path) -> list[Finding]:
    """Every unaccounted number and relative measurement in one page's prose."""
    root, path = Path(root).resolve(), Path(path).resolve()
    page = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
    source = path.read_text()
    code = code_numbers(code_sources(path))
    findings = []
    for block in prose_blocks(source):
        findings.extend(block_findings(block, page, code, root))
    return findings


# --- the allowlist -----------------------------------------------------------------------

@dataclass
class Allowed:
    page: str
    phrase: str
    reason: str
    used: bool = False


def load_allowlist(path: Path) -> list[Allowed]:
    """Entries of the allowlist: ``{page: [{phrase, reason}, ...]}``; each needs a reason."""
    data = yaml.safe_load(Path(path).read_text()) or {}
    entries = []
    for page, items in data.items():
        for item in items or []:
            phrase, reason = item.get("phrase", ""), item.get("reason", "")
            if not phrase.strip() or not reason.strip():
                raise ValueError(f"{path}: every entry for {page} needs a phrase and a reason: {item}")
            entries.append(Allowed(page, " ".join(phrase.split()), " ".join(reason.split())))
    return entries


def is_allowed(finding: Finding, allowlist: list[Allowed]) -> bool:
    """Whether an allowlist entry for the finding's page has a phrase that covers the finding."""
    for entry in allowlist:
        if entry.page != finding.page:
            continue
        start = finding.block.find(entry.phrase)
        while start != -1:
            if start <= finding.start and finding.end <= start + len(entry.phrase):
                entry.used = True
                return True
            start = finding.block.find(entry.phrase, start + 1)
    return False


def check(root: Path, allowlist_path: Path | None = None,
          pages: list[Path] | None = None) -> tuple[list[str], list[str]]:
    """(one message per offender, one message per allowlist entry that matched nothing)."""
    root = Path(root).resolve()
    allowlist = load_allowlist(allowlist_path) if allowlist_path and Path(allowlist_path).is_file() else []
    if pages is None:
        pages = [p for page in toc_pages(root) if (p := page_file(root, page)) is not None]
    offenders = []
    for path in pages:
        for finding in page_findings(path, root):
            if not is_allowed(finding, allowlist):
                offenders.append(finding.message())
    checked = {str(Path(p).resolve().relative_to(root)) for p in pages
               if Path(p).resolve().is_relative_to(root)}
    stale = [f"{entry.page}: allowlist entry {entry.phrase!r} matches no number on the page: "
             f"remove it, or fix its phrase" for entry in allowlist
             if not entry.used and entry.page in checked]
    return offenders, stale


def main(argv: list[str] | None = None) -> int:
    root = Path.cwd()
    offenders, stale = check(root, root / "tests" / "prose_numbers_allowed.yml")
    for line in offenders + stale:
        print(line)
    print(f"{len(offenders)} number(s) in prose that no cell produced; {len(stale)} stale allowlist entries",
          file=sys.stderr)
    return 1 if offenders or stale else 0


if __name__ == "__main__":
    sys.exit(main())
