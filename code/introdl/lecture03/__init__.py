"""Lecture 3's own code (Deep computer vision): what its pages import.

The core of ``introdl`` (page setup, profiles, frameworks, results, plotting, weight copying,
side-by-side training, self-checks) serves every page; what only Lecture 3 uses lives here.
"""
