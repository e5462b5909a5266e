"""A local static server and the Chromium settings shared by the browser tests and `make bench-site`."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import socketserver
import threading
from pathlib import Path

# Debian's chromium-headless-shell (the "old headless" build Playwright itself uses for headless runs), not the
# full browser: on the 2-core machines it opens a lesson page in about two thirds of the time and leaves a core free
# for the test worker beside it (file:// page test, serial: 37.7 s with full chromium, 25.6 s with the shell).
CHROMIUM = shutil.which("chromium-headless-shell") or "/usr/bin/chromium-headless-shell"
# Flags from DESIGN.md: no background networking, so the only requests are the page's own.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """Serve ``directory`` on 127.0.0.1 at a free port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    socketserver.TCPServer.allow_reuse_address = True
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as httpd:
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{httpd.server_address[1]}"
        finally:
            httpd.shutdown()


def is_local(url: str) -> bool:
    """True for requests that stay on this machine (the served site, inline data and blobs)."""
    return url.startswith(("http://127.0.0.1:", "data:", "blob:", "about:"))
