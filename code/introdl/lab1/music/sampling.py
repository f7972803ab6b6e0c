"""Choosing the next character from the model's scores, the same way in both frameworks.

Sampling runs in NumPy on the logits each framework returns, so with the same weights and
the same seed TensorFlow and PyTorch write the same text.
"""

from __future__ import annotations

import math

import numpy as np


def check_temperature(temperature) -> float:
    """Return ``temperature`` as a float, or raise ValueError if it is not a number > 0."""
    try:
        value = float(temperature)
    except (TypeError, ValueError):
        raise ValueError(f"temperature={temperature!r}: give a number greater than 0.") from None
    if not math.isfinite(value) or value <= 0:
        raise ValueError(
            f"temperature={temperature!r}: must be greater than 0 (1.0 samples the model's own "
            "probabilities; lower values, e.g. 0.5, play safer, higher ones take more risks)."
        )
    return value


def sample_next(logits, temperature: float, rng: np.random.Generator) -> int:
    """Draw one character id from softmax(logits / temperature)."""
    scaled = np.asarray(logits, dtype=np.float64) / temperature
    probabilities = np.exp(scaled - scaled.max())
    probabilities /= probabilities.sum()
    return int(rng.choice(probabilities.shape[0], p=probabilities))


def check_generation_args(vocab, start_string: str, num_chars: int, temperature) -> float:
    """Validate generate_text's arguments (shared by both frameworks); return the temperature."""
    temperature = check_temperature(temperature)
    if not isinstance(start_string, str) or not start_string:
        raise ValueError("start_string is empty: give at least one character, e.g. 'X' (a tune's first).")
    vocab.encode(start_string)  # raises VocabularyError naming unknown characters
    if int(num_chars) != num_chars or num_chars < 0:
        raise ValueError(f"num_chars={num_chars!r}: give a whole number >= 0.")
    return temperature
