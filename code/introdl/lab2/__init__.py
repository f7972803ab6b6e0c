"""Lab 2's own code (MNIST digit classification): what ``book/labs/lab2_part1_mnist.md`` imports.

The core of ``introdl`` (page setup, profiles, frameworks, results, plotting, weight copying,
self-checks, the digits in ``introdl.digits``) serves every page; what only Lab 2 uses lives
here, one job per module:

* ``data``       the digits in each framework's layout (NHWC / NCHW), shifted digits, and the
                 shuffled (and shifted) epoch both frameworks train on;
* ``models``     the lab's dense network and CNN, evaluation and training step per framework:
                 the exercises' references;
* ``exercises``  the self-checks of the lab's exercises, paired with those references;
* ``report``     the computed tables and sentences (the split, accuracies, confusions);
* ``figures``    digits, predictions, mistakes, confusion matrices, training curves;
* ``speed``      the timing of one training step in each framework.

Unit tests: ``tests/introdl/lab2/test_lab2_<module>.py``.
"""
