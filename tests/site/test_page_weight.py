"""Page weight: audio served as files that load on demand, and every page light enough.

A page's weight is its HTML plus the images and audio it links to itself (not the theme's
shared CSS and JavaScript, which a reader's browser caches once for the whole site).
"""

import base64
import re
from pathlib import Path

from book_testing import toc_pages
from booktools.sphinxext.audio_files import externalize_audio

PAGE_LIMIT_BYTES = 5 * 2**20
RASTER_LIMIT_BYTES = 500 * 2**10
RASTER = (".png", ".jpg", ".jpeg", ".gif", ".webp")


def test_inline_audio_becomes_files_loaded_on_demand():
    clip = base64.b64encode(b"ID3 fake mp3 bytes").decode()
    html = (f'<p>a</p><audio controls preload="auto" src="data:audio/mpeg;base64,{clip}"></audio>'
            f'<audio controls src="data:audio/mpeg;base64,{clip}"></audio>'
            f'<audio src="data:audio/x-unknown;base64,{clip}"></audio>')
    written = {}
    out, moved = externalize_audio(html, written.__setitem__, lambda name: f"../{name}")
    assert moved == 2 and len(written) == 1  # the same clip twice is one file
    (name, data), = written.items()
    assert name.startswith("_audio/") and name.endswith(".mp3") and data == b"ID3 fake mp3 bytes"
    assert out.count(f'<audio controls preload="none" src="../{name}">') == 2
    assert "data:audio/x-unknown" in out  # a type it does not know stays as it was
    assert externalize_audio("<p>no audio</p>", written.__setitem__, str) == ("<p>no audio</p>", 0)


def local_references(page: Path, html: str) -> set[Path]:
    refs = re.findall(r'<(?:img|audio|source)\b[^>]*?\ssrc="([^"#?]+)"', html)
    return {(page.parent / ref).resolve() for ref in refs if not re.match(r"[a-z]+:", ref)}


def test_no_page_inlines_audio_and_every_player_waits_for_a_click(smoke_html):
    players = 0
    for page in toc_pages():
        html = (smoke_html / f"{page}.html").read_text()
        assert "data:audio/" not in html, page
        for tag in re.findall(r"<audio\b[^>]*>", html):
            players += 1
            assert 'preload="none"' in tag, tag
            src = re.search(r'\ssrc="([^"]+)"', tag)[1]
            assert (smoke_html / page).parent.joinpath(src).resolve().is_file(), src
    assert players >= 2  # the music lab's tunes


def test_every_page_and_raster_image_stays_under_its_limit(smoke_html):
    weights = {}
    for page in toc_pages():
        path = smoke_html / f"{page}.html"
        html = path.read_text()
        files = local_references(path, html)
        missing = [f for f in files if not f.is_file()]
        assert not missing, (page, missing)
        for file in files:
            if file.suffix.lower() in RASTER:
                assert file.stat().st_size <= RASTER_LIMIT_BYTES, (page, file.name, file.stat().st_size)
        weights[page] = path.stat().st_size + sum(f.stat().st_size for f in files)
    print({page: f"{weight / 2**20:.2f} MiB" for page, weight in weights.items()})
    assert max(weights.values()) <= PAGE_LIMIT_BYTES, weights
