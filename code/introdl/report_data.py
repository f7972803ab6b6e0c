"""What a page's outputs tell the build report, the "How this site was built" page.

``setup_page()`` shows a provenance line and every ``Results`` shows a table. Each of them
also carries its figures as JSON in an HTML data attribute, so the book's tooling
(``booktools.sphinxext.build_report``) collects them from the pages of the same build,
exactly as they were computed, instead of re-parsing what a reader sees or retyping it.

This module is that contract, on the side that writes it: the attribute names, how a
payload is written into a tag, and how it is read back.
"""

from __future__ import annotations

import html
import json
import re

PROVENANCE_ATTRIBUTE = "data-introdl-provenance"
RESULTS_ATTRIBUTE = "data-introdl-results"

# The build wrapper (booktools.build) sets this to the commit it builds, for every kernel it
# starts; setup_page() records it. Outside a build (Binder, a reader's Jupyter) it is unset.
BUILD_COMMIT_ENV_VAR = "INTRODL_BUILD_COMMIT"


def data_attribute(name: str, payload) -> str:
    """``name="<payload as JSON, escaped for an HTML attribute>"``."""
    return f'{name}="{html.escape(json.dumps(payload, ensure_ascii=False), quote=True)}"'


def read_data_attributes(name: str, text: str) -> list:
    """Every payload that ``data_attribute(name, ...)`` wrote into the HTML ``text``, in order.

    A value that is not valid JSON (a hand-written tag, a truncated output) is skipped: the
    report then shows that page's figures as not recorded rather than failing the build.
    """
    payloads = []
    for match in re.finditer(rf'{re.escape(name)}="([^"]*)"', text):
        try:
            payloads.append(json.loads(html.unescape(match[1])))
        except ValueError:
            continue
    return payloads
