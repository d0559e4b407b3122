"""Open a kg page in headless Chromium, offline, and record what it does.

For the browser tests, ``bench/viz.py`` and ``scripts/screenshot.py``; it needs the PyPI
``playwright`` package (the ``test`` extra) and Debian's ``chromium`` (``make system-deps``).
Playwright never downloads a browser here: it drives the system one.

Every request that is not for a ``file:`` or ``data:`` URL is recorded and aborted, so a
page that tries to reach the network fails its test instead of quietly working online.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from ..errors import Errors, KGError

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "PageLog", "chromium", "open_page", "local_url"]

#: The Debian package's binary; KG_CHROMIUM overrides it.
CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
_LOCAL = ("file:", "data:")


def local_url(url: str) -> bool:
    return url.startswith(_LOCAL)


@dataclass
class PageLog:
    """What a page did: every request URL, console errors, uncaught exceptions and dialogs."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    @property
    def remote_requests(self) -> list[str]:
        return [url for url in self.requests if not local_url(url)]


@contextmanager
def chromium(executable: str = CHROMIUM) -> Iterator[Any]:
    """A headless Chromium browser (a Playwright ``Browser``)."""
    if shutil.which(executable) is None:
        raise KGError(Errors.E203.format(detail=f"{executable} not found; install the Debian package "
                                                 "'chromium' (make system-deps)"))
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise KGError(Errors.E203.format(detail="the playwright package is missing; "
                                                "pip install -e '.[test]'")) from exc
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def open_page(browser: Any, path: str | os.PathLike, *, width: int = 1400, height: int = 900,
              wait: str | None = "ready", timeout_ms: float = 60_000) -> Iterator[tuple[Any, PageLog]]:
    """Open ``path`` from a ``file://`` URL with the network blocked.

    ``wait`` is ``"ready"`` (drawn and interactive), ``"stable"`` (and the nodes stopped
    moving) or None. Yields the Playwright page and its :class:`PageLog`.
    """
    log = PageLog()
    context = browser.new_context(viewport={"width": width, "height": height}, offline=True,
                                  service_workers="block")

    def route(r) -> None:
        if local_url(r.request.url):
            r.continue_()
        else:
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("request", lambda request: log.requests.append(request.url))
    page.on("console", lambda msg: log.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: log.page_errors.append(str(exc)))

    def dialog(d) -> None:
        log.dialogs.append(f"{d.type}: {d.message}")
        d.dismiss()

    page.on("dialog", dialog)
    try:
        page.goto(Path(path).resolve().as_uri(), wait_until="load", timeout=timeout_ms)
        if wait:
            page.wait_for_selector(f"body[data-{wait}]", state="attached", timeout=timeout_ms)
        yield page, log
    finally:
        context.close()
