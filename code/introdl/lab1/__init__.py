"""Lab 1's own code: part 1's self-checks and exercises (``part1_checks``, ``part1_exercises``)
and part 2's music package (``introdl.lab1.music``: data, models, training, generation,
rendering, and the command line ``python -m introdl.lab1.music``).

The core of ``introdl`` (page setup, profiles, frameworks, results, plotting, weight copying,
side-by-side training, the self-check engine) serves every page; what only Lab 1 uses lives here.
"""
