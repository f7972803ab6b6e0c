from booktools.report_diff import compare, main, site_figures
from introdl.results import Results


def write_site(root, pages):
    """A built site in miniature: index.html plus one HTML file per page holding its tables."""
    root.mkdir(parents=True)
    (root / "index.html").write_text("<html></html>")
    for name, tables in pages.items():
        path = root / f"{name}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(table._repr_html_() for table in tables))
    return root


def table(value, extra=None):
    results = Results()
    results.add("Dense layer", "max |ours - built-in|", "TensorFlow", value)
    results.add("Dense layer", "max |ours - built-in|", "PyTorch", value)
    if extra:
        results.add(extra, "accuracy", "PyTorch", 0.5)
    return results


def test_figures_are_keyed_by_table_row_and_column_not_by_page(tmp_path):
    old = write_site(tmp_path / "old", {"lecture": [table(1e-7)]})
    new = write_site(tmp_path / "new", {"lecture/chapter_two": [table(1e-7)]})
    assert compare(site_figures(old), site_figures(new)) == ([], [], [])


def test_missing_new_and_changed_figures_are_reported(tmp_path, capsys):
    old = write_site(tmp_path / "old", {"page": [table(1e-7, extra="Long task")]})
    new = write_site(tmp_path / "new", {"page": [table(2e-7, extra="Attention")]})
    missing, added, changed = compare(site_figures(old), site_figures(new))
    assert {key[1] for key in missing} == {"Long task"} and {key[1] for key in added} == {"Attention"}
    assert [(before, after) for _, before, after in changed] == [("1.00e-07", "2.00e-07")] * 2
    assert main([str(old), str(new)]) == 1  # a figure of the old build is gone
    assert "missing: Long task | accuracy | PyTorch (was 0.5)" in capsys.readouterr().out


def test_tables_without_a_framework_column_are_left_out_unless_asked(tmp_path):
    other = Results(columns=("characters", "words"))
    other.add("vocabulary size", "symbols", "characters", 90)
    site = write_site(tmp_path / "site", {"lab": [other]})
    assert site_figures(site) == {}
    assert site_figures(site, frameworks_only=False)[(("Experiment", "Result"), "vocabulary size", "symbols",
                                                          "characters")] == "90"


def test_a_folder_without_a_built_site_is_refused(tmp_path, capsys):
    import pytest

    with pytest.raises(SystemExit):
        main([str(tmp_path), str(tmp_path)])
    assert "holds no built site" in capsys.readouterr().err
