"""Point each page's Colab button at the notebook exported to the ``colab-notebooks`` branch.

sphinx-book-theme links Colab to ``blob/<branch>/<page>.md``, which Colab cannot open: it
reads only ``.ipynb``. The Publish workflow exports every page with ``python -m
booktools.colab`` to the branch named by ``introdl_colab_branch``; this rewrites the link.
"""

from __future__ import annotations


def _rewrite(buttons, url):
    for button in buttons:
        if button.get("text") == "Colab" and "url" in button:
            button["url"] = url
        _rewrite(button.get("buttons", []), url)


def point_colab_at_notebooks(app, pagename, templatename, context, doctree):
    buttons = context.get("header_buttons")
    colab = app.config.html_theme_options.get("launch_buttons", {}).get("colab_url", "")
    if not buttons or not colab or "github_user" not in context:
        return
    url = (f"{colab.rstrip('/')}/github/{context['github_user']}/{context['github_repo']}"
           f"/blob/{app.config.introdl_colab_branch}/{pagename}.ipynb")
    _rewrite(buttons, url)


def setup(app):
    app.add_config_value("introdl_colab_branch", "colab-notebooks", "html")
    # After sphinx-book-theme adds its launch buttons (priority 501).
    app.connect("html-page-context", point_colab_at_notebooks, priority=600)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
