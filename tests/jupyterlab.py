"""Drive the project's JupyterLab in headless Chromium as a reader does: open a chapter, Run All, read it.

The chapters are copied to a temporary folder first, so running them never writes outputs
into the repository. Every request that leaves 127.0.0.1 is blocked and recorded.

Run by hand to look at a chapter::

    .venv/bin/python tests/jupyterlab.py book/01-capital.ipynb /tmp/ch01.png
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from browser import ARGS, CHROMIUM

ROOT = Path(__file__).resolve().parents[1]
JUPYTER = Path(sys.executable).parent / "jupyter"
#: MyST syntax that must never reach a reader unrendered
RAW_SYNTAX = ["{glue", "{term}", "{numref}", "{eval}", ":::{", ":name:", ":label:", "{cite}", "{solution"]
#: what a polars frame printed as text looks like
RAW_REPR = ["shape: (", "│", "┌", "╞"]


@dataclass
class LabReport:
    notebook: str
    charts: int = 0
    errors: list[str] = field(default_factory=list)
    raw_syntax: list[str] = field(default_factory=list)
    raw_reprs: int = 0
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    text: str = ""
    panels: int = 0
    panel_responded: bool = False
    chart_titles: list[str] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=True).stdout


def _git_like_the_repository(folder: Path) -> None:
    """Make ``folder`` a git repository with the notebooks committed through the repository's own
    nbstripout filter (set up by ``make``), so a test can ask whether saving left ``git status`` clean."""
    clean = subprocess.run(["git", "config", "filter.nbstripout.clean"], cwd=ROOT, capture_output=True,
                           text=True).stdout.strip()
    if not clean:
        return
    _git(folder, "init", "-q")
    for key, value in (("filter.nbstripout.clean", clean), ("filter.nbstripout.smudge", "cat"),
                       ("filter.nbstripout.required", "true"), ("user.email", "t@example.org"), ("user.name", "t")):
        _git(folder, "config", key, value)
    (folder / ".gitattributes").write_text("*.ipynb filter=nbstripout\n")
    # book-ja/ holds the build's Japanese copies: never committed, so not in git here either
    (folder / ".gitignore").write_text(".jupyter/\n.lab-settings/\nlab.log\n.ipynb_checkpoints/\nbook-ja/\n")
    _git(folder, "add", "-A")
    _git(folder, "commit", "-q", "-m", "as committed")


def git_status(folder: Path, path: str = "book") -> str:
    """``git status --porcelain`` of ``path`` in a lab folder ("" when clean, or when it is no repository);
    ``book/`` holds the committed notebooks (``book-ja/`` the build's Japanese copies)."""
    if not (folder / ".git").is_dir():
        return ""
    return _git(folder, "status", "--porcelain", "--", path)


@contextlib.contextmanager
def lab_server(notebooks: list[Path], japanese: list[Path] = ()):
    """A JupyterLab on 127.0.0.1 serving copies of ``notebooks`` (under ``book/``) and of the Japanese
    edition's ``japanese`` notebooks (under ``book-ja/``, as in the packs); yields (url, folder)."""
    folder = Path(tempfile.mkdtemp(prefix="genchain-lab-"))
    for sub, group in (("book", notebooks), ("book-ja", japanese)):
        (folder / sub).mkdir(exist_ok=True)
        for nb in group:
            shutil.copy(nb, folder / sub / nb.name)
    _git_like_the_repository(folder)
    port = _free_port()
    log = open(folder / "lab.log", "w")
    # every cell rendered (no windowing), so a test sees the whole notebook
    settings = folder / ".lab-settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    notices = folder / ".lab-settings" / "@jupyterlab" / "apputils-extension"
    notices.mkdir(parents=True)
    (notices / "notification.jupyterlab-settings").write_text('{"fetchNews": "false", "checkForUpdates": false}')
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(folder / ".jupyter"),
               JUPYTERLAB_SETTINGS_DIR=str(folder / ".lab-settings"))
    proc = subprocess.Popen(
        [str(JUPYTER), "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1", "--allow-root",
         "--ServerApp.token=", "--ServerApp.password=", f"--ServerApp.root_dir={folder}",
         "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         "--ContentsManager.pre_save_hook=genchain.publish.notebook_hygiene.pre_save_hook"],  # as make lab
        cwd=folder, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        for _ in range(300):
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}", folder
    finally:
        proc.terminate()
        proc.wait(20)
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


def _drive_panel(page) -> bool:
    """Change the first live panel's first control; True if the panel's output changed."""
    panel = page.locator(".jp-OutputArea .widget-vbox:has(.widget-output)").first
    output = panel.locator(".widget-output").first
    before = output.inner_html()
    select = panel.locator(".widget-dropdown select")
    readout = panel.locator(".widget-readout")
    if select.count():
        options = select.first.locator("option").evaluate_all("os => os.map(o => o.value)")
        current = select.first.input_value()
        select.first.select_option(value=next(o for o in options if o != current))
    elif readout.count():
        value = float(readout.first.inner_text().replace(",", ""))
        readout.first.click()
        page.keyboard.press("Control+A")
        page.keyboard.type(f"{value * 1.1 + 1:g}")
        page.keyboard.press("Enter")
    else:
        return False
    for _ in range(30):
        time.sleep(0.5)
        if output.inner_html() != before:
            return True
    return False


def run_all(b, base: str, notebook: str, screenshot: Path | None = None, timeout: float = 240,
            panel: bool = False, save: bool = False) -> LabReport:
    """Open ``book/<notebook>`` in JupyterLab, Run All, wait for the kernel, and report what a reader sees."""
    return read(*start(b, base, notebook), screenshot=screenshot, timeout=timeout, panel=panel, save=save)


def start(b, base: str, notebook: str, book: str = "book"):
    """Open ``<book>/<notebook>`` in a new page and start Run All; returns (page, report) for :func:`read`."""
    report = LabReport(notebook)
    page = b.new_page(viewport={"width": 1280, "height": 1000})

    def route(r):
        url = r.request.url
        if url.startswith(base) or url.startswith(("ws://127.0.0.1", "data:", "blob:")):
            r.continue_()
        else:
            report.blocked.append(url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: report.console_errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{base}/lab/tree/{book}/{notebook}?reset")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90000)
    page.wait_for_selector("text=| Idle", timeout=90000)
    page.click("div.lm-MenuBar-itemLabel:text('Run')")
    page.click("li.lm-Menu-item:has-text('Run All Cells')")
    return page, report


def read(page, report: LabReport, screenshot: Path | None = None, timeout: float = 240, panel: bool = False,
         save: bool = False) -> LabReport:
    """Wait for the Run All that :func:`start` began, and report what a reader sees."""
    deadline = time.time() + timeout
    # the run has started once a cell shows [*] (or, for a fast notebook, already shows its count)
    with contextlib.suppress(Exception):
        page.wait_for_selector(".jp-InputPrompt:has-text('[*]')", timeout=5000)
    while time.time() < deadline:
        busy = page.locator(".jp-InputPrompt:has-text('[*]')").count()
        idle = page.locator("text=| Idle").count()
        if not busy and idle:
            break
        time.sleep(0.5)
    else:
        report.errors.append(f"still running after {timeout:.0f} s")
    # the rendered Vega views (canvas or SVG) inside outputs, once they have all drawn (the count holds
    # for a second)
    views = page.locator(".jp-OutputArea .vega-embed svg.marks, .jp-OutputArea .vega-embed canvas")
    seen, steady = -1, 0
    for _ in range(20):
        n = views.count()
        steady = steady + 1 if n == seen else 0
        seen = n
        if steady >= 2:
            break
        time.sleep(0.5)
    report.charts = seen
    # each chart's title as drawn (Vega's SVG renderer: a text mark with the role "title-text")
    report.chart_titles = [t.strip() for t in page.locator(
        ".jp-OutputArea .vega-embed svg.marks .role-title-text").all_text_contents()]
    report.errors += page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'],"
                                  " .jp-RenderedText[data-mime-type='application/vnd.jupyter.error']"
                                  ).all_inner_texts()
    # the whole notebook's text, every cell scrolled through (JupyterLab renders lazily)
    page.evaluate("document.querySelector('.jp-WindowedPanel-outer')?.scrollTo(0, 0)")
    texts = []
    for cell in page.locator(".jp-MarkdownCell .jp-RenderedMarkdown, .jp-RenderedMarkdown, "
                             ".jp-OutputArea-output").all():
        with contextlib.suppress(Exception):
            texts.append(cell.inner_text(timeout=2000))
    report.text = "\n".join(texts)
    report.raw_syntax = sorted({s for s in RAW_SYNTAX if s in report.text})
    report.raw_reprs = sum(report.text.count(s) for s in RAW_REPR[:1])
    if save:  # as a reader would: Ctrl+S, then wait for the document to be clean
        page.keyboard.press("Control+s")
        with contextlib.suppress(Exception):
            page.wait_for_selector(".jp-mod-dirty", state="detached", timeout=15000)
        time.sleep(1)
    report.panels = page.locator(".jp-OutputArea .widget-vbox:has(.widget-output)").count()
    if panel and report.panels:
        report.panel_responded = _drive_panel(page)
    if screenshot:  # the notebook scrolls inside its panel: one picture per screen, top to bottom
        for k in range(120):
            page.wait_for_timeout(1200)  # a chart scrolled into view redraws
            page.screenshot(path=str(screenshot.with_name(f"{screenshot.stem}-{k:02d}.png")))
            moved = page.evaluate("""() => { const p = document.querySelector('.jp-WindowedPanel-outer');
                const before = p.scrollTop; p.scrollBy(0, p.clientHeight - 80); return p.scrollTop > before; }""")
            if not moved:
                break
    page.close()
    return report


if __name__ == "__main__":
    from playwright.sync_api import sync_playwright

    nb, shot = Path(sys.argv[1]).resolve(), Path(sys.argv[2]) if len(sys.argv) > 2 else None
    with lab_server([nb]) as (base, _), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        r = run_all(browser, base, nb.name, shot)
        browser.close()
    print(f"{r.notebook}: {r.charts} charts drawn; errors {r.errors}; raw syntax {r.raw_syntax}; "
          f"raw reprs {r.raw_reprs}; blocked {r.blocked[:5]}")
