"""Open built pages in headless Debian Chromium with every non-file request blocked."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        # pages checked side by side keep running at full speed when not in front
        "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
        "--disable-backgrounding-occluded-windows"]
CHART = "div[id^='altair-viz']"


@dataclass
class PageReport:
    path: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    charts: int = 0
    rendered: int = 0
    scroll_width: int = 0


@contextlib.contextmanager
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield b
        finally:
            b.close()


def open_page(b, html: Path, width: int = 1280, height: int = 900):
    """A new page at ``html`` with a report that collects errors and blocked requests."""
    context = b.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    report = PageReport(str(html))

    def route(r):
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            report.blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: report.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: report.page_errors.append(str(e)))
    url = html.resolve().as_uri()
    page.goto(url, wait_until="load")
    if 'http-equiv="Refresh"' in html.read_text(encoding="utf-8", errors="replace"):
        # a redirect page (the site's index.html): check the page it leads to, once it has loaded
        page.wait_for_url(lambda u: u != url, timeout=10000)
        page.wait_for_load_state("load")
    report.charts = page.locator(CHART).count()
    if report.charts:
        with contextlib.suppress(Exception):
            page.wait_for_function(
                f"""() => [...document.querySelectorAll("{CHART}")]
                      .every(d => d.querySelector('svg, canvas'))""", timeout=15000)
    report.rendered = page.evaluate(
        f"""() => [...document.querySelectorAll("{CHART}")].filter(d => d.querySelector('svg, canvas')).length""")
    report.scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    return page, report


AXE_CHECK = """async (contrast) => {
  const r = await axe.run('main article, article.bd-article, #main-content',
                          {resultTypes: ['violations'], rules: {'color-contrast': {enabled: contrast}}});
  return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
    .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""


def axe_violations(pages: list[str], axe: str) -> list[tuple[str, list]]:
    """Serious or critical axe violations of each page, checked in one browser (run in a worker process:
    one browser's pages share a renderer, so two workers use two cores).

    Colour contrast, three quarters of axe's time, is checked on the English pages: the Japanese edition
    has the same stylesheet and chart theme, so the same colours; every other rule runs on both.
    """
    out = []
    with browser() as b:
        for html in pages:
            page, _ = open_page(b, Path(html))
            page.add_script_tag(path=axe)
            out.append((html, page.evaluate(AXE_CHECK, "/ja/" not in Path(html).as_posix())))
            page.context.close()
    return out
