"""A page's "TensorFlow to PyTorch" cheat sheet, read from the page's own code cells.

Nothing in the table is typed by hand. ``api_table(page)`` reads the MyST page with
jupytext and walks every code cell tagged ``tensorflow`` or ``pytorch`` with Python's
``ast``. It collects, per step (the nearest heading above the cell):

- framework names written in full, resolved through the page's imports
  (``nn.Linear`` after ``from torch import nn`` is ``torch.nn.Linear``), kept only if they
  resolve to a real attribute of the framework;
- methods and attributes used on framework objects (``.numpy()``, ``.backward()``,
  ``.grad``) and methods a class overrides (``def call()``, ``def forward()``), kept only
  if the framework's own classes define a member of that name (found by inspecting
  ``tf.Tensor``, ``tf.Variable``, ``tf.GradientTape``, Keras layers, models and optimisers,
  and ``torch.Tensor``, ``torch.nn.Module`` and ``torch.optim.Optimizer``);
- on/off switches passed to them (``persistent=True``, ``requires_grad=True``).

In a notebook the returned :class:`ApiTable` shows itself as an HTML table.
"""

from __future__ import annotations

import ast
import builtins
import html
import importlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .frameworks import FRAMEWORKS, IDS, PYTORCH, TENSORFLOW

FRAMEWORK_TAGS = IDS
# The top-level modules of each framework, and how the table spells them.
# Keyed by the top-level module an import names (tensorflow, keras, torch).
_TF_MODULE, _TORCH_MODULE = FRAMEWORKS[TENSORFLOW].module, FRAMEWORKS[PYTORCH].module
_ROOTS = {_TF_MODULE: "tf", "keras": "keras", _TORCH_MODULE: "torch"}
_FRAMEWORK_OF_ROOT = {_TF_MODULE: TENSORFLOW, "keras": TENSORFLOW, _TORCH_MODULE: PYTORCH}
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*$")
_BEFORE_ANY_HEADING = "(top of the page)"


@dataclass
class Step:
    title: str
    tensorflow: list[str] = field(default_factory=list)
    pytorch: list[str] = field(default_factory=list)

    def add(self, framework: str, names) -> None:
        column = getattr(self, framework)
        column.extend(name for name in names if name not in column)


@dataclass
class ApiTable:
    steps: list[Step]

    def to_markdown(self) -> str:
        lines = ["| Step | TensorFlow | PyTorch |", "| --- | --- | --- |"]
        for step in self.steps:
            columns = (step.tensorflow, step.pytorch)
            cells = [", ".join(f"`{name}`" for name in column) for column in columns]
            lines.append(f"| {step.title.replace('|', '/')} | {cells[0]} | {cells[1]} |")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        def code_list(names):
            return ", ".join(f"<code>{html.escape(name)}</code>" for name in names)

        def title(text):  # `code` in headings becomes <code>
            return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text, quote=False))

        rows = "".join(
            f"<tr><td>{title(step.title)}</td><td>{code_list(step.tensorflow)}</td>"
            f"<td>{code_list(step.pytorch)}</td></tr>"
            for step in self.steps
        )
        return (
            '<table class="introdl-cheatsheet"><thead><tr><th>Step</th><th>TensorFlow</th>'
            f"<th>PyTorch</th></tr></thead><tbody>{rows}</tbody></table>"
        )

    def __repr__(self) -> str:
        return self.to_markdown()


def api_table(page) -> ApiTable:
    """The cheat sheet of the MyST page at ``page`` (a path, relative to the working directory)."""
    import jupytext

    path = Path(page)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such page; give the path of the .md page itself")
    notebook = jupytext.read(path)
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    aliases = import_aliases(cell.source for cell in code_cells)
    steps: dict[str, Step] = {}
    heading = _BEFORE_ANY_HEADING
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                match = _HEADING.match(line)
                if match and len(match.group(1)) >= 2:
                    heading = match.group(2)
            continue
        tags = cell.metadata.get("tags", [])
        framework = next((tag for tag in FRAMEWORK_TAGS if tag in tags), None)
        if cell.cell_type != "code" or framework is None:
            continue
        step = steps.setdefault(heading, Step(heading))
        step.add(framework, apis_in(cell.source, aliases, framework))
    return ApiTable([step for step in steps.values() if step.tensorflow or step.pytorch])


def _parse(source: str) -> ast.Module | None:
    """Parse a cell, ignoring IPython magics and shell escapes; None if it is not Python."""
    lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()]
    try:
        return ast.parse("\n".join(lines))
    except SyntaxError:
        return None


def import_aliases(sources) -> dict[str, str]:
    """Names bound by the imports of the cells: {'tf': 'tensorflow', 'nn': 'torch.nn', ...}."""
    aliases: dict[str, str] = {}
    for source in sources:
        tree = _parse(source)
        for node in ast.walk(tree) if tree else ():
            if isinstance(node, ast.Import):
                for name in node.names:
                    if name.asname:
                        aliases[name.asname] = name.name
                    else:  # `import torch.nn` binds `torch`
                        root = name.name.split(".")[0]
                        aliases[root] = root
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for name in node.names:
                    aliases[name.asname or name.name] = f"{node.module}.{name.name}"
    return aliases


def _dotted(node) -> list[str] | None:
    """['tf', 'keras', 'layers', 'Dense'] for tf.keras.layers.Dense; None if not a name chain."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return [node.id, *reversed(parts)]
    return None


def _display(qualified: str) -> str:
    root, _, rest = qualified.partition(".")
    return f"{_ROOTS[root]}.{rest}" if rest else _ROOTS[root]


@lru_cache(maxsize=None)
def _resolves(qualified: str) -> bool:
    """True if ``qualified`` (e.g. 'tensorflow.keras.layers.Dense') names a real object."""
    parts = qualified.split(".")
    for split in range(len(parts), 0, -1):  # the longest importable module prefix
        try:
            obj = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        try:
            for part in parts[split:]:
                obj = getattr(obj, part)
        except AttributeError:
            return False
        return True
    return False


@lru_cache(maxsize=None)
def framework_members(framework: str) -> frozenset[str]:
    """Public member names of the framework classes a lab's objects come from."""
    if framework == TENSORFLOW:
        import tensorflow as tf

        classes = [
            tf.Tensor,
            type(tf.constant(0.0)),  # EagerTensor: .numpy() lives here
            type(tf.Variable(0.0)),
            tf.GradientTape,
            tf.keras.Variable,
            tf.keras.layers.Layer,
            tf.keras.Model,
            tf.keras.Sequential,
            tf.keras.optimizers.Optimizer,
        ]
    elif framework == PYTORCH:
        import torch

        classes = [torch.Tensor, torch.nn.Module, torch.optim.Optimizer]
    else:
        raise ValueError(f"framework should be one of {FRAMEWORK_TAGS}, got {framework!r}")
    return frozenset(name for cls in classes for name in dir(cls) if not name.startswith("_"))


def apis_in(source: str, aliases: dict[str, str], framework: str) -> list[str]:
    """The framework APIs one cell uses, in the order the syntax tree meets them."""
    tree = _parse(source)
    if tree is None:
        return []
    collector = _ApiCollector(aliases, framework)
    collector.visit(tree)
    return collector.found


def _is_builtin_call(node) -> bool:
    """True for str(...), list(...) and the like: their methods are Python's, not a framework's."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and isinstance(getattr(builtins, node.func.id, None), type)
    )


class _ApiCollector(ast.NodeVisitor):
    def __init__(self, aliases: dict[str, str], framework: str):
        self.aliases = aliases
        self.framework = framework
        self.members = framework_members(framework)
        self.called: set[int] = set()  # ids of the nodes that are called
        self.found: list[str] = []

    def _add(self, name: str) -> None:
        if name not in self.found:
            self.found.append(name)

    def _framework_name(self, node) -> str | None:
        """'tf.keras.layers.Dense' if ``node`` is a resolvable name of this framework."""
        chain = _dotted(node)
        if not chain or chain[0] not in self.aliases:
            return None
        qualified = ".".join([self.aliases[chain[0]], *chain[1:]])
        root = qualified.split(".")[0]
        if _FRAMEWORK_OF_ROOT.get(root) != self.framework or not _resolves(qualified):
            return None
        return _display(qualified)

    def _is_module_alias(self, node) -> bool:
        chain = _dotted(node)
        return bool(chain) and chain[0] in self.aliases

    def visit_Call(self, node: ast.Call) -> None:
        self.called.add(id(node.func))
        switches = [
            f"{keyword.arg}={keyword.value.value}"
            for keyword in node.keywords
            if keyword.arg and isinstance(getattr(keyword.value, "value", None), bool)
        ]
        if switches:
            name = self._framework_name(node.func)
            if name is None and self._member(node.func):
                name = f".{node.func.attr}"
            if name is not None:
                self._add(f"{name}({', '.join(switches)})")
        self.generic_visit(node)

    def _member(self, node) -> bool:
        """True for obj.attr where obj is not a module and the framework defines attr."""
        return (
            isinstance(node, ast.Attribute)
            and not isinstance(node.value, (ast.Constant, ast.JoinedStr))
            and not _is_builtin_call(node.value)
            and not self._is_module_alias(node)
            and node.attr in self.members
        )

    def visit_Attribute(self, node: ast.Attribute) -> None:
        name = self._framework_name(node)
        if name is not None:
            self._add(name)
            return  # the chain's inner attributes are parts of this name
        if self._is_module_alias(node):
            return  # numpy, matplotlib, introdl...: not this framework's API
        if self._member(node):
            self._add(f".{node.attr}()" if id(node) in self.called else f".{node.attr}")
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        # Names imported directly, e.g. `from tensorflow.keras import Sequential`.
        if node.id in self.aliases and "." in self.aliases[node.id]:
            name = self._framework_name(node)
            if name is not None:
                self._add(name)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        bases = [self._framework_name(base) for base in node.bases]
        for base in node.bases:
            self.visit(base)
        if any(bases):
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name in self.members:
                    self._add(f"def {item.name}()")
        for item in node.body:
            self.visit(item)
