"""Lecture 2's own code (Deep sequence modeling): what its chapters import.

The core of ``introdl`` (page setup, profiles, frameworks, results, plotting, weight copying,
side-by-side training, self-checks) serves every page; what only Lecture 2 uses lives here.
"""
