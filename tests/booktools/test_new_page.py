"""booktools.new_page: a lecture or lab started in one step passes the book's rules, builds and
runs its own test untouched; a lesson that exists, a malformed name or a toc without the part
is refused in one line, with nothing written."""

import difflib
import shutil
import subprocess
import sys

import pytest

from book_testing import REPO_ROOT, start_tiny_book
from booktools import new_page, prose_numbers
from booktools.page_rules import FIRST_CELL, setup_problems
from booktools.page_stats import book_stats, rule_problems
from booktools.toc import code_cells, toc_pages

SKELETON_TOC = """\
# Table of contents.
format: jb-book
root: book/intro
parts:
  - caption: Lectures
    chapters:
      - file: book/lectures/lecture01/index
        sections:
          - file: book/lectures/lecture01/first
  - caption: Labs
    chapters:
      - file: book/labs/lab1_part1_intro   # a lab stays one page
  - caption: About this site
    chapters:
      - file: book/about
"""


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.fixture
def skeleton(tmp_path):
    """The repo's book skeleton in miniature: the real _config.yml, pytest settings and page-test
    conftest, a toc with the three parts, and plain pages (nothing to execute)."""
    start_tiny_book(tmp_path)
    shutil.copy(REPO_ROOT / "pyproject.toml", tmp_path)
    write(tmp_path / "tests/pages/conftest.py", (REPO_ROOT / "tests/pages/conftest.py").read_text())
    write(tmp_path / "_toc.yml", SKELETON_TOC)
    for page, title in [("book/intro", "Home"), ("book/lectures/lecture01/index", "Lecture 1"),
                        ("book/lectures/lecture01/first", "First"), ("book/labs/lab1_part1_intro", "Lab 1"),
                        ("book/about", "About")]:
        write(tmp_path / f"{page}.md", f"# {title}\n\nWords.\n")
    return tmp_path


def files_under(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_lecture_starts_as_an_index_a_chapter_a_package_a_test_and_a_toc_entry(skeleton, capsys):
    assert new_page.main(["lecture03", "Deep computer vision", "--chapter", "Images are arrays",
                          "--root", str(skeleton)]) == 0
    written = capsys.readouterr().out
    for path in ("book/lectures/lecture03/index.md", "book/lectures/lecture03/images_are_arrays.md",
                 "code/introdl/lecture03/__init__.py", "tests/pages/lecture03/test_images_are_arrays.py", "_toc.yml"):
        assert f"wrote {path}\n" in written
    assert toc_pages(skeleton) == ["book/intro", "book/lectures/lecture01/index", "book/lectures/lecture01/first",
                                   "book/lectures/lecture03/index", "book/lectures/lecture03/images_are_arrays",
                                   "book/labs/lab1_part1_intro", "book/about"]
    assert "# Table of contents.\n" in (skeleton / "_toc.yml").read_text()  # the rest of the file is kept
    index = (skeleton / "book/lectures/lecture03/index.md").read_text()
    assert index.startswith("# Lecture 3: Deep computer vision\n") and "- {doc}`images_are_arrays`\n" in index
    chapter = skeleton / "book/lectures/lecture03/images_are_arrays.md"
    assert "\n# Images are arrays\n" in chapter.read_text()
    cells = code_cells(chapter)
    assert cells[0] == FIRST_CELL.replace("\n", "\n\n")
    assert "import tensorflow as tf" in cells[1] and "import torch" in cells[2]
    import jupytext

    tags = [cell.metadata.get("tags") for cell in jupytext.read(chapter).cells if cell.cell_type == "code"]
    assert tags == [None, ["tensorflow"], ["pytorch"]]
    package = (skeleton / "code/introdl/lecture03/__init__.py").read_text()
    assert package.startswith('"""Lecture 3\'s own code (Deep computer vision)')
    compile(package, "__init__.py", "exec")
    compile((skeleton / "tests/pages/lecture03/test_images_are_arrays.py").read_text(), "test", "exec")


def test_the_new_pages_pass_the_page_rules_the_size_rule_and_the_prose_numbers_check(skeleton):
    assert new_page.main(["lecture03", "Deep computer vision", "--root", str(skeleton)]) == 0
    assert new_page.main(["lab2_part1", "Deep computer vision", "--root", str(skeleton)]) == 0
    assert setup_problems(skeleton) == []
    stats = {row.page: row for row in book_stats(skeleton)}
    assert rule_problems(list(stats.values())) == []
    assert stats["book/lectures/lecture03/deep_computer_vision.md"].code_lines > 0
    assert prose_numbers.check(skeleton) == ([], [])


def test_a_lab_is_one_page_last_in_the_labs_part_and_an_existing_package_is_kept(skeleton):
    write(skeleton / "code/introdl/lab2/__init__.py", '"""Lab 2, already started."""\n')
    written = new_page.create(skeleton, "lab2_part1", "Deep computer vision", slug="cnn")
    assert [p.relative_to(skeleton).as_posix() for p in written] == [
        "book/labs/lab2_part1_cnn.md", "tests/pages/lab2/test_lab2_part1_cnn.py", "_toc.yml"]
    assert toc_pages(skeleton)[-2:] == ["book/labs/lab2_part1_cnn", "book/about"]
    assert "\n# Lab 2, part 1: Deep computer vision\n" in (skeleton / "book/labs/lab2_part1_cnn.md").read_text()
    assert (skeleton / "code/introdl/lab2/__init__.py").read_text() == '"""Lab 2, already started."""\n'


def test_the_real_toc_takes_a_new_lecture_after_its_last_lecture_and_keeps_the_rest():
    toc = (REPO_ROOT / "_toc.yml").read_text()
    entry = new_page.toc_entry(new_page.parse_lesson("lecture09", "Later"), "first")
    changed = new_page.toc_with_entry(toc, "Lectures", entry)
    diff = list(difflib.ndiff(toc.splitlines(), changed.splitlines()))
    assert [line[2:].strip() for line in diff if line.startswith("+ ")] == [line.strip() for line in entry]
    assert not [line for line in diff if line.startswith("- ")]  # nothing of the old toc is lost
    import yaml

    parts = {part["caption"]: part["chapters"] for part in yaml.safe_load(changed)["parts"]}
    assert parts["Lectures"][-1] == {"file": "book/lectures/lecture09/index",
                                     "sections": [{"file": "book/lectures/lecture09/first"}]}


@pytest.mark.parametrize("args, message", [
    (["lecture3", "X"], "'lecture3' is not a lesson name: use lectureNN (two digits, e.g. lecture03)"),
    (["Lecture03", "X"], "is not a lesson name"),
    (["lab", "X"], "is not a lesson name"),
    (["lecture03", " "], "the title must be one line of text"),
    (["lecture03", "X", "--slug", "Images"], "'Images' is not a chapter slug"),
    (["lecture03", "X", "--slug", "index"], "'index' is not a chapter slug"),
    (["lecture03", "!!!"], "'' is not a chapter slug"),
    (["lecture01", "X"], "lecture01 exists already: book/lectures/lecture01"),
    (["lab1_part1", "X"], "lab1_part1 exists already: book/labs/lab1_part1_intro.md"),
])
def test_a_malformed_name_or_an_existing_lesson_is_refused_in_one_line_writing_nothing(skeleton, capsys, args,
                                                                                      message):
    before = files_under(skeleton)
    assert new_page.main([*args, "--root", str(skeleton)]) == 2
    error = capsys.readouterr().err
    assert error.startswith("new_page: ") and message in error and error.count("\n") == 1, error
    assert files_under(skeleton) == before


def test_a_lesson_only_in_the_toc_a_toc_without_its_part_or_a_twin_test_module_is_refused(skeleton):
    toc = skeleton / "_toc.yml"
    toc.write_text(SKELETON_TOC.replace("book/about", "book/lectures/lecture04_old"))
    with pytest.raises(new_page.NewPageError, match=r"lecture04 exists already: book/lectures/lecture04_old \(in _toc"):
        new_page.create(skeleton, "lecture04", "X")
    toc.write_text(SKELETON_TOC.replace("caption: Lectures", "caption: Notes"))
    with pytest.raises(new_page.NewPageError, match="_toc.yml has no part with `caption: Lectures`: add it"):
        new_page.create(skeleton, "lecture03", "X")
    toc.write_text(SKELETON_TOC.replace("caption: Labs", "caption: Practice"))
    with pytest.raises(new_page.NewPageError, match="no part with `caption: Labs`"):
        new_page.create(skeleton, "lab2", "X")
    toc.write_text(SKELETON_TOC)
    write(skeleton / "tests/music/test_training.py", "")
    before = files_under(skeleton)
    with pytest.raises(new_page.NewPageError, match="tests/music/test_training.py exists already, and pytest needs "
                                                    "distinct test module names: choose another --slug"):
        new_page.create(skeleton, "lecture03", "Training")
    assert files_under(skeleton) == before


@pytest.mark.slow
def test_the_new_lecture_builds_and_its_page_test_passes_untouched(skeleton):
    assert new_page.main(["lecture03", "Deep computer vision", "--chapter", "Images are arrays",
                          "--root", str(skeleton)]) == 0
    build = subprocess.run([sys.executable, "-m", "booktools.build", "--profile", "smoke", "--root", str(skeleton)],
                           cwd=REPO_ROOT, capture_output=True, text=True)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    assert "book/lectures/lecture03/images_are_arrays.md" in build.stdout  # executed
    html = (skeleton / "_build/html/book/lectures/lecture03/images_are_arrays.html").read_text()
    assert "framework-tabs" in html and "torch.Size([2, 3])" in html
    assert "images_are_arrays.html" in (skeleton / "_build/html/book/lectures/lecture03/index.html").read_text()
    test = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "tests/pages/lecture03/test_images_are_arrays.py"],
                          cwd=skeleton, capture_output=True, text=True)
    assert test.returncode == 0, test.stdout[-3000:] + test.stderr[-3000:]
    assert "1 passed" in test.stdout
