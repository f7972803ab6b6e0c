"""Links: internal links and anchors on the built site, and the external-link checker."""

import http.server
import socket
import threading
import time

import pytest

from booktools import links


def _write(root, name, body):
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<!DOCTYPE html><html><body>{body}</body></html>")


@pytest.fixture
def tiny_site(tmp_path):
    """A hand-made html folder with one of each kind of link, good and broken."""
    (tmp_path / "outside.html").write_text("")  # exists, but not in the site
    tmp_path = tmp_path / "html"
    _write(tmp_path, "index.html", """
        <h1 id="top">Index</h1>
        <a href="#top">same page</a> <a href="#nowhere">missing anchor here</a>
        <a href="#">a theme's JavaScript button</a>
        <a href="a.html#ok">good anchor</a> <a href="a.html#gone">missing anchor there</a>
        <a href="a.html?x=1#ok">query and anchor</a> <a href="/a.html">site-absolute</a>
        <a href="missing.html">missing page</a> <a href="../outside.html">outside</a> <a href="sub/">a folder</a>
        <a href="my%20page.html#s%C3%A9">escaped</a> <a href="a.html#named">a name=</a>
        <img src="_images/x.png"> <img src="_images/y.png" srcset="_images/x.png 1x, _images/z.png 2x">
        <link rel="stylesheet" href="_static/style.css"> <script src="_static/missing.js"></script>
        <a href="https://example.org/x#y">external</a> <script src="//cdn.example.org/a.js"></script>
        <a href="mailto:someone@example.org">mail</a> <img src="data:image/png;base64,AAAA">
    """)
    _write(tmp_path, "redirect.html", '<meta http-equiv="Refresh" content="0; url=moved/away.html" />')
    _write(tmp_path, "a.html", '<p id="ok">ok</p><a name="named"></a><a href="index.html#top">back</a>')
    _write(tmp_path, "my page.html", '<h2 id="sé">accented</h2>')
    _write(tmp_path, "sub/index.html", '<a href="../a.html#ok">up</a> <a href="../sub/#x">self, no x</a>')
    (tmp_path / "_images").mkdir()
    (tmp_path / "_images/x.png").write_bytes(b"png")
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static/style.css").write_text("")
    # The themes copy Jinja macro files here as assets; their {{ pathto() }} links are no page's.
    _write(tmp_path, "_static/webpack-macros.html", "<link href=\"{{ pathto('_static/x.css', 1) }}\">")
    return tmp_path


def test_internal_checker_finds_exactly_the_broken_links(tiny_site):
    broken = {(b.page, b.link): b.reason for b in links.internal_broken_links(tiny_site)}
    assert set(broken) == {
        ("index.html", "#nowhere"),
        ("index.html", "a.html#gone"),
        ("index.html", "missing.html"),
        ("index.html", "_images/y.png"),
        ("index.html", "_images/z.png"),
        ("index.html", "_static/missing.js"),
        ("sub/index.html", "../sub/#x"),
        ("redirect.html", "moved/away.html"),
        ("index.html", "../outside.html"),
    }
    assert broken[("index.html", "a.html#gone")] == "no id 'gone' in a.html"
    assert broken[("index.html", "missing.html")] == "no such file"


def test_internal_command_exits_nonzero_on_a_broken_link(tiny_site, capsys):
    assert links.main(["internal", str(tiny_site)]) == 1
    assert "index.html: missing.html (no such file)" in capsys.readouterr().out
    (tiny_site / "index.html").write_text('<a id="top" href="a.html#ok">fine</a>')
    (tiny_site / "sub/index.html").write_text("")
    (tiny_site / "redirect.html").write_text('<meta http-equiv="refresh" content="0; URL=\'index.html\'">')
    assert links.main(["internal", str(tiny_site)]) == 0


def test_external_links_are_collected_per_page_without_fragments(tiny_site):
    _write(tiny_site, "b.html", '<a href="https://example.org/x">again</a>'
                                '<a href="https://mybinder.org/v2/gh/a/b/main">launch</a>')
    found = links.external_links(tiny_site)
    assert found == {"https://example.org/x": ["b.html", "index.html"]}  # script srcs are not links


# ------------------------------------------------------------------ a local server to check

class _Handler(http.server.BaseHTTPRequestHandler):
    calls: dict = {}

    def log_message(self, *args):  # keep the test output quiet
        pass

    def _answer(self, with_body):
        path = self.path
        self.calls[path] = self.calls.get(path, 0) + 1
        status, headers = 200, {}
        if path == "/gone":
            status = 404
        elif path == "/no-head" and self.command == "HEAD":
            status = 405
        elif path == "/rate-limited":
            status = 429
        elif path == "/moved":
            status, headers = 301, {"Location": "/ok"}
        elif path == "/moved-to-gone":
            status, headers = 302, {"Location": "/gone"}
        elif path == "/flaky" and self.calls[path] <= 2:  # HEAD and GET fail once, then fine
            status = 503
        elif path == "/down":
            status = 500
        elif path == "/slow":
            time.sleep(1.0)
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if with_body:
            self.wfile.write(b"ok")

    def do_HEAD(self):
        self._answer(with_body=False)

    def do_GET(self):
        self._answer(with_body=True)


@pytest.fixture
def server():
    _Handler.calls = {}
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def check(url):
    return links.check_url(url, timeout=0.5, retries=2, backoff=0.01)


def test_alive_links(server):
    for path in ("/ok", "/no-head", "/moved", "/rate-limited", "/flaky"):
        assert check(server + path) is None, path
    assert _Handler.calls["/no-head"] == 2  # HEAD refused, GET answered
    assert _Handler.calls["/ok"] == 2  # HEAD on /ok, and HEAD again after the redirect
    assert _Handler.calls["/flaky"] == 3  # a retry after a 503


def test_dead_links(server):
    assert check(server + "/gone") == "404"
    assert _Handler.calls["/gone"] == 2  # HEAD then GET, and no retries for a 404
    assert check(server + "/moved-to-gone") == "404"
    assert check(server + "/down") == "500"
    assert _Handler.calls["/down"] == 6  # HEAD and GET, three times
    assert check(server + "/slow") == "timed out"
    with socket.socket() as unused:  # a port nothing listens on
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    assert "refused" in check(f"http://127.0.0.1:{port}/ok").lower()


def test_external_command_writes_the_issue_body_only_for_dead_links(tmp_path, server, capsys):
    _write(tmp_path, "index.html", f'<a href="{server}/ok">fine</a> <a href="{server}/gone#x">dead</a>')
    _write(tmp_path, "lab.html", f'<a href="{server}/gone">dead</a>')
    report = tmp_path / "report.md"
    assert links.main(["external", str(tmp_path), "--report", str(report), "--timeout", "1"]) == 0
    body = report.read_text()
    assert f"| {server}/gone | 404 | `index.html`, `lab.html` |" in body
    assert "1 of 2 external links" in body and f"{server}/ok" not in body
    assert "1 of 2 external links look dead" in capsys.readouterr().out

    report.unlink()
    _write(tmp_path, "lab.html", "")
    _write(tmp_path, "index.html", f'<a href="{server}/ok">fine</a>')
    assert links.main(["external", str(tmp_path), "--report", str(report)]) == 0
    assert not report.exists()


def test_the_built_site_has_no_broken_internal_link_or_anchor(smoke_html):
    broken = links.internal_broken_links(smoke_html)
    assert not broken, f"{len(broken)} broken internal link(s):\n" + "\n".join(map(str, broken))


def test_the_links_workflow_is_weekly_keeps_one_issue_and_never_fails():
    from book_testing import load_workflow

    triggers, workflow = load_workflow("links.yml")
    assert "schedule" in triggers and "workflow_dispatch" in triggers
    assert workflow["permissions"] == {}
    (job,) = workflow["jobs"].values()
    assert job["continue-on-error"] is True
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    assert "booktools.links external _build/html" in runs
    assert "gh issue create --title \"$ISSUE_TITLE\"" in runs and "gh issue edit" in runs
