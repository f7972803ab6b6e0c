"""Draw the computation graph that a framework records for a small function.

The figure is not drawn by hand: ``trace_tensorflow`` asks ``tf.function`` for the graph of
the function, ``trace_pytorch`` asks ``torch.fx``, and ``draw_graph`` lays either one out
left to right (inputs, then operations, then the output) with matplotlib::

    draw_graph(trace_tensorflow(tf_func), ax, output_label="e")

A function that cannot be traced yet (a TODO returning ``...``) gives a graph whose
``error`` says why; ``draw_graph`` writes that message instead of failing.
"""

from __future__ import annotations

import inspect
import numbers
from dataclasses import dataclass, field

from .tensor_inspect import one_line

# Operation names (TF op types, torch / operator function names) and the symbol drawn.
_SYMBOLS = {
    "add": "+",
    "addv2": "+",
    "sub": "−",
    "subtract": "−",
    "mul": "×",
    "multiply": "×",
    "truediv": "÷",
    "realdiv": "÷",
    "div": "÷",
    "divide": "÷",
    "matmul": "@",
    "sigmoid": "σ",
    "pow": "^",
    "square": "x²",
    "neg": "−x",
}


@dataclass
class Node:
    key: str
    label: str  # drawn inside the circle: "a", "+", "1"
    caption: str  # drawn under it: the framework's name for the operation
    kind: str  # "input", "const" or "op"


@dataclass
class ComputationGraph:
    nodes: list[Node] = field(default_factory=list)
    edges: list[tuple[str, str]] = field(default_factory=list)  # (from key, to key)
    output: str | None = None
    error: str | None = None  # why there is nothing to draw

    def node(self, key: str) -> Node:
        return next(node for node in self.nodes if node.key == key)

    @property
    def operations(self) -> list[Node]:
        return [node for node in self.nodes if node.kind == "op"]


def _symbol(name: str) -> str:
    return _SYMBOLS.get(name.lower().strip("_"), name)


def _constant_label(value) -> str:
    try:
        return f"{float(value):g}"
    except (TypeError, ValueError):
        return str(value)


def _argument_names(fn) -> list[str]:
    return list(inspect.signature(fn).parameters)


def trace_tensorflow(fn) -> ComputationGraph:
    """The graph ``tf.function`` builds for ``fn`` called on scalar float32 inputs."""
    try:
        import tensorflow as tf

        specs = [tf.TensorSpec([], tf.float32, name=name) for name in _argument_names(fn)]
        # autograph=False: these are straight-line functions, and AutoGraph warns about lambdas.
        graph = tf.function(fn, autograph=False).get_concrete_function(*specs).graph
    except Exception as error:
        return ComputationGraph(error=f"TensorFlow could not trace it: {one_line(error)}")

    result = ComputationGraph()
    producer = {}  # tensor name -> node key (Identity ops pass their input through)
    for op in graph.get_operations():
        inputs = [producer[tensor.name] for tensor in op.inputs if tensor.name in producer]
        if op.type in ("Identity", "NoOp"):
            for tensor in op.outputs:
                producer[tensor.name] = inputs[0] if inputs else None
            continue
        if op.type == "Placeholder":
            node = Node(op.name, op.name, "input", "input")
        elif op.type == "Const":
            value = tf.make_ndarray(op.get_attr("value"))
            node = Node(op.name, _constant_label(value), "constant", "const")
        else:
            node = Node(op.name, _symbol(op.type), op.type, "op")
        result.nodes.append(node)
        result.edges += [(key, node.key) for key in inputs if key is not None]
        for tensor in op.outputs:
            producer[tensor.name] = node.key
    outputs = [producer.get(tensor.name) for tensor in graph.outputs]
    result.output = outputs[0] if outputs else None
    if not result.operations or result.output is None:
        result.error = "nothing to draw: the function computes no tensor yet (a TODO?)"
    return result


def trace_pytorch(fn) -> ComputationGraph:
    """The graph ``torch.fx.symbolic_trace`` records for ``fn``."""
    try:
        import torch
        import torch.fx

        traced = torch.fx.symbolic_trace(fn)
    except Exception as error:
        return ComputationGraph(error=f"torch.fx could not trace it: {one_line(error)}")

    result = ComputationGraph()
    for fx_node in traced.graph.nodes:
        if fx_node.op == "placeholder":
            result.nodes.append(Node(fx_node.name, fx_node.name, "input", "input"))
        elif fx_node.op in ("call_function", "call_method"):
            name = getattr(fx_node.target, "__name__", str(fx_node.target))
            is_torch = getattr(torch, name, None) is fx_node.target
            caption = f"torch.{name}" if is_torch else f"{fx_node.op.split('_')[1]} {name}"
            if fx_node.op == "call_function" and not is_torch:
                caption = f"operator.{name}"
            result.nodes.append(Node(fx_node.name, _symbol(name), caption, "op"))
            for position, argument in enumerate(fx_node.args):
                if isinstance(argument, torch.fx.Node):
                    result.edges.append((argument.name, fx_node.name))
                elif isinstance(argument, numbers.Number):
                    key = f"{fx_node.name}_arg{position}"
                    result.nodes.append(Node(key, _constant_label(argument), "constant", "const"))
                    result.edges.append((key, fx_node.name))
        elif fx_node.op == "output":
            returned = fx_node.args[0]
            result.output = returned.name if isinstance(returned, torch.fx.Node) else None
    if not result.operations or result.output is None:
        result.error = "nothing to draw: the function computes no tensor yet (a TODO?)"
    return result


# --------------------------------------------------------------------------------------
# Layout and drawing

_MIN_GAP = 1.0  # vertical distance between nodes of one column
_RADIUS = 0.3
_COLOURS = {"input": "#cfe3ff", "const": "#e6e6e6", "op": "#ffd8a8"}


def layout(graph: ComputationGraph) -> dict[str, tuple[float, float]]:
    """(x, y) per node: columns by depth from the inputs, rows by the mean of parents."""
    parents = {node.key: [a for a, b in graph.edges if b == node.key] for node in graph.nodes}
    kinds = {node.key: node.kind for node in graph.nodes}
    column: dict[str, int] = {}
    for node in graph.nodes:  # nodes come in execution order, so parents come first
        variable_parents = [p for p in parents[node.key] if kinds[p] != "const"]
        column[node.key] = 1 + max((column[p] for p in variable_parents), default=-1)
    positions: dict[str, tuple[float, float]] = {}
    inputs = [node.key for node in graph.nodes if node.kind == "input"]
    for row, key in enumerate(inputs):
        positions[key] = (0.0, -float(row))
    for depth in range(1, max(column.values(), default=0) + 1):
        keys = [n.key for n in graph.nodes if n.kind == "op" and column[n.key] == depth]
        for key in keys:
            ys = [positions[p][1] for p in parents[key] if kinds[p] != "const"]
            positions[key] = (float(depth), sum(ys) / len(ys) if ys else 0.0)
        _spread(positions, keys)
    # A constant sits one column before the operation that uses it, just below it.
    for node in graph.nodes:
        if node.kind == "const":
            child = next(b for a, b in graph.edges if a == node.key)
            x, y = positions[child]
            positions[node.key] = (x - 1, y - _MIN_GAP / 2)
            same_column = [k for k, (cx, _) in positions.items() if cx == x - 1]
            _spread(positions, same_column, movable={node.key})
    return positions


def _spread(positions, keys, movable=None) -> None:
    """Push nodes of one column apart (downwards) until they are _MIN_GAP apart."""
    ordered = sorted(keys, key=lambda key: -positions[key][1])
    for upper, lower in zip(ordered, ordered[1:]):
        (x, y_upper), (_, y_lower) = positions[upper], positions[lower]
        if y_upper - y_lower < _MIN_GAP and (movable is None or lower in movable):
            positions[lower] = (x, y_upper - _MIN_GAP)
        elif y_upper - y_lower < _MIN_GAP and movable is not None and upper in movable:
            positions[upper] = (x, y_lower + _MIN_GAP)


def draw_graph(
    graph: ComputationGraph, ax=None, title: str = "", output_label: str = "output", result_names=()
):
    """Draw ``graph`` on ``ax`` (a new figure if None); return the axes.

    ``result_names`` names the operations' results in the order the framework recorded
    them (e.g. ``("c", "d", "e")``); they are written above the operation nodes.
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(5, 3))
    ax.set_title(title, fontsize=11)
    ax.set_axis_off()
    if graph.error:
        ax.text(0.5, 0.5, graph.error, ha="center", va="center", wrap=True, transform=ax.transAxes)
        return ax
    positions = layout(graph)
    for start, end in graph.edges:
        _arrow(ax, positions[start], positions[end])
    out_x, out_y = positions[graph.output]
    end = (out_x + 1.0, out_y)
    _arrow(ax, (out_x, out_y), end, end_radius=0.0)
    ax.text(end[0] + 0.08, out_y, output_label, ha="left", va="center", fontsize=13, style="italic")
    names = dict(zip([op.key for op in graph.operations], result_names))
    for node in graph.nodes:
        x, y = positions[node.key]
        if node.key in names and node.key != graph.output:
            name = names[node.key]
            ax.text(x, y + _RADIUS + 0.05, name, ha="center", va="bottom", fontsize=12, style="italic")
        circle = plt.Circle((x, y), _RADIUS, facecolor=_COLOURS[node.kind], edgecolor="#444444")
        ax.add_patch(circle)
        ax.text(x, y, node.label, ha="center", va="center", fontsize=14)
        caption_y = y - _RADIUS - 0.08
        ax.text(x, caption_y, node.caption, ha="center", va="top", fontsize=8, color="#555555")
    xs = [x for x, _ in positions.values()] + [end[0] + 0.6]
    ys = [y for _, y in positions.values()]
    ax.set_xlim(min(xs) - 0.5, max(xs) + 0.2)
    ax.set_ylim(min(ys) - 0.75, max(ys) + 0.5)
    ax.set_aspect("equal")
    return ax


def _arrow(ax, start, end, end_radius: float = _RADIUS) -> None:
    (x0, y0), (x1, y1) = start, end
    length = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    ax.annotate(
        "",
        xy=(x1 - ux * end_radius, y1 - uy * end_radius),
        xytext=(x0 + ux * _RADIUS, y0 + uy * _RADIUS),
        arrowprops={"arrowstyle": "-|>", "color": "#444444", "lw": 1.2},
    )


def compare_graphs(tf_fn, torch_fn, output_label: str = "output", title: str = "", result_names=()):
    """One figure, two panels: the graph of ``tf_fn`` in TensorFlow, of ``torch_fn`` in PyTorch."""
    import matplotlib.pyplot as plt

    graphs = [trace_tensorflow(tf_fn), trace_pytorch(torch_fn)]
    # Size the figure to the graphs so that small graphs are not drawn huge.
    extents = [_extent(graph) for graph in graphs]
    width = sum(w for w, _ in extents) + 0.5
    height = max(h for _, h in extents) + (0.4 if title else 0.0)
    fig, axes = plt.subplots(1, 2, figsize=(width, height), width_ratios=[w for w, _ in extents])
    panel_titles = ["TensorFlow: recorded by tf.function", "PyTorch: recorded by torch.fx"]
    for graph, ax, panel_title in zip(graphs, axes, panel_titles):
        draw_graph(graph, ax, panel_title, output_label, result_names)
    if title:
        fig.suptitle(title, fontsize=12)
    fig.tight_layout()
    return fig


def _extent(graph: ComputationGraph, inches_per_unit: float = 0.95) -> tuple[float, float]:
    """(width, height) in inches for one panel showing ``graph``."""
    if graph.error:
        return 4.5, 2.0
    xs, ys = zip(*layout(graph).values())
    return (max(xs) - min(xs) + 2.4) * inches_per_unit, (max(ys) - min(ys) + 1.7) * inches_per_unit
