"""Old page URLs keep working: a small page at each old address sends the reader on.

When a page is split or moved, its old docname goes into ``book/redirects.yml`` with the page
that replaces it (docnames are paths from the book's root without suffix, as in ``_toc.yml``)::

    # old docname: new docname
    book/lectures/lecture01_intro: book/lectures/lecture01/index

    # or, to send the old page's section anchors to the chapters that now hold them:
    book/lectures/lecture02_sequence:
      to: book/lectures/lecture02/index      # where the page itself, and any other anchor, goes
      anchors:
        backpropagation-through-time: book/lectures/lecture02/bptt   # the same id on that chapter
        attention: book/lectures/lecture02/attention#attention-from-scratch   # another id there
        summary: "#summary-of-the-lecture"    # another id on the `to` page

For each old docname the HTML build writes ``<old docname>.html`` (e.g.
``_build/html/book/lectures/lecture02_sequence.html``): a page with a visible link to the new
one and ``<link rel="canonical">`` to it, whose script carries the URL's query (``?framework=``)
and ``#fragment`` over, sending an anchor named under ``anchors:`` to its chapter, and every
other fragment to the ``to`` page. Without JavaScript, a ``<meta http-equiv="refresh">`` (in
``<noscript>``, so that it cannot overtake the script and drop the fragment) goes to the ``to``
page. The file is optional: without it nothing happens.

The build stops, naming the file and line, when an old docname is still a page of the book, a
target is not one, an old docname is listed twice, an entry has another shape than the two
above, or (once the pages are written) an anchor's target id is not on its target page.
"""

from __future__ import annotations

import html
import json
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from sphinx.errors import SphinxError
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
DEFAULT_FILE = "book/redirects.yml"
SOURCE_SUFFIXES = (".md", ".ipynb", ".rst")


class RedirectError(SphinxError):
    """``book/redirects.yml`` is malformed or does not match the book's pages."""

    category = "Redirect error"


@dataclass(frozen=True)
class Anchor:
    old_id: str
    page: str  # the docname that now holds it
    new_id: str
    line: int


@dataclass(frozen=True)
class Redirect:
    old: str
    to: str
    line: int  # 1-based line of the old docname in the file
    anchors: tuple[Anchor, ...] = field(default_factory=tuple)


def _docname(text: str) -> str:
    text = text.strip().strip("/")
    for suffix in SOURCE_SUFFIXES:
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


def _scalar(node) -> str | None:
    return node.value if isinstance(node, yaml.ScalarNode) and isinstance(node.value, str) and node.value.strip() else None


def read_redirects(path: Path) -> tuple[list[Redirect], list[str]]:
    """The redirects of ``path`` and one message per malformed entry, each naming its line."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}, line {mark.line + 1}" if mark else str(path)
        return [], [f"{where}: not valid YAML ({getattr(error, 'problem', error)})"]
    if root is None:
        return [], []
    if not isinstance(root, yaml.MappingNode):
        return [], [f"{path}, line {root.start_mark.line + 1}: expected lines `old docname: new docname`"]
    redirects, problems, seen = [], [], {}
    for key_node, value_node in root.value:
        line = key_node.start_mark.line + 1
        where = f"{path}, line {line}"
        old = _scalar(key_node)
        if old is None:
            problems.append(f"{where}: the key must be an old docname (a path without suffix)")
            continue
        old = _docname(old)
        if old in seen:
            problems.append(f"{where}: {old} is redirected already on line {seen[old]}")
            continue
        seen[old] = line
        anchors = []
        if (to := _scalar(value_node)) is None:
            if not isinstance(value_node, yaml.MappingNode):
                problems.append(f"{where}: {old} needs a new docname, or a mapping with `to:` and `anchors:`")
                continue
            fields = {_scalar(k): v for k, v in value_node.value}
            unknown = sorted(str(k) for k in fields if k not in ("to", "anchors"))
            to = _scalar(fields["to"]) if "to" in fields else None
            if unknown or to is None:
                problems.append(f"{where}: {old} needs `to: <new docname>` and at most `anchors:`"
                                + (f" (unknown: {', '.join(unknown)})" if unknown else ""))
                continue
            anchor_nodes = fields.get("anchors")
            if anchor_nodes is not None and not isinstance(anchor_nodes, yaml.MappingNode):
                problems.append(f"{path}, line {anchor_nodes.start_mark.line + 1}: `anchors:` maps old ids "
                                f"to `new docname`, `new docname#new id` or `#new id`")
                continue
            for id_node, target_node in (anchor_nodes.value if anchor_nodes is not None else []):
                anchor_line = id_node.start_mark.line + 1
                old_id, target = _scalar(id_node), _scalar(target_node)
                if old_id is None or target is None:
                    problems.append(f"{path}, line {anchor_line}: an anchor maps an old id to `new docname`, "
                                    f"`new docname#new id` or `#new id`")
                    continue
                page, _, new_id = target.strip().partition("#")
                old_id = old_id.strip().lstrip("#")
                anchors.append(Anchor(old_id, _docname(page) if page.strip() else _docname(to),
                                      new_id.strip() or old_id, anchor_line))
        redirects.append(Redirect(old, _docname(to), line, tuple(anchors)))
    return redirects, problems


def page_problems(redirects: list[Redirect], pages, path: Path) -> list[str]:
    """One message per redirect that contradicts the book's ``pages`` (its docnames)."""
    pages = set(pages)
    problems = []
    for redirect in redirects:
        where = f"{path}, line {redirect.line}"
        if redirect.old in pages:
            problems.append(f"{where}: {redirect.old} is still a page of the book: a redirect would "
                            f"replace it; remove the page from _toc.yml, or this line")
        if redirect.to not in pages:
            problems.append(f"{where}: {redirect.to}, where {redirect.old} should go, is not a page of the book")
        for anchor in redirect.anchors:
            if anchor.page not in pages:
                problems.append(f"{path}, line {anchor.line}: {anchor.page}, where #{anchor.old_id} should go, "
                                f"is not a page of the book")
    return problems


def redirect_page(title: str, target: str, canonical: str, anchors: dict[str, str]) -> str:
    """The HTML of a redirect page. ``target`` and the values of ``anchors`` ({old id: url with
    its #fragment}) are URLs relative to the redirect page; ``canonical`` may be absolute."""
    data = json.dumps({"target": target, "anchors": anchors}).replace("</", "<\\/")
    script = (
        "(function () {\n"
        f"  var redirect = {data};\n"
        "  var hash = window.location.hash, id = hash.slice(1);\n"
        "  try { id = decodeURIComponent(id); } catch (error) {}\n"
        "  var mapped = id && Object.prototype.hasOwnProperty.call(redirect.anchors, id);\n"
        "  var url = mapped ? redirect.anchors[id] : redirect.target + hash;\n"
        "  var cut = url.indexOf('#');\n"
        "  var path = cut < 0 ? url : url.slice(0, cut), fragment = cut < 0 ? '' : url.slice(cut);\n"
        "  window.location.replace(path + window.location.search + fragment);\n"
        "})();"
    )
    target_attr, title_text = html.escape(target), html.escape(title)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Moved: {title_text}</title>\n"
        f'<link rel="canonical" href="{html.escape(canonical)}">\n'
        f"<script>\n{script}\n</script>\n"
        f'<noscript><meta http-equiv="refresh" content="0; url={target_attr}"></noscript>\n'
        "</head>\n<body>\n"
        f'<p>This page has moved to <a href="{target_attr}">{title_text}</a>.</p>\n'
        "</body>\n</html>\n"
    )


# ------------------------------------------------------------------------------ Sphinx hooks

def _source(app) -> Path:
    return Path(app.srcdir) / app.config.introdl_redirects


def _fail(app, problems: list[str]) -> None:
    for problem in problems:
        LOGGER.error(problem, type="introdl", subtype="redirects")
    raise RedirectError(f"{len(problems)} problem(s) in {app.config.introdl_redirects}:\n" + "\n".join(problems))


def check_redirects(app, env, docnames) -> None:
    """Before any page is read (or executed): the file's shape, and that it fits the toc."""
    path = _source(app)
    app.introdl_redirects = []
    if not path.is_file():
        return
    redirects, problems = read_redirects(path)
    shown = Path(app.config.introdl_redirects)
    problems = [p.replace(str(path), str(shown), 1) for p in problems]
    problems += page_problems(redirects, env.found_docs, shown)
    if problems:
        _fail(app, problems)
    app.introdl_redirects = redirects


def _output_path(app, docname: str) -> Path:
    uri = app.builder.get_target_uri(docname)
    return Path(app.outdir) / (uri + "index.html" if uri.endswith("/") or not uri else uri)


def _html_ids(path: Path) -> set[str]:
    from booktools.links import parse_page

    return parse_page(path).ids if path.is_file() else set()


def write_redirect_pages(app, exception) -> None:
    """After the HTML is written: check each anchor's id on its page, then write the redirects."""
    redirects = getattr(app, "introdl_redirects", [])
    if exception is not None or not redirects or app.builder.format != "html" or app.builder.name == "singlehtml":
        return
    shown = Path(app.config.introdl_redirects)
    ids: dict[str, set[str]] = {}
    problems = []
    for redirect in redirects:
        for anchor in redirect.anchors:
            if anchor.page not in ids:
                ids[anchor.page] = _html_ids(_output_path(app, anchor.page))
            if anchor.new_id not in ids[anchor.page]:
                problems.append(f"{shown}, line {anchor.line}: #{anchor.old_id} should go to "
                                f"{anchor.page}#{anchor.new_id}, but that page has no id {anchor.new_id!r}")
    if problems:
        _fail(app, problems)
    base = app.config.html_baseurl.rstrip("/")
    for redirect in redirects:
        relative = app.builder.get_relative_uri
        target = relative(redirect.old, redirect.to)
        anchors = {a.old_id: f"{relative(redirect.old, a.page)}#{a.new_id}" for a in redirect.anchors}
        canonical = f"{base}/{app.builder.get_target_uri(redirect.to)}" if base else target
        title = app.env.titles[redirect.to].astext() if redirect.to in app.env.titles else redirect.to
        path = _output_path(app, redirect.old)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(redirect_page(title, target, canonical, anchors), encoding="utf-8")
    LOGGER.info(f"[redirects] {len(redirects)} old page(s) redirect to their new homes ({shown})")


def setup(app):
    app.add_config_value("introdl_redirects", DEFAULT_FILE, "html")
    app.connect("env-before-read-docs", check_redirects)
    app.connect("build-finished", write_redirect_pages)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
