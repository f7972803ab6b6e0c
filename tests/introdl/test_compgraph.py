"""Computation graphs traced from TensorFlow and PyTorch, and their layout."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import matplotlib

matplotlib.use("Agg")

import tensorflow as tf
import torch

from introdl import compgraph


def tf_func(a, b):
    return tf.multiply(tf.add(a, b), tf.subtract(b, 1))


def torch_func(a, b):
    return torch.multiply(torch.add(a, b), torch.subtract(b, 1))


def shape_of(graph):
    """The graph as labels: {(from label, to label)}, independent of framework naming."""
    label = {node.key: node.label for node in graph.nodes}
    return sorted((label[a], label[b]) for a, b in graph.edges)


def test_both_frameworks_record_the_same_graph():
    tf_graph, torch_graph = compgraph.trace_tensorflow(tf_func), compgraph.trace_pytorch(torch_func)
    expected = sorted([("a", "+"), ("b", "+"), ("b", "−"), ("1", "−"), ("+", "×"), ("−", "×")])
    assert shape_of(tf_graph) == expected
    assert shape_of(torch_graph) == expected
    assert [op.caption for op in tf_graph.operations] == ["AddV2", "Sub", "Mul"]
    assert [op.caption for op in torch_graph.operations] == ["torch.add", "torch.subtract", "torch.multiply"]
    assert tf_graph.node(tf_graph.output).label == "×" == torch_graph.node(torch_graph.output).label


def test_python_operators_trace_too():
    graph = compgraph.trace_pytorch(lambda a, b: (a + b) * (b - 1))
    assert [op.caption for op in graph.operations] == ["operator.add", "operator.sub", "operator.mul"]


def test_layout_puts_operations_after_their_inputs_without_overlap():
    graph = compgraph.trace_tensorflow(tf_func)
    positions = compgraph.layout(graph)
    for start, end in graph.edges:
        assert positions[start][0] < positions[end][0]
    points = list(positions.values())
    for i, (x1, y1) in enumerate(points):
        for x2, y2 in points[i + 1 :]:
            assert (x1, y1) != (x2, y2)
            assert x1 != x2 or abs(y1 - y2) >= 1.0


def test_untraceable_functions_give_a_message_not_an_exception():
    for graph in (compgraph.trace_tensorflow(lambda a, b: ...), compgraph.trace_pytorch(lambda a, b: ...)):
        assert graph.error
    fig = compgraph.compare_graphs(lambda a, b: ..., lambda a, b: ..., output_label="e")
    texts = [text.get_text() for ax in fig.axes for text in ax.texts]
    assert any("could not trace" in t or "nothing to draw" in t for t in texts)


def test_compare_graphs_labels_results_in_recorded_order():
    fig = compgraph.compare_graphs(tf_func, torch_func, output_label="e", result_names=("c", "d", "e"))
    for ax in fig.axes:
        labels = [text.get_text() for text in ax.texts]
        assert labels.count("c") == 1 and labels.count("d") == 1 and labels.count("e") == 1
