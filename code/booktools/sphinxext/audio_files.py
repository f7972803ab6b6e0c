"""Serve the pages' embedded audio as files that load only when a reader presses play.

A page's notebook carries each tune's MP3 inline (``<audio src="data:audio/mpeg;base64,...">``),
which is what Jupyter and Binder need: the notebook is one file. On the site, inline audio
makes the HTML several times heavier and a reader downloads every tune before the page can
render. This extension writes each clip to ``_audio/<hash>.<ext>`` in the HTML output and
points the player there with ``preload="none"``, so nothing is fetched before a click. It
works on cached notebooks too: it rewrites the page's HTML, not the execution.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from pathlib import Path

from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
AUDIO_DIR = "_audio"
EXTENSIONS = {"audio/mpeg": "mp3", "audio/wav": "wav", "audio/x-wav": "wav", "audio/ogg": "ogg"}
# An <audio ...> start tag whose src is a base64 data URI (as introdl.lab1.music.render writes it).
AUDIO_TAG = re.compile(r'<audio\b(?P<before>[^>]*?)\ssrc="data:(?P<mime>audio/[\w.+-]+);base64,'
                       r'(?P<data>[A-Za-z0-9+/=\s]+)"(?P<after>[^>]*)>')


def externalize_audio(html: str, write, url_of) -> tuple[str, int]:
    """Replace each inline audio clip in ``html``; return (new html, clips moved).

    ``write(name, bytes)`` stores a clip, ``url_of(name)`` gives the page's link to it.
    """
    moved = 0

    def replace(match):
        nonlocal moved
        extension = EXTENSIONS.get(match["mime"])
        try:
            data = base64.b64decode(match["data"], validate=False)
        except (binascii.Error, ValueError):
            data = None
        if extension is None or not data:
            return match[0]  # an unknown type or bad data: leave it inline, as it was
        name = f"{AUDIO_DIR}/{hashlib.sha256(data).hexdigest()[:16]}.{extension}"
        write(name, data)
        moved += 1
        attributes = re.sub(r'\spreload="[^"]*"', "", match["before"] + match["after"])
        return f'<audio{attributes} preload="none" src="{url_of(name)}">'

    return AUDIO_TAG.sub(replace, html), moved


def move_page_audio(app, pagename, templatename, context, doctree):
    body = context.get("body")
    if not body or "data:audio/" not in body:
        return
    outdir = Path(app.builder.outdir)

    def write(name, data):
        path = outdir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            path.write_bytes(data)

    context["body"], moved = externalize_audio(body, write, lambda name: context["pathto"](name, 1))
    LOGGER.info(f"{pagename}: {moved} audio clip(s) served as files from {AUDIO_DIR}/")


def setup(app):
    app.connect("html-page-context", move_page_audio)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
