"""The "How this site was built" page (booktools.sphinxext.build_report).

A tiny book, its own git repository, builds a page whose Results tables lack a framework's
number, hold a figure for the pair, or have no framework column at all; the report must show
each of them as the rules say, and the page's provenance as setup_page() recorded it.
"""

import platform
import re
import shutil
import subprocess
import sys
import textwrap
from html.parser import HTMLParser

import pytest

from book_testing import REPO_ROOT, code_pages, commit_everything, notebook_page, start_tiny_book, toc_pages
from introdl.report_data import PROVENANCE_ATTRIBUTE, RESULTS_ATTRIBUTE, read_data_attributes

REPORT_PAGE = "book/build_report"


class TableRows(HTMLParser):
    """The text of each cell of each row of every <table> with a given class."""

    def __init__(self, css_class: str):
        super().__init__()
        self.css_class, self.depth, self.rows, self.cell = css_class, 0, [], None
        self.links = []  # per row, the href of each link in it

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "table" and (self.depth or self.css_class in classes):
            self.depth += 1
        elif self.depth and tag == "tr":
            self.rows.append([])
            self.links.append([])
        elif self.depth and tag == "a" and self.links:
            self.links[-1].append(dict(attrs).get("href"))
        elif self.depth and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table" and self.depth:
            self.depth -= 1
        elif self.depth and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table_rows(html: str, css_class: str, links: bool = False):
    """The rows of the table(s) with ``css_class``: lists of cell texts (and hrefs, if ``links``)."""
    parser = TableRows(css_class)
    parser.feed(html)
    return (parser.rows, parser.links) if links else parser.rows


@pytest.fixture(scope="module")
def report_book(tmp_path_factory):
    root = tmp_path_factory.mktemp("report_book")
    front = start_tiny_book(root)
    shutil.copy(REPO_ROOT / f"{REPORT_PAGE}.md", root / "report.md")
    (root / "index.md").write_text("# Home\n\n```{tableofcontents}\n```\n")
    (root / "page.md").write_text(notebook_page(front, "A page", textwrap.dedent("""\
        ## Measured

        ```{code-cell} ipython3
        from introdl.results import Results

        results = Results(columns=("TensorFlow", "PyTorch", "largest difference"))
        results.add("Both", "loss", "TensorFlow", 0.25)
        results.add("Both", "loss", "PyTorch", 0.5)
        results.add("Only TensorFlow", "accuracy", "TensorFlow", 0.9)
        results.add("Pair", "max |difference|", "largest difference", 3e-7)
        results
        ```

        ```{code-cell} ipython3
        other = Results(columns=("By hand",), row_headers=("Sums by hand", ""))
        other.add("1 + 1", "", "By hand", 2)
        other
        ```
        """)))
    (root / "_toc.yml").write_text("format: jb-book\nroot: index\nchapters:\n  - file: page\n  - file: report\n")
    (root / ".gitignore").write_text("_build/\n")
    commit = commit_everything(root)
    result = subprocess.run([sys.executable, "-m", "booktools.build", "--profile", "smoke", "--root", str(root)],
                            cwd=REPO_ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return root / "_build" / "html", commit


@pytest.mark.slow
def test_the_report_shows_what_ran_the_page_from_setup_page_and_the_build(report_book):
    html_dir, commit = report_book
    report = (html_dir / "report.html").read_text()
    header, *rows = table_rows(report, "introdl-provenance-table")
    assert header == ["Page", "Profile", "Device", "Python", "TensorFlow", "Keras", "PyTorch", "Commit",
                      "Ran", "Run time (s)"]
    assert len(rows) == 1, rows
    page, profile, device, python, tensorflow, keras, pytorch, page_commit, ran, seconds = rows[0]
    recorded = read_data_attributes(PROVENANCE_ATTRIBUTE, (html_dir / "page.html").read_text())[0]
    assert page == "A page" and profile == "smoke" and device == recorded["device"]
    assert python == platform.python_version()
    assert tensorflow == keras == pytorch == "not used"  # the page set up neither framework
    assert page_commit == commit and re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", ran)
    assert float(seconds) >= 0
    assert f"from commit {commit}, profile smoke." in " ".join(report.split()).replace("</code>", "").replace(
        '<code class="docutils literal notranslate"><span class="pre">', "").replace("</span>", "")
    assert "The page ran at the commit this site was built from." in report
    # The page's own provenance line says the same.
    assert f"from commit {commit}" in (html_dir / "page.html").read_text()


@pytest.mark.slow
def test_the_report_lists_every_framework_figure_and_marks_missing_ones(report_book):
    html_dir, _ = report_book
    report = (html_dir / "report.html").read_text()
    header, *rows = table_rows(report, "introdl-framework-results")
    assert header == ["Section", "Experiment", "Result", "TensorFlow", "PyTorch", "Other figures of the row"]
    assert rows == [
        ["A page"],
        ["Measured", "Both", "loss", "0.25", "0.5", ""],
        ["Measured", "Only TensorFlow", "accuracy", "0.9", "missing", ""],
        ["Measured", "Pair", "max |difference|", "between the two", "largest difference: 3.00e-07"],
    ]
    assert '<strong class="introdl-missing">missing</strong>' in report
    assert "3 rows from 1 page; 1 row gives one figure for the pair" in report
    assert "1 framework number missing" in report
    # Each row links to the section its table stands in.
    assert report.count('href="page.html#measured"') == 3 + 1  # and the table named below
    # A table with no framework column is named, not mixed into the comparison.
    assert 'the table “Sums by hand” in <a class="reference internal" href="page.html#measured">A page, Measured</a>' in report


def test_results_and_setup_page_publish_their_figures_as_data():
    from introdl.results import Results
    from introdl.page_setup import PageEnvironment

    results = Results()
    results.add("x", "y", "TensorFlow", 1.5)
    assert read_data_attributes(RESULTS_ATTRIBUTE, results._repr_html_()) == [
        {"row_headers": ["Experiment", "Result"], "columns": ["TensorFlow", "PyTorch"],
         "rows": [["x", "y", ["1.5", None]]]}]
    env = PageEnvironment(profile="smoke", seed=0, device_name='GPU ("quoted" & <odd>)',
                          versions={"PyTorch": "2.0"}, executed_at="2026-01-01 00:00 UTC", commit="abc")
    record = read_data_attributes(PROVENANCE_ATTRIBUTE, env._repr_html_())[0]
    assert record["device"] == 'GPU ("quoted" & <odd>)' and record["commit"] == "abc"
    assert "Run 2026-01-01 00:00 UTC from commit abc" in env._repr_html_()
    assert read_data_attributes(RESULTS_ATTRIBUTE, 'data-introdl-results="{not json"') == []


def test_the_books_report_covers_every_page_that_runs_code(smoke_html):
    """On the real book: a provenance row per page, agreeing with the page's own record, and
    one comparison row per row of every Results table with a framework column."""
    report = (smoke_html / f"{REPORT_PAGE}.html").read_text()
    (_, *provenance), (_, *hrefs) = table_rows(report, "introdl-provenance-table", links=True)
    _, *figures = table_rows(report, "introdl-framework-results")
    report_folder = (smoke_html / REPORT_PAGE).parent
    by_page = {(report_folder / links[0]).resolve(): row for row, links in zip(provenance, hrefs)}
    expected_rows = 0
    for page in toc_pages():
        html = (smoke_html / f"{page}.html").read_text()
        records = read_data_attributes(PROVENANCE_ATTRIBUTE, html)
        if page == REPORT_PAGE or page not in code_pages():  # the report and the text-only lecture indexes
            assert not records
            continue
        assert records, f"{page} shows no setup_page() record"
        record = records[0]
        row = by_page[(smoke_html / f"{page}.html").resolve()]
        versions = record["versions"]
        assert row[1:9] == [record["profile"], record["device"], record["python"],
                            *(versions.get(name, "not used") for name in ("TensorFlow", "Keras", "PyTorch")),
                            record["commit"] or "not recorded", record["executed_at"]], (page, row, record)
        keys = {(tuple(t["row_headers"]), tuple(t["columns"]), r[0], r[1])
                for t in read_data_attributes(RESULTS_ATTRIBUTE, html)
                if {"TensorFlow", "PyTorch"} & set(t["columns"]) for r in t["rows"]}
        expected_rows += len(keys)
    assert len(provenance) == len(code_pages())
    assert len([row for row in figures if len(row) > 1]) == expected_rows >= 30
    assert "framework number missing" not in report and "framework numbers missing" not in report
