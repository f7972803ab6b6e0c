"""The transform that groups tagged cells into framework tabs, on hand-made doctrees."""

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from booktools.sphinxext.framework_tabs import FrameworkTabs, _framework_runs, cell_framework


def cell(*tags):
    return nodes.container("", nb_element="cell_code", cell_metadata={"tags": list(tags)})


def document_with(*children):
    document = new_document("test", get_default_settings(Parser))
    section = nodes.section()
    section.extend(children)
    document += section
    return document, section


def apply(document):
    transform = FrameworkTabs.__new__(FrameworkTabs)  # skip Sphinx env wiring; apply() needs only the doctree
    transform.document = document
    transform.apply()


def tab_sets(section):
    return [c for c in section.children if c.get("design_component") == "tab-set"]


def test_cell_framework_reads_tags():
    assert cell_framework(cell("tensorflow")) == "tensorflow"
    assert cell_framework(cell("pytorch", "hide-input")) == "pytorch"
    assert cell_framework(cell()) is None
    assert cell_framework(nodes.paragraph()) is None


def test_runs_split_on_prose_and_when_tensorflow_follows_pytorch():
    tf1, pt1, tf2, pt2 = cell("tensorflow"), cell("pytorch"), cell("tensorflow"), cell("pytorch")
    prose = nodes.paragraph(text="between")
    _, section = document_with(tf1, pt1, tf2, pt2, prose, cell("tensorflow"), cell("pytorch"))
    runs = list(_framework_runs(section))
    assert [len(r) for r in runs] == [2, 2, 2]
    assert runs[0] == [tf1, pt1] and runs[1] == [tf2, pt2]


def test_tagged_cells_become_one_synced_tab_set_in_order():
    plain, tf_a, tf_b, pt = cell(), cell("tensorflow"), cell("tensorflow"), cell("pytorch", "hide-input")
    document, section = document_with(plain, tf_a, tf_b, pt, nodes.paragraph(text="after"))
    apply(document)
    assert section.children[0] is plain
    (tab_set,) = tab_sets(section)
    assert section.index(tab_set) == 1
    items = tab_set.children
    labels = [item.children[0] for item in items]
    assert [label.astext() for label in labels] == ["TensorFlow", "PyTorch"]
    assert {label["sync_group"] for label in labels} == {"framework"}
    assert [label["sync_id"] for label in labels] == ["tensorflow", "pytorch"]
    assert items[0].children[1].children == [tf_a, tf_b]
    assert items[1].children[1].children == [pt]
    assert items[0]["selected"] and not items[1]["selected"]


def test_a_lone_framework_cell_is_left_alone_with_a_warning():
    lone = cell("pytorch")
    document, section = document_with(nodes.paragraph(text="x"), lone)
    warnings = []
    import booktools.sphinxext.framework_tabs as module

    original = module.logger.warning
    module.logger.warning = lambda msg, *args, **kwargs: warnings.append(msg % args)
    try:
        apply(document)
    finally:
        module.logger.warning = original
    assert not tab_sets(section)
    assert lone.parent is section
    assert warnings and "TensorFlow" in warnings[0]
