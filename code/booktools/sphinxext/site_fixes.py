"""Small fixes to what the theme and its extensions emit, each found by the browser tests.

* sphinx-thebe adds its configuration script once per reading of the sources, and a build
  that re-reads them adds it again: a second ``const THEBE_JS_URL`` is a SyntaxError in the
  console of every page. Each inline script is kept once.
* pydata-sphinx-theme logs "Got invalid theme mode" on a first visit when its template
  variable ``default_mode`` is empty; "auto" (follow the reader's system setting) is what it
  falls back to anyway.
* The navigation's collapsible sections (a lecture and its chapters) open with a
  ``<summary>`` that holds only an icon, so a screen reader announces nothing (axe-core's
  "summary-name", serious). Each gets an ``aria-label`` as the theme's sidebar function
  (``generate_toctree_html``) hands the navigation to the page's template.
* ``introdl-site.css``: long inline code (``some.module.function_name``) may break anywhere,
  so that on a phone it does not push the page sideways; Keras' coloured ``summary()``
  output takes the text colour (its light greens fail contrast on white); in dark mode the
  scores, black notes on a transparent SVG, get a white sheet.
"""

from __future__ import annotations

from pathlib import Path

STATIC_DIR = Path(__file__).parent / "static"


def default_to_auto_mode(app, config):
    config.html_context.setdefault("default_mode", "auto")


def keep_each_inline_script_once(app, pagename, templatename, context, doctree):
    scripts, seen = context.get("script_files"), set()
    if not scripts:
        return
    kept = []
    for script in scripts:
        body = getattr(script, "attributes", {}).get("body") if not isinstance(script, str) else None
        key = ("body", body) if body else ("file", str(script))
        if key not in seen:
            seen.add(key)
            kept.append(script)
    context["script_files"] = kept


TOGGLE_NAME = "Show or hide the pages of this section"


def name_the_navigation_toggles(app, pagename, templatename, context, doctree):
    """Wrap the theme's sidebar function so that every icon-only ``<summary>`` it makes has a name.

    pydata-sphinx-theme puts ``generate_toctree_html`` into each page's context (at the default
    priority); it returns a BeautifulSoup tree, which the template writes out.
    """
    generate = context.get("generate_toctree_html")
    if generate is None:
        return

    def generate_named(*args, **kwargs):
        tree = generate(*args, **kwargs)
        if hasattr(tree, "select"):  # a tree, not an empty string
            for summary in tree.select("summary"):
                if not summary.get_text(strip=True) and summary.select_one("span.toctree-toggle"):
                    summary["aria-label"] = TOGGLE_NAME
        return tree

    context["generate_toctree_html"] = generate_named


def setup(app):
    app.connect("config-inited", default_to_auto_mode)
    app.config.html_static_path.append(str(STATIC_DIR))
    app.add_css_file("introdl-site.css")
    app.connect("html-page-context", keep_each_inline_script_once, priority=900)
    app.connect("html-page-context", name_the_navigation_toggles, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
