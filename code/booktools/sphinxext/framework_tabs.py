"""Group executed TensorFlow/PyTorch cells into synced "TensorFlow | PyTorch" tabs.

myst-nb drops a ``{code-cell}`` placed inside a sphinx-design ``tab-item`` (myst-nb #723),
so a page cannot write its framework tabs as directives. Instead a page tags its cells:

    ```{code-cell} ipython3
    :tags: [tensorflow]
    ...
    ```
    ```{code-cell} ipython3
    :tags: [pytorch]
    ...
    ```

In Jupyter or Binder these stay plain cells that run in order. On the site, this
transform wraps each run of adjacent tagged cells (TensorFlow cells, then PyTorch
cells) in a sphinx-design tab set, the executed outputs included. The tabs share one
sync group, so choosing PyTorch once switches every tab set on the page, and
sphinx-design remembers the choice across pages (localStorage); ``?framework=pytorch``
in the URL preselects it.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from introdl.frameworks import FRAMEWORKS, PYTORCH, TENSORFLOW

logger = logging.getLogger(__name__)

SYNC_GROUP = "framework"
FRAMEWORK_LABELS = {framework.id: framework.name for framework in FRAMEWORKS.values()}


def cell_framework(node: nodes.Node) -> str | None:
    """The framework a myst-nb code cell is tagged with, or None."""
    if not isinstance(node, nodes.container) or node.get("nb_element") != "cell_code":
        return None
    tags = node.get("cell_metadata", {}).get("tags", [])
    found = [name for name in FRAMEWORK_LABELS if name in tags]
    if len(found) > 1:
        logger.warning(
            "a cell is tagged both 'tensorflow' and 'pytorch'; give it one framework tag",
            location=node,
        )
    return found[0] if found else None


def _framework_runs(parent: nodes.Element):
    """Yield lists of adjacent framework cells; a new run starts when TF follows PyTorch."""
    run: list[nodes.container] = []
    for child in list(parent.children):
        framework = cell_framework(child)
        if framework is None:
            if run:
                yield run
            run = []
            continue
        if run and framework == TENSORFLOW and cell_framework(run[-1]) == PYTORCH:
            yield run
            run = []
        run.append(child)
    if run:
        yield run


def _tab_item(framework: str, cells: list[nodes.Node]) -> nodes.container:
    """The node structure sphinx-design's ``tab-item`` directive produces."""
    label = nodes.rubric(
        "", FRAMEWORK_LABELS[framework], classes=["sd-tab-label"],
        sync_id=framework, sync_group=SYNC_GROUP,
    )
    content = nodes.container(
        "", *cells, is_div=True, design_component="tab-content", classes=["sd-tab-content"]
    )
    return nodes.container(
        "", label, content, is_div=True, design_component="tab-item",
        classes=["sd-tab-item"], selected=(framework == TENSORFLOW),
    )


class FrameworkTabs(SphinxTransform):
    """Wrap tagged TensorFlow/PyTorch cells into one synced tab set per run."""

    default_priority = 500  # after myst-nb has turned the notebook into nodes

    def apply(self, **kwargs) -> None:
        parents = {id(cell.parent): cell.parent for cell in self.document.findall(nodes.container)
                   if cell_framework(cell)}
        for parent in parents.values():
            for run in list(_framework_runs(parent)):
                self._wrap(parent, run)

    def _wrap(self, parent: nodes.Element, run: list[nodes.container]) -> None:
        by_framework = {name: [c for c in run if cell_framework(c) == name] for name in FRAMEWORK_LABELS}
        missing = [FRAMEWORK_LABELS[name] for name, cells in by_framework.items() if not cells]
        if missing:
            logger.warning(
                "a framework cell has no %s twin next to it; tag adjacent cells 'tensorflow' "
                "then 'pytorch' (or drop the tag to show the cell outside the tabs)",
                " or ".join(missing), location=run[0],
            )
            return
        tab_set = nodes.container(
            "", is_div=True, design_component="tab-set",
            classes=["sd-tab-set", "framework-tabs"],
        )
        parent.insert(parent.index(run[0]), tab_set)
        for cell in run:
            parent.remove(cell)
        for name, cells in by_framework.items():
            tab_set += _tab_item(name, cells)


def setup(app):
    app.setup_extension("sphinx_design")
    app.add_transform(FrameworkTabs)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
