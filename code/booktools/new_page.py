"""Start a new lecture or lab in one step: its page(s), its code package, its test, its toc entry.

    python -m booktools.new_page lecture03 "Deep computer vision" --chapter "Images are arrays"
    python -m booktools.new_page lab2_part1 "Deep computer vision"

A **lecture** (``lectureNN``, two digits) becomes a folder of chapters:

* ``book/lectures/lectureNN/index.md``: the lecture's title and one line per chapter (a page
  of text: add the lecture's 2021 video and slides, and what each chapter shows);
* ``book/lectures/lectureNN/<slug>.md``: its first chapter, a MyST notebook that starts with
  ``introdl.setup_page()`` and runs one small step in TensorFlow and in PyTorch (tagged
  ``tensorflow`` and ``pytorch``, so the site shows them as one tab set);
* ``code/introdl/lectureNN/__init__.py``: the lesson's own package (kept if it exists);
* ``tests/pages/lectureNN/test_<slug>.py``: runs the chapter as Binder does, smoke profile;
* in ``_toc.yml``, the index with the chapter as its section, last in the ``Lectures`` part.

A **lab** (``labN`` or ``labN_partM``; the name says which, no flag) stays one page, as the
labs' steps share state: ``book/labs/<name>_<slug>.md``, the package ``code/introdl/labN/``,
the test ``tests/pages/labN/test_<name>_<slug>.py``, and an entry last in the ``Labs`` part.

The slug is the chapter's title (``--chapter``, default: the lesson's title) in lowercase
words joined by ``_``, or ``--slug``. Nothing is written, and one line says why, when the
lesson exists already (a folder or page under its name, or a toc entry), the name or slug is
malformed, ``_toc.yml`` has no such part, or a test module of the same name exists elsewhere
under ``tests/`` (pytest imports test modules by their file name). ``--root`` is the book's
root (default: the current folder).
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from introdl.frameworks import FRAMEWORKS, PYTORCH, TENSORFLOW

from .toc import toc_pages

LECTURE_NAME = re.compile(r"lecture(?P<number>\d{2})")
LAB_NAME = re.compile(r"lab(?P<number>\d+)(?:_part(?P<part>\d+))?")
SLUG = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")

FRONT_MATTER = """\
---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""

SETUP_CELL = """\
```{code-cell} ipython3
import introdl

env = introdl.setup_page()
```
"""

def _example() -> str:
    """One small step in both frameworks: cells tagged with the framework ids, which the site
    shows as one tab set (``booktools.sphinxext.framework_tabs``)."""
    tf, torch = FRAMEWORKS[TENSORFLOW], FRAMEWORKS[PYTORCH]
    return (
        "## The same tensor in both frameworks\n\n"
        "Each framework makes the same small tensor of zeros and prints its shape, the first thing to\n"
        "check when code moves from one framework to the other.\n\n"
        f"```{{code-cell}} ipython3\n:tags: [{tf.id}]\n\nimport {tf.module} as tf\n\n"
        "x_tf = tf.zeros((2, 3))\nprint(x_tf.shape)\n```\n\n"
        f"```{{code-cell}} ipython3\n:tags: [{torch.id}]\n\nimport {torch.module}\n\n"
        "x_torch = torch.zeros(2, 3)\nprint(x_torch.shape)\n```\n")


PAGE_TEST = '''\
"""{what}: it runs on its own, as Binder runs it (smoke profile)."""

from pathlib import Path

from booktools.notebook_run import run_page

PAGE = Path(__file__).resolve().parents[3] / "{page}"


def test_the_page_runs_and_shows_what_ran_it():
    run = run_page(PAGE, profile="smoke")  # raises PageRunError, naming the cell, if one fails
    first = next(cell for cell in run.notebook.cells if cell.cell_type == "code")
    assert "setup_page()" in first.source
    shown = "".join(output.get("text", "") + output.get("data", {{}}).get("text/plain", "")
                    for output in first.outputs)
    assert "Profile: smoke" in shown, shown
'''


_NAMES = " and in ".join(FRAMEWORKS[framework].name for framework in (TENSORFLOW, PYTORCH))


class NewPageError(ValueError):
    """Why nothing was written: one line."""


@dataclass(frozen=True)
class Lesson:
    name: str      # lecture03, lab2_part1
    title: str     # the lesson's title, as the course gives it
    kind: str      # "lecture" or "lab"
    number: int
    part: int | None = None

    @property
    def package(self) -> str:
        """The lesson subpackage of introdl: lecture03, lab2."""
        return self.name if self.kind == "lecture" else f"lab{self.number}"

    @property
    def heading(self) -> str:
        if self.kind == "lecture":
            return f"Lecture {self.number}: {self.title}"
        return f"Lab {self.number}" + (f", part {self.part}" if self.part else "") + f": {self.title}"

    @property
    def toc_part(self) -> str:
        return "Lectures" if self.kind == "lecture" else "Labs"


def parse_lesson(name: str, title: str) -> Lesson:
    if not title.strip() or "\n" in title:
        raise NewPageError(f"the title must be one line of text, got {title!r}")
    if match := LECTURE_NAME.fullmatch(name):
        return Lesson(name, title.strip(), "lecture", int(match["number"]))
    if match := LAB_NAME.fullmatch(name):
        return Lesson(name, title.strip(), "lab", int(match["number"]),
                      int(match["part"]) if match["part"] else None)
    raise NewPageError(f"{name!r} is not a lesson name: use lectureNN (two digits, e.g. lecture03) "
                       f"or labN / labN_partM (e.g. lab2_part1)")


def slugify(title: str) -> str:
    """'Images are arrays' -> 'images_are_arrays' (lowercase ASCII words joined by _)."""
    return "_".join(re.findall(r"[a-z0-9]+", title.lower()))


def check_slug(slug: str) -> str:
    if not SLUG.fullmatch(slug) or slug == "index":
        raise NewPageError(f"{slug!r} is not a chapter slug: lowercase words joined by _, starting "
                           f"with a letter, not 'index' (give --slug)")
    return slug


# -------------------------------------------------------------------------------- the toc

def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def toc_with_entry(toc_text: str, part: str, entry: list[str]) -> str:
    """``toc_text`` with ``entry`` (lines of ``- file: ...``, relative to the chapter indentation)
    added as the last chapter of the part captioned ``part``; the rest of the text is kept."""
    lines = toc_text.splitlines(keepends=True)
    caption = re.compile(rf"^(\s*)- caption:\s*['\"]?{re.escape(part)}['\"]?\s*(#.*)?$")
    start = next((i for i, line in enumerate(lines) if caption.match(line.rstrip("\n"))), None)
    if start is None:
        raise NewPageError(f"_toc.yml has no part with `caption: {part}`: add it, then run this again")
    part_indent = _indent(lines[start])
    end = start + 1
    while end < len(lines):
        stripped = lines[end].strip()
        if stripped and not stripped.startswith("#") and _indent(lines[end]) <= part_indent:
            break
        end += 1
    last = end - 1
    while last > start and (not lines[last].strip() or lines[last].strip().startswith("#")):
        last -= 1
    entries = [line for line in lines[start + 1:end] if line.lstrip().startswith("- ")]
    chapter_indent = _indent(entries[0]) if entries else part_indent + 4
    if not any(line.strip() == "chapters:" for line in lines[start + 1:end]):
        raise NewPageError(f"the {part} part of _toc.yml has no `chapters:` list: add one, then run this again")
    if not lines[last].endswith("\n"):
        lines[last] += "\n"
    added = [" " * chapter_indent + line + "\n" for line in entry]
    new_text = "".join(lines[:last + 1] + added + lines[last + 1:])
    # What a reader of _toc.yml would see: the entry is the part's last chapter.
    toc = yaml.safe_load(new_text)
    chapters = next((p.get("chapters") or [] for p in toc.get("parts", []) if p.get("caption") == part), [])
    if not chapters or chapters[-1] != yaml.safe_load("\n".join(entry))[0]:
        raise NewPageError(f"could not add the entry as the last chapter of the {part} part of _toc.yml: "
                           f"add it by hand")
    return new_text


# -------------------------------------------------------------------------------- the files

def planned_files(root: Path, lesson: Lesson, chapter_title: str, slug: str) -> dict[Path, str]:
    """``{path: text}`` of every file the lesson starts with (the package only if it is new)."""
    files: dict[Path, str] = {}
    if lesson.kind == "lecture":
        folder = f"book/lectures/{lesson.name}"
        chapter = f"{folder}/{slug}"
        files[root / folder / "index.md"] = (
            f"# {lesson.heading}\n\n"
            f"Executable notes for Lecture {lesson.number} of MIT 6.S191 (2021), *{lesson.title}*, with\n"
            f"every step in {_NAMES}, side by side. Each chapter runs on its own:\n\n"
            f"- {{doc}}`{slug}`\n")
        files[root / f"{chapter}.md"] = (
            f"{FRONT_MATTER}\n# {chapter_title}\n\n"
            f"A chapter of {{doc}}`{lesson.heading} <index>`,\n"
            f"executable notes for MIT 6.S191 (2021): each step runs in {_NAMES}, side\n"
            f"by side.\n\n"
            f"{SETUP_CELL}\n{_example()}")
        test = root / "tests" / "pages" / lesson.package / f"test_{slug}.py"
        what = f"Lecture {lesson.number}, chapter {chapter_title!r}"
    else:
        chapter = f"book/labs/{lesson.name}_{slug}"
        files[root / f"{chapter}.md"] = (
            f"{FRONT_MATTER}\n# {lesson.heading}\n\n"
            f"A software lab of MIT 6.S191 (2021), *{lesson.title}*, with each step in {_NAMES},\n"
            f"side by side.\n\n"
            f"{SETUP_CELL}\n{_example()}")
        test = root / "tests" / "pages" / lesson.package / f"test_{lesson.name}_{slug}.py"
        what = lesson.heading
    files[test] = PAGE_TEST.format(what=what.replace('"', "'"), page=f"{chapter}.md")
    package = root / "code" / "introdl" / lesson.package / "__init__.py"
    if not package.exists():
        label = f"Lecture {lesson.number}" if lesson.kind == "lecture" else f"Lab {lesson.number}"
        files[package] = (
            f'"""{label}\'s own code ({lesson.title}): what its pages import.\n\n'
            f"The core of ``introdl`` (page setup, profiles, frameworks, results, plotting, weight copying,\n"
            f"side-by-side training, self-checks) serves every page; what only {label} uses lives here.\n"
            f'"""\n')
    return files


def toc_entry(lesson: Lesson, slug: str) -> list[str]:
    if lesson.kind == "lecture":
        folder = f"book/lectures/{lesson.name}"
        return [f"- file: {folder}/index", "  sections:", f"    - file: {folder}/{slug}"]
    return [f"- file: book/labs/{lesson.name}_{slug}"]


def existing_lesson(root: Path, lesson: Lesson) -> str | None:
    """What already holds the lesson's name: a folder, a page or a toc entry; None if nothing."""
    if lesson.kind == "lecture":
        folder = root / "book" / "lectures"
        prefix = f"book/lectures/{lesson.name}"
        found = sorted(folder.glob(f"{lesson.name}")) + sorted(folder.glob(f"{lesson.name}_*")) + \
            sorted(folder.glob(f"{lesson.name}.*"))
    else:
        folder = root / "book" / "labs"
        prefix = f"book/labs/{lesson.name}"
        found = sorted(folder.glob(f"{lesson.name}_*")) + sorted(folder.glob(f"{lesson.name}.*"))
    if found:
        return found[0].relative_to(root).as_posix()
    for page in toc_pages(root):
        if page == prefix or page.startswith((prefix + "/", prefix + "_")):
            return f"{page} (in _toc.yml)"
    return None


def create(root: Path, name: str, title: str, chapter: str | None = None, slug: str | None = None) -> list[Path]:
    """Write the lesson's files and its toc entry; return the paths written (the toc last).
    Raises NewPageError, having written nothing, when the lesson cannot be started."""
    root = Path(root)
    lesson = parse_lesson(name, title)
    chapter_title = (chapter or lesson.title).strip()
    if not chapter_title or "\n" in chapter_title:
        raise NewPageError(f"the chapter title must be one line of text, got {chapter!r}")
    slug = check_slug(slug if slug is not None else slugify(chapter_title))
    toc_path = root / "_toc.yml"
    if not toc_path.is_file():
        raise NewPageError(f"no _toc.yml in {root.resolve()}: run from the repository root, or give --root")
    if (held := existing_lesson(root, lesson)) is not None:
        raise NewPageError(f"{lesson.name} exists already: {held}")
    toc_text = toc_with_entry(toc_path.read_text(), lesson.toc_part, toc_entry(lesson, slug))
    files = planned_files(root, lesson, chapter_title, slug)
    for path in files:
        if path.exists():
            raise NewPageError(f"{path.relative_to(root)} exists already")
    test = next(path for path in files if path.parts[-3:-1] == ("pages", lesson.package))
    twins = sorted(p for p in (root / "tests").rglob(test.name)) if (root / "tests").is_dir() else []
    if twins:
        raise NewPageError(f"{twins[0].relative_to(root)} exists already, and pytest needs distinct test "
                           f"module names: choose another --slug")
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    toc_path.write_text(toc_text)
    return [*files, toc_path]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m booktools.new_page", description=__doc__.split("\n\n")[0])
    parser.add_argument("name", help="lectureNN (a folder of chapters) or labN / labN_partM (one page)")
    parser.add_argument("title", help='the lesson\'s title, e.g. "Deep computer vision"')
    parser.add_argument("--chapter", help="the first chapter's title (default: the lesson's title)")
    parser.add_argument("--slug", help="the chapter's file name without .md (default: from its title)")
    parser.add_argument("--root", default=".", help="the book's root, holding _toc.yml (default: .)")
    args = parser.parse_args(argv)
    root = Path(args.root)
    try:
        written = create(root, args.name, args.title, args.chapter, args.slug)
    except NewPageError as error:
        print(f"new_page: {error}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path.relative_to(root).as_posix()}")
    page = next(p for p in written if p.suffix == ".md" and p.name != "index.md")
    print(f"next: write the page, then run it as Binder does:\n"
          f"    python -m booktools.notebook_run {page.relative_to(root).as_posix()} --profile smoke")
    return 0


if __name__ == "__main__":
    sys.exit(main())
