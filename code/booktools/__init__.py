"""The book's own tooling: the build wrapper, the notebook runner, Colab export, the toc
reader and the Sphinx extensions.

Nothing here can change what a page computes, so the build does not re-execute pages when
this package changes (see ``booktools.build``). It imports ``introdl`` (profiles, framework
names); ``introdl`` never imports it.
"""
