"""Headless Chromium (Debian's, driven by Playwright) for the dashboard's browser test and benchmark."""
from __future__ import annotations

import contextlib
import shutil
import time
from pathlib import Path
from typing import Iterator

CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    """The system Chromium, or None (the tests skip and say why)."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


@contextlib.contextmanager
def open_page(html_file: Path, timeout_ms: int = 20_000) -> Iterator[tuple[object, list[str], float]]:
    """Open ``html_file`` and wait until its charts are drawn; yields (page, console errors, seconds to ready)."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        raise RuntimeError("no chromium on PATH: run scripts/install_chromium.sh")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            errors: list[str] = []
            page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
            page.on("pageerror", lambda error: errors.append(str(error)))
            started = time.perf_counter()
            page.goto(Path(html_file).resolve().as_uri())
            page.wait_for_selector("body[data-ready='true'] #vis svg", timeout=timeout_ms)
            yield page, errors, time.perf_counter() - started
        finally:
            browser.close()
