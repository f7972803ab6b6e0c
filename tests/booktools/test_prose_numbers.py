"""No number in a page's prose that no cell produced (booktools.prose_numbers).

The home page promises that nothing on these pages was pasted in. A time, a size, a speed-up
or a count typed into the text would be true of one run on one machine and silently go stale;
this test reads every toc page (no execution) and fails with one line per such number.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from book_testing import REPO_ROOT
from booktools import prose_numbers
from booktools.new_page import FRONT_MATTER  # a MyST notebook's jupytext front matter
from booktools.prose_numbers import check, load_allowlist, page_findings

ALLOWLIST = REPO_ROOT / "tests" / "prose_numbers_allowed.yml"


def write_page(tmp_path: Path, body: str, name: str = "page.md") -> Path:
    path = tmp_path / name
    path.write_text(FRONT_MATTER + textwrap.dedent(body))
    return path


def found(tmp_path: Path, body: str) -> list[str]:
    """The texts of the findings of a synthetic page."""
    return [finding.text for finding in page_findings(write_page(tmp_path, body), tmp_path)]


# --- the pages of the book ---------------------------------------------------------------

def test_no_typed_in_numbers_in_prose():
    offenders, _ = check(REPO_ROOT, ALLOWLIST)
    assert not offenders, (
        f"{len(offenders)} number(s) in the pages' prose that no cell produced:\n"
        + "\n".join(offenders))


def test_every_allowlist_entry_has_a_reason_and_still_matches():
    entries = load_allowlist(ALLOWLIST)
    assert all(len(entry.reason) > 30 for entry in entries), "every entry says where its number comes from"
    _, stale = check(REPO_ROOT, ALLOWLIST)
    assert not stale, "\n".join(stale)


# --- the extractor, on synthetic pages ---------------------------------------------------

def test_a_typed_in_duration_is_caught_with_page_line_and_advice(tmp_path):
    path = write_page(tmp_path, """
        # Training

        The model trains well.
        On this machine it took 25 minutes, and the book builds anyway.
        """)
    findings = page_findings(path, tmp_path)
    assert [f.text for f in findings] == ["25 minutes"]
    message = findings[0].message()
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "25 minutes" in text)
    assert message.startswith(f"page.md:{line}: number '25 minutes'")
    assert "took 25 minutes" in message
    assert "compute it in a cell, assert it, or cut it" in message
    assert "allowlist" in message or "prose_numbers_allowed.yml" in message


@pytest.mark.parametrize("sentence, expected", [
    ("A 25-minute build.", ["25-minute"]),
    ("The import alone takes 900 MB.", ["900 MB"]),
    ("The corpus holds 40,000 words.", ["40,000"]),
    ("It converged within 800 steps.", ["800 steps"]),
    ("PyTorch is about twice as fast here.", ["twice as fast"]),
    ("TensorFlow was 3.2x slower.", ["3.2x slower"]),
    ("Keras took three times longer.", ["three times longer"]),
    ("It needs half the memory.", ["half the memory"]),
    ("That is 40% faster.", ["40% faster"]),
    ("An order of magnitude slower.", ["An order of magnitude"]),
    ("Accuracy reached 97.5%.", ["97.5%"]),
    ("The loss fell to 0.42.", ["0.42"]),
    ("It takes two minutes.", ["two minutes"]),
    ("It used ~900MB.", ["900MB"]),
    ("PyTorch needed a third of the time.", ["a third of the time"]),
    ("A speedup of 3 on the GPU.", ["speedup of 3"]),
    ("One step takes 7 s.", ["7 s"]),
])
def test_measurements_are_caught(tmp_path, sentence, expected):
    assert found(tmp_path, sentence + "\n") == expected


def test_a_number_set_in_a_code_cell_is_accounted_for(tmp_path):
    body = """
        We train for 2,000 steps with learning rate 5e-3 on 40% of the data, in batches of 64.

        ```{code-cell} ipython3
        steps = 2_000
        learning_rate = 0.005
        fraction = 0.4
        batch_size = 64
        ```
        """
    assert found(tmp_path, body) == []
    assert found(tmp_path, body.replace("2_000", "1_000")) == ["2,000 steps"]


def test_a_number_in_a_code_comment_is_not_computed(tmp_path):
    body = """
        Training took 25 minutes on this machine.

        ```{code-cell} ipython3
        %%time
        steps = 10  # with 2000 steps this took 25 minutes
        ```
        """
    assert found(tmp_path, body) == ["25 minutes"]


def test_a_stray_literal_does_not_account_for_a_time_or_a_size(tmp_path):
    body = """
        The kernel needs 2 GB and a step takes 3 seconds.

        ```{code-cell} ipython3
        x = [2, 3]
        ```
        """
    assert found(tmp_path, body) == ["2 GB", "3 seconds"]
    assert found(tmp_path, body.replace("x = [2, 3]", "limit_gb = 2\nmax_seconds = 3")) == []


def test_maths_code_urls_and_references_are_not_prose(tmp_path):
    (tmp_path / "requirements.txt").write_text("tensorflow==2.21.0\ntorch==2.13.0\nkeras==3.15.1\n")
    body = """
        # 2.3 A heading's number

        With $w_0 = 1.5$ and $$z = 1024 \\cdot 4096$$ the sum is `12345` in code.

        $$
        \\sigma(z) = 0.25
        $$

        ```{math}
        x = 0.731
        ```

        See <https://example.org/page/12345>, https://example.org/2048 and
        [the video](https://www.youtube.com/watch?v=5tvmMX8r_OM&t=1234), issue #124205,
        tensorflow/tensorflow#124205 and arXiv:1706.03762.

        Rosenblatt (1958), float32, x86-64, GPT-3, MIT 6.S191, the 3rd epoch, Lecture 12,
        Section 10.2, on 15 February 2021, TensorFlow 2.21, torch 2.13.0 and Keras 3.15.

        ```python
        took = "25 minutes"
        ```

        ![A plot of 900 points](plot.png)
        """
    assert found(tmp_path, body) == []


def test_a_version_must_be_pinned_and_named(tmp_path):
    (tmp_path / "requirements.txt").write_text("tensorflow==2.21.0\nkeras==3.15.1\n")
    body = "TensorFlow 2.21 and Keras 3.15 ship; Keras 3.14 did not; the ratio is 2.21.\n"
    assert found(tmp_path, body) == ["3.14", "2.21"]


def test_admonitions_are_prose_and_code_cells_options_are_not_code(tmp_path):
    body = """
        :::{note} Took 12 minutes
        :class: tip

        It used 300 MB.
        :::

        ```{code-cell} ipython3
        ---
        mystnb:
          image:
            alt: "a loss of 0.42 after 12 minutes"
        ---
        print("hello")
        ```

        The loss was 0.42.
        """
    assert found(tmp_path, body) == ["12 minutes", "300 MB", "0.42"]


def test_literalinclude_counts_as_the_pages_code(tmp_path):
    (tmp_path / "helper.py").write_text("WINDOW = 4096\n")
    body = """
        Windows of 4096 characters.

        ```{literalinclude} helper.py
        ```
        """
    assert found(tmp_path, body) == []


def test_line_numbers_follow_the_source(tmp_path):
    path = write_page(tmp_path, """
        First paragraph.

        - an item
        - another, with `code` and $x$ and
          then 123 things

        | a | b |
        | - | - |
        | c | 4567 units |
        """)
    findings = page_findings(path, tmp_path)
    source = path.read_text().splitlines()
    assert [f.text for f in findings] == ["123", "4567"]
    for finding in findings:
        assert finding.text in source[finding.line - 1]


def test_the_allowlist_is_per_page_and_per_phrase(tmp_path):
    first = write_page(tmp_path, "Binder gives 2 GB of memory. This run used 2 GB.\n", "a.md")
    second = write_page(tmp_path, "Binder gives 2 GB of memory.\n", "b.md")
    allowlist = tmp_path / "allowed.yml"
    allowlist.write_text(
        "a.md:\n  - phrase: Binder gives 2 GB of memory\n"
        "    reason: mybinder.org's usage guidelines, at most 2GB\n")
    offenders, stale = check(tmp_path, allowlist, pages=[first, second])
    assert len(offenders) == 2
    assert offenders[0].startswith("a.md:11: number '2 GB'") and "This run used 2 GB" in offenders[0]
    assert offenders[1].startswith("b.md:11:")
    assert stale == []


def test_an_allowlist_entry_that_matches_nothing_is_stale(tmp_path):
    page = write_page(tmp_path, "Nothing measured here.\n", "a.md")
    allowlist = tmp_path / "allowed.yml"
    allowlist.write_text("a.md:\n  - phrase: took 25 minutes\n    reason: once true, now gone from the page\n")
    offenders, stale = check(tmp_path, allowlist, pages=[page])
    assert offenders == []
    assert len(stale) == 1 and "took 25 minutes" in stale[0]


def test_an_allowlist_entry_needs_a_reason(tmp_path):
    allowlist = tmp_path / "allowed.yml"
    allowlist.write_text("a.md:\n  - phrase: took 25 minutes\n")
    with pytest.raises(ValueError, match="reason"):
        load_allowlist(allowlist)


def test_the_module_documents_its_advice():
    assert "compute it in a cell, assert it, or cut it" in prose_numbers.ADVICE
