"""booktools.page_stats: the chapter size rule (lines, code against prose) and its command."""

from booktools import new_page, page_stats
from booktools.page_stats import PageStats, book_stats, rule_problems

from book_testing import REPO_ROOT

FRONT = new_page.FRONT_MATTER  # a MyST notebook's jupytext front matter


def page(code_lines: int, prose_lines: int) -> str:
    cell = "```{code-cell} ipython3\n:tags: [tensorflow]\n\n" + "x = 1\n" * code_lines + "```\n"
    return FRONT + "# Title\n\n" + "Some prose.\n" * (prose_lines - 1) + "\n" + cell


def test_code_and_prose_are_counted_without_options_blank_lines_or_front_matter(tmp_path):
    path = tmp_path / "chapter.md"
    path.write_text(page(code_lines=6, prose_lines=3))
    stats = page_stats.page_stats(path, "book/lectures/lecture09/chapter.md")
    assert (stats.code_lines, stats.prose_lines) == (6, 3)  # the :tags: line is not code
    assert stats.lines == len(path.read_text().splitlines())
    assert stats.code_per_prose == 2.0 and stats.problems() == []  # exactly 2 is allowed


def test_the_rule_names_long_or_code_heavy_lecture_chapters_and_spares_labs():
    long = PageStats("book/lectures/lecture09/long.md", 701, 10, 100)
    heavy = PageStats("book/lectures/lecture09/heavy.md", 100, 41, 20)
    lab = PageStats("book/labs/lab9_part1_x.md", 2000, 900, 100)
    problems = rule_problems([long, heavy, lab])
    assert len(problems) == 2
    assert "long.md: 701 lines, more than 700" in problems[0]
    assert "heavy.md: 41 lines of code for 20 of prose (2.05 per line), more than 2" in problems[1]
    assert PageStats("book/lectures/x/text.md", 50, 0, 40).problems() == []  # text only: no ratio


def test_every_lecture_chapter_of_the_book_keeps_the_rule(capsys):
    stats = book_stats(REPO_ROOT)
    assert any(row.page.startswith("book/lectures/lecture02/") for row in stats)
    assert rule_problems(stats) == []
    assert page_stats.main(["--root", str(REPO_ROOT)]) == 0
    assert "code/prose" in capsys.readouterr().out
