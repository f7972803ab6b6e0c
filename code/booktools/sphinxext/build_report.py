"""The "How this site was built" page: what ran each page, and every TF-vs-PyTorch figure.

Two directives, used on that page (``book/build_report.md``)::

    ```{page-provenance}
    ```
    one row per executed page: profile, device, TensorFlow, Keras, PyTorch and Python
    versions, the commit and date it ran, and its run time (myst-nb's execution data)

    ```{framework-results}
    ```
    one row per figure of every ``Results`` table with a TensorFlow or PyTorch column, each
    linking to the section of its page; a framework's number that the page never added is
    shown as **missing**

Nothing is retyped: as Sphinx reads a page, ``collect_page_data`` takes the JSON that
``setup_page()`` and ``Results`` put in the page's HTML outputs (``introdl.report_data``).
The directives leave placeholders that a post-transform fills once every page is read (as
myst-nb's ``nb-exec-table`` does), and a build that read any page re-writes the report page,
so it never shows another build's figures.
"""

from __future__ import annotations

import datetime
import os

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from introdl.frameworks import NAMES as FRAMEWORK_NAMES
from introdl.frameworks import KERAS_NAME, PYTORCH_NAME, TENSORFLOW_NAME
from introdl.profiles import PROFILE_ENV_VAR
from introdl.report_data import (BUILD_COMMIT_ENV_VAR, PROVENANCE_ATTRIBUTE, RESULTS_ATTRIBUTE,
                                 read_data_attributes)

MISSING = "missing"
NOT_USED = "not used"
VERSION_COLUMNS = (TENSORFLOW_NAME, KERAS_NAME, PYTORCH_NAME)
GENERIC_ROW_HEADERS = {"Experiment", "Check", "Comparison"}


class page_provenance_node(nodes.General, nodes.Element):
    """Placeholder for the provenance table."""


class framework_results_node(nodes.General, nodes.Element):
    """Placeholder for the table of every page's TensorFlow and PyTorch figures."""


# --- Collecting, as each page is read -------------------------------------------------------

def _data(env) -> dict:
    if not hasattr(env, "introdl_report"):
        env.introdl_report = {}  # docname -> {"provenance": dict | None, "results": [...]}
    return env.introdl_report


def _report_pages(env) -> set:
    if not hasattr(env, "introdl_report_pages"):
        env.introdl_report_pages = set()
    return env.introdl_report_pages


def _section_of(node):
    while node is not None and not isinstance(node, nodes.section):
        node = node.parent
    return node


def collect_page_data(app, doctree) -> None:
    """Keep what this page's outputs say about its run and its Results tables."""
    provenance, results = None, []
    for raw in doctree.findall(nodes.raw):
        if "html" not in raw.get("format", "").split():
            continue
        text = raw.astext()
        if provenance is None and PROVENANCE_ATTRIBUTE in text:
            provenance = next(iter(read_data_attributes(PROVENANCE_ATTRIBUTE, text)), None)
        if RESULTS_ATTRIBUTE in text:
            section = _section_of(raw)
            anchor = section["ids"][0] if section is not None and section["ids"] else ""
            title = section[0].astext() if section is not None and isinstance(section[0], nodes.title) else ""
            results += [{"anchor": anchor, "section": title, "table": table}
                        for table in read_data_attributes(RESULTS_ATTRIBUTE, text)]
    if provenance is not None or results:
        _data(app.env)[app.env.docname] = {"provenance": provenance, "results": results}


def purge_page(app, env, docname) -> None:
    _data(env).pop(docname, None)
    _report_pages(env).discard(docname)


def merge_parallel_reads(app, env, docnames, other) -> None:
    _data(env).update({name: data for name, data in _data(other).items() if name in docnames})
    _report_pages(env).update(_report_pages(other) & set(docnames))


def note_pages_read(app, env, docnames) -> None:
    env.introdl_pages_read = bool(docnames)


def report_pages_to_rewrite(app, env):
    """After a build read any page, re-write the pages that show the report."""
    return sorted(_report_pages(env)) if getattr(env, "introdl_pages_read", False) else []


class PageProvenance(SphinxDirective):
    def run(self):
        _report_pages(self.env).add(self.env.docname)
        return [page_provenance_node()]


class FrameworkResults(SphinxDirective):
    def run(self):
        _report_pages(self.env).add(self.env.docname)
        return [framework_results_node()]


# --- Building the tables, once every page is read ------------------------------------------

def _cell(content, morecols: int = 0) -> nodes.entry:
    entry = nodes.entry(morecols=morecols) if morecols else nodes.entry()
    paragraph = nodes.paragraph()
    paragraph += content if isinstance(content, nodes.Node) else nodes.Text(str(content))
    entry += paragraph
    return entry


def _table(headers, rows, classes=()) -> nodes.table:
    """A docutils table; a row is a list of cells (text, a node, or an entry already made)."""
    table = nodes.table(classes=["colwidths-auto", "introdl-report", *classes])
    group = nodes.tgroup(cols=len(headers))
    table += group
    for _ in headers:
        group += nodes.colspec(colwidth=1)
    head, body = nodes.thead(), nodes.tbody()
    head += nodes.row("", *(_cell(name) for name in headers))
    group += head
    for row in rows:
        body += nodes.row("", *(cell if isinstance(cell, nodes.entry) else _cell(cell) for cell in row))
    group += body
    return table


def _paragraph(*parts) -> nodes.paragraph:
    paragraph = nodes.paragraph()
    for part in parts:
        paragraph += part if isinstance(part, nodes.Node) else nodes.Text(part)
    return paragraph


def _count(number: int, thing: str, things: str | None = None) -> str:
    return f"{number} {thing if number == 1 else (things or thing + 's')}"


def _pages_in_toc_order(env) -> list[str]:
    order, stack = [], [env.config.root_doc]
    while stack:
        docname = stack.pop(0)
        if docname not in order:
            order.append(docname)
            stack[:0] = env.toctree_includes.get(docname, [])
    return order + sorted(set(_data(env)) - set(order))


def _framework_rows(shown_tables) -> tuple[list, list]:
    """The rows of a page's tables with a framework column, as (where shown, table, row), and
    the tables without one, as they were shown.

    A table shown twice (as it grows, say) counts once: a row keeps its first place and takes
    its latest values.
    """
    latest, without_frameworks = {}, []
    for shown in shown_tables:
        table = shown["table"]
        if not any(name in table.get("columns", []) for name in FRAMEWORK_NAMES):
            without_frameworks.append(shown)
            continue
        for row in table.get("rows", []):
            key = (tuple(table.get("row_headers", [])), tuple(table["columns"]), row[0], row[1])
            latest[key] = (shown, table, row)  # a dict keeps the first insertion's place
    return list(latest.values()), without_frameworks


class FillBuildReport(SphinxPostTransform):
    """Replace the placeholders with tables made from every page's collected data."""

    default_priority = 8  # before references are resolved, like myst-nb's nb-exec-table

    def run(self, **kwargs) -> None:
        for node in list(self.document.findall(page_provenance_node)):
            node.replace_self(self.provenance())
        for node in list(self.document.findall(framework_results_node)):
            node.replace_self(self.framework_results())

    def _link(self, docname: str, anchor: str = "", text: str | None = None) -> nodes.reference:
        uri = self.app.builder.get_relative_uri(self.env.docname, docname) + (f"#{anchor}" if anchor else "")
        title = self.env.titles[docname].astext() if docname in self.env.titles else docname
        return nodes.reference("", text or title, internal=True, refuri=uri)

    def _pages(self) -> list[str]:
        data = _data(self.env)
        return [docname for docname in _pages_in_toc_order(self.env) if docname in data]

    def provenance(self) -> list[nodes.Node]:
        from myst_nb.sphinx_ import NbMetadataCollector

        build_commit = os.environ.get(BUILD_COMMIT_ENV_VAR)
        built_at = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        profile = os.environ.get(PROFILE_ENV_VAR, "not set")
        summary = _paragraph(
            "This site was built on ", nodes.strong(text=built_at), " from commit ",
            nodes.literal(text=build_commit) if build_commit
            else nodes.emphasis(text="not recorded (built without python -m booktools.build, or outside a git checkout)"),
            ", profile ", nodes.literal(text=profile), ".")
        shown = {name for name, data in NbMetadataCollector.get_doc_data(self.env).items() if data.get("exec_data")}
        shown |= set(_data(self.env))  # pages that ran code, and pages whose outputs carry a record
        rows, earlier = [], []
        for docname in [d for d in _pages_in_toc_order(self.env) if d in shown]:
            record = _data(self.env).get(docname, {}).get("provenance")
            exec_data = NbMetadataCollector.get_exec_data(self.env, docname) or {}
            runtime = exec_data.get("runtime")
            seconds = "—" if runtime is None else f"{runtime:.1f}"
            if record is None:
                rows.append([self._link(docname), _cell(nodes.emphasis(text="not recorded (no setup_page() output)"),
                                                        morecols=7), seconds])
                continue
            versions = record.get("versions") or {}
            commit = record.get("commit")
            if build_commit and commit != build_commit:
                earlier.append(docname)
            rows.append([self._link(docname), record.get("profile", "?"), record.get("device", "?"),
                         record.get("python", "?"),
                         *(versions.get(name, NOT_USED) for name in VERSION_COLUMNS),
                         nodes.literal(text=commit) if commit else "not recorded",
                         record.get("executed_at", "?"), seconds])
        table = _table(["Page", "Profile", "Device", "Python", *VERSION_COLUMNS, "Commit", "Ran", "Run time (s)"],
                       rows, classes=["introdl-provenance-table"])
        if not rows:
            note = _paragraph("No page of this build ran code.")
        elif not build_commit:
            note = _paragraph("Without a recorded build commit, the pages' commits cannot be compared with it.")
        elif earlier:
            note = _paragraph(
                f"{len(earlier)} of {len(rows)} pages show another commit than the build's: their outputs "
                "come from the execution cache, which keeps a page's outputs while its code, introdl, the "
                "pinned requirements, the execution settings and the profile are unchanged.")
        else:
            note = _paragraph("The page ran" if len(rows) == 1 else f"All {len(rows)} pages ran",
                              " at the commit this site was built from.")
        return [summary, table, note]

    def framework_results(self) -> list[nodes.Node]:
        headers = ["Section", "Experiment", "Result", *FRAMEWORK_NAMES, "Other figures of the row"]
        rows, missing, pairs, skipped, pages, figures = [], 0, 0, [], 0, 0
        for docname in self._pages():
            page_rows = []
            framework_rows, without_frameworks = _framework_rows(_data(self.env)[docname]["results"])
            skipped += [(docname, shown) for shown in without_frameworks]
            for shown, table, (experiment, quantity, values) in framework_rows:
                columns = table["columns"]
                frameworks = [name for name in FRAMEWORK_NAMES if name in columns]
                by_column = dict(zip(columns, values))
                first_header = (table.get("row_headers") or [""])[0]
                label = experiment if first_header in GENERIC_ROW_HEADERS else f"{first_header}: {experiment}"
                others = "; ".join(f"{column}: {value}" for column, value in by_column.items()
                                   if column not in FRAMEWORK_NAMES and value is not None)
                cells = [self._link(docname, shown["anchor"], shown["section"] or None), label, quantity]
                if all(by_column.get(name) is None for name in frameworks) and others:
                    pairs += 1  # one figure for the two frameworks, e.g. their largest difference
                    cells.append(_cell(nodes.emphasis(text="between the two"), morecols=1))
                else:
                    for name in FRAMEWORK_NAMES:
                        value = by_column.get(name)
                        if value is None:
                            missing += 1
                            value = nodes.strong(text=MISSING, classes=["introdl-missing"])
                        cells.append(value)
                page_rows.append(cells + [others])
            if page_rows:  # a row naming the page, above its figures
                rows.append([_cell(nodes.strong("", "", self._link(docname)), morecols=len(headers) - 1)])
                rows += page_rows
                pages, figures = pages + 1, figures + len(page_rows)
        counts = _paragraph(
            f"{_count(figures, 'row')} from {_count(pages, 'page')}; ",
            f"{_count(pairs, 'row gives', 'rows give')} one figure for the pair (such as the largest "
            "difference between the two); " if pairs else "",
            nodes.strong(text=f"{_count(missing, 'framework number')} missing") if missing
            else "every row has both frameworks' numbers or one figure for the pair", ".")
        result = [counts, _table(headers, rows, classes=["introdl-framework-results"])]
        if skipped:
            seen, where = set(), _paragraph(
                f"Not in this table, because they have no {' or '.join(FRAMEWORK_NAMES)} column (they "
                "compare other things, or list the frameworks as rows): ")
            for docname, shown in skipped:
                name = (shown["table"].get("row_headers") or [""])[0]
                if (docname, name, shown["anchor"]) in seen:
                    continue
                if seen:
                    where += nodes.Text("; ")
                seen.add((docname, name, shown["anchor"]))
                where += nodes.Text(f"the table “{name}” in ")
                where += self._link(docname, shown["anchor"],
                                    f"{self.env.titles[docname].astext()}, {shown['section'] or 'top'}")
            where += nodes.Text(".")
            result.append(where)
        return result


def setup(app):
    app.add_node(page_provenance_node)
    app.add_node(framework_results_node)
    app.add_directive("page-provenance", PageProvenance)
    app.add_directive("framework-results", FrameworkResults)
    app.connect("doctree-read", collect_page_data)
    app.connect("env-purge-doc", purge_page)
    app.connect("env-merge-info", merge_parallel_reads)
    app.connect("env-before-read-docs", note_pages_read)
    app.connect("env-updated", report_pages_to_rewrite)
    app.add_post_transform(FillBuildReport)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
