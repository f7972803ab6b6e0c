"""Lab 2's own code (MNIST digit classification): what its pages import.

The core of ``introdl`` (page setup, profiles, frameworks, results, plotting, weight copying,
side-by-side training, self-checks) serves every page; what only Lab 2 uses lives here.
"""
