"""Lecture 1's own code (Introduction to deep learning): what its chapters import.

The core of ``introdl`` (page setup, profiles, frameworks, results, plotting, weight copying,
side-by-side training, self-checks) serves every page; what only Lecture 1 uses lives here.
"""
