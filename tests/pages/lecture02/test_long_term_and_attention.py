"""Lecture 2's chapter on long-term dependencies and attention: it runs alone, its from-scratch
attention equals the built-ins, and as built in the smoke profile it has every section, figure
and result."""

import numpy as np
import pytest

from lecture02_chapters import (chapter_html, check_results_table, check_runs_alone, figures, missing_sections,
                                source_path, tagged_cells_namespace)

PAGE = "book/lectures/lecture02/long_term_and_attention"
SOURCE = source_path(PAGE)
TOLERANCE = 1e-5

SECTIONS = [
    "Long-term dependencies and attention",
    "Long-term dependencies, measured",
    "Attention",
    "An attention model for the long-term task",
    "Applications from the lecture",
    "Summary",
]

EXPERIMENTS = ["Long-term dependencies", "Attention from scratch", "Attention model, copy first symbol"]


def test_the_chapter_runs_alone():
    check_runs_alone(PAGE)


def test_the_source_stays_short_and_keeps_its_citations():
    text = SOURCE.read_text()
    assert len(text.splitlines()) <= 700
    for citation in ("Vaswani et al., 2017", "Sutskever, Vinyals and Le, 2014", "Bahdanau, Cho and Bengio, 2015",
                     "Wu et al., 2016", "Socher et al., 2013", "Alahi et al., 2016", "Shi et al., 2015"):
        assert citation in text, citation


def test_the_copy_first_runs_use_the_remedies_training_budget():
    """The chapter trains the models of gradients_through_time for the same number of steps."""
    remedies = source_path("book/lectures/lecture02/gradients_through_time").read_text()
    budget = "by_profile(smoke=20, full=800)"
    assert budget in remedies and f"train_steps = {budget}" in SOURCE.read_text()


@pytest.fixture(scope="module")
def html(smoke_html):
    return chapter_html(smoke_html, PAGE)


def test_every_section_is_on_the_page(html):
    assert not missing_sections(html, SECTIONS)


def test_every_figure_is_rendered(html):
    # accuracy against length, the toy attention weights, the attention model with its weights
    assert len(figures(html)) >= 3, figures(html)


def test_the_scratch_attention_sits_in_framework_tabs(html):
    # the scratch attention, its check against the built-ins, and the attention model's classes
    assert len(html.split('<div class="sd-tab-set framework-tabs')) - 1 >= 3
    assert "scaled_dot_product_attention_tf" in html and "scaled_dot_product_attention_torch" in html


def test_the_closing_table_has_both_frameworks_for_every_experiment(html):
    check_results_table(html, EXPERIMENTS)


def test_scratch_attention_equals_multi_head_attention_and_sdpa():
    import tensorflow as tf
    import torch
    import torch.nn.functional as F

    rng = np.random.default_rng(2024)
    q, k, v = (rng.normal(size=(3, n, d)).astype(np.float32) for n, d in ((4, 6), (7, 6), (7, 6)))
    ns_tf = tagged_cells_namespace(PAGE, "scratch-attention", "tensorflow")
    ours_tf, weights_tf = ns_tf["scaled_dot_product_attention_tf"](q, k, v)
    np.testing.assert_allclose(weights_tf.numpy().sum(axis=-1), 1, atol=1e-6)
    mha = tf.keras.layers.MultiHeadAttention(num_heads=1, key_dim=6)
    mha(q, v, key=k)
    mha.set_weights([np.eye(6, dtype=np.float32).reshape(w.shape) if w.ndim == 3 else np.zeros_like(w)
                     for w in mha.get_weights()])
    builtin, builtin_weights = mha(q, v, key=k, return_attention_scores=True)
    assert np.abs(ours_tf.numpy() - builtin.numpy()).max() < TOLERANCE
    assert np.abs(weights_tf.numpy() - builtin_weights.numpy()[:, 0]).max() < TOLERANCE

    ns_torch = tagged_cells_namespace(PAGE, "scratch-attention", "pytorch")
    qt, kt, vt = map(torch.from_numpy, (q, k, v))
    ours_torch, _ = ns_torch["scaled_dot_product_attention_torch"](qt, kt, vt)
    assert (ours_torch - F.scaled_dot_product_attention(qt, kt, vt)).abs().max().item() < TOLERANCE
    assert np.abs(ours_torch.numpy() - ours_tf.numpy()).max() < TOLERANCE
    # Without the 1/sqrt(d_k) scale the result differs: the check is sensitive to it.
    unscaled = torch.softmax(qt @ kt.transpose(-2, -1), dim=-1) @ vt
    assert (ours_torch - unscaled).abs().max().item() > 1e-3
