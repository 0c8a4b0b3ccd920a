"""Benchmarks of the genchain package and of the book build: prints one table, writes bench/results.csv.

Usage (from the repository root, with the project's virtual environment)::

    .venv/bin/python bench/run.py            # everything (about 5 minutes on 2 cores)
    .venv/bin/python bench/run.py --quick    # 10^5 and 10^6 rows only, no 10^8 streaming run
    .venv/bin/python bench/run.py --book     # only the book build timings and page weights
    .venv/bin/python bench/run.py --package  # only the package sections (data, concentration, chain)

Every package case runs in a fresh Python process (``--worker``) so that its peak memory
(``ru_maxrss`` of that process, interpreter and imports included) is its own. Sections that
are not run keep their rows from the existing results.csv, so the committed table stays whole.
See bench/README.md for what each number means.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "results.csv"
COLUMNS = ["section", "case", "rows", "seconds", "peak_mb", "notes", "target", "met"]
VALUE = "amount_usd_bn"
TOLERANCE = 1e-9
ENV = {**os.environ, "POLARS_MAX_THREADS": os.environ.get("POLARS_MAX_THREADS", "2"),
       "PYDEVD_DISABLE_FILE_VALIDATION": "1"}


# ----------------------------------------------------------------------------- workers (child processes)

def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


CPU = {"seconds": 0.0}


def _best(fn, reps: int):
    """Best wall time of ``reps`` runs; CPU["seconds"] gets the CPU time (all threads) of that run."""
    best, out = float("inf"), None
    for _ in range(reps):
        t, c = time.perf_counter(), time.process_time()
        out = fn()
        wall, cpu = time.perf_counter() - t, time.process_time() - c
        if wall < best:
            best, CPU["seconds"] = wall, cpu
    return best, out


def conc_genchain(path: str, engine: str = "auto"):
    """The four measures with genchain, as a reader would call them, on a lazy Parquet scan."""
    import polars as pl

    from genchain import concentration as cc

    lf = pl.scan_parquet(path)
    s, h, t, g = pl.collect_all([
        cc.shares(lf, "country", VALUE, by="year"),
        cc.hhi(lf, "country", VALUE, by="year"),
        cc.top_k_share(lf, "country", VALUE, 5, by="year"),
        cc.gini(lf, VALUE, by=["country", "year"]),
    ], engine=engine)
    return {"shares": s.rename({VALUE: "usd"}), "hhi": h, "top5": t.rename({"top_5_share": "top5"}), "gini": g}


def conc_polars(path: str):
    """The fastest hand-written polars query found: ONE pass over the rows, then a 165-row table.

    Shares, HHI and top-5 need only each country-year's sum; the Gini of a country-year needs
    its sorted amounts. Both come out of a single group_by over (year, country).
    """
    import polars as pl

    x = pl.col(VALUE)
    cy = (pl.scan_parquet(path)
          .group_by("year", "country")
          .agg(usd=x.sum(), n=pl.len(), dot=x.sort().dot(pl.int_range(1, pl.len() + 1).cast(pl.Float64)))
          .collect())
    n = pl.col("n").cast(pl.Float64)
    cy = cy.with_columns(
        share=pl.when(pl.col("usd").sum().over("year") > 0).then(pl.col("usd") / pl.col("usd").sum().over("year")),
        gini=pl.when(pl.col("usd") > 0).then(2 * pl.col("dot") / (n * pl.col("usd")) - (n + 1) / n))
    by_year = cy.group_by("year").agg(hhi=(pl.col("share") ** 2).sum() * 10_000, top5=pl.col("share").top_k(5).sum())
    return {"shares": cy.select("year", "country", "usd", "share"), "hhi": by_year.select("year", "hhi"),
            "top5": by_year.select("year", "top5"), "gini": cy.select("country", "year", "gini")}


def conc_pandas(path: str):
    """A straightforward vectorised pandas version of the same numbers."""
    import numpy as np
    import pandas as pd

    df = pd.read_parquet(path, columns=["country", "year", VALUE])
    cy = df.groupby(["year", "country"], observed=True)[VALUE].sum().rename("usd").reset_index()
    total = cy.groupby("year")["usd"].transform("sum")
    cy["share"] = np.where(total > 0, cy["usd"] / total, np.nan)
    hhi = (cy["share"] ** 2).groupby(cy["year"]).sum().mul(10_000).rename("hhi").reset_index()
    top5 = (cy.sort_values(["year", "share"], ascending=[True, False]).groupby("year").head(5)
            .groupby("year")["share"].sum().rename("top5").reset_index())
    s = df.sort_values(["country", "year", VALUE])
    keys = [s["country"], s["year"]]
    rank = s.groupby(keys, observed=True).cumcount() + 1
    per = pd.DataFrame({"dot": (rank * s[VALUE]), "x": s[VALUE]}).groupby(keys, observed=True).agg(
        dot=("dot", "sum"), total=("x", "sum"), n=("x", "size")).reset_index()
    per["gini"] = np.where(per["total"] > 0, 2 * per["dot"] / (per["n"] * per["total"]) - (per["n"] + 1) / per["n"],
                           np.nan)
    return {"shares": cy[["year", "country", "usd", "share"]], "hhi": hhi, "top5": top5,
            "gini": per[["country", "year", "gini"]]}


def _normalise(result: dict):
    """Every result as a polars frame with string country, sorted the same way (for comparison)."""
    import pandas as pd
    import polars as pl

    out = {}
    for name, frame in result.items():
        f = pl.from_pandas(frame) if isinstance(frame, pd.DataFrame) else frame
        if "country" in f.columns:
            f = f.with_columns(pl.col("country").cast(pl.String))
        f = f.with_columns(pl.col("year").cast(pl.Int64))
        keys = [c for c in ("year", "country") if c in f.columns]
        out[name] = f.select(*keys, *[c for c in f.columns if c not in keys]).sort(keys)
    return out


def _max_difference(a: dict, b: dict) -> float:
    """Largest difference between two results (HHI on its 0-1 scale, money relative to the total)."""
    worst = 0.0
    for name in a:
        x, y = a[name], b[name]
        if x.height != y.height:
            return float("inf")
        keys = [c for c in ("year", "country") if c in x.columns]
        if not x.select(keys).equals(y.select(keys)):
            return float("inf")
        for col in x.columns:
            if col in keys:
                continue
            scale = 10_000.0 if col == "hhi" else (x[col].abs().max() or 1.0) if col == "usd" else 1.0
            d = ((x[col] - y[col]).abs() / scale).max()
            if x[col].null_count() != y[col].null_count():
                return float("inf")
            worst = max(worst, float(d or 0.0))
    return worst


def worker(args) -> None:
    """Run one case in this (fresh) process and print one JSON line."""
    if args.worker == "generate":
        from genchain.data import synthetic

        t = time.perf_counter()
        frame = synthetic.funding_rounds(args.rows, seed=0)
        gen = time.perf_counter() - t
        t = time.perf_counter()
        frame.write_parquet(args.path)
        write = time.perf_counter() - t
        print(json.dumps({"seconds": gen, "write_seconds": write, "peak_mb": _peak_mb(),
                          "mb_in_memory": frame.estimated_size("mb"), "mb_on_disk": os.path.getsize(args.path) / 2**20}))
    elif args.worker in ("genchain", "polars", "pandas"):
        import polars as pl

        fn = {"genchain": conc_genchain, "polars": conc_polars, "pandas": conc_pandas}[args.worker]
        seconds, result = _best(lambda: fn(args.path), args.reps)
        result = _normalise(result)
        out = {"seconds": seconds, "peak_mb": _peak_mb(), "cpu": CPU["seconds"]}
        if args.compare:
            # the reference (genchain's answer) is read after the timing and after the peak is taken
            ref = {name: pl.read_parquet(Path(args.compare).parent / f"{name}.parquet") for name in result}
            out["max_diff"] = _max_difference(ref, result)
        else:
            for name, frame in result.items():
                frame.write_parquet(Path(args.path).parent / f"{name}.parquet")
        print(json.dumps(out))
    elif args.worker == "streaming":
        import polars as pl

        from genchain import concentration as cc

        lf = pl.scan_parquet([args.path] * args.copies)

        def go():
            return pl.collect_all([cc.shares(lf, "country", VALUE, by="year"),
                                   cc.hhi(lf, "country", VALUE, by="year"),
                                   cc.top_k_share(lf, "country", VALUE, 5, by="year")], engine=args.engine)

        seconds, (s, h, _t) = _best(go, 1)
        assert abs(s["share"].sum() - s["year"].n_unique()) < 1e-6  # shares sum to 1 in each year
        print(json.dumps({"seconds": seconds, "peak_mb": _peak_mb(), "rows": lf.select(pl.len()).collect().item()}))
    elif args.worker == "chain":
        import polars as pl

        from genchain import scenarios

        actors = pl.DataFrame({"actor": [f"actor-{i}" for i in range(1, 6)],
                               "capital_usd_bn": [60.0, 25.0, 10.0, 4.0, 1.0]})
        times, cpus = [], []
        for _ in range(args.reps):
            t, c = time.perf_counter(), time.process_time()
            out = scenarios.monte_carlo(actors, args.rows, seed=0)
            times.append(time.perf_counter() - t)
            cpus.append(time.process_time() - c)
            del out
        print(json.dumps({"seconds": min(times), "first": times[0], "all": times, "peak_mb": _peak_mb(),
                          "cpu": cpus[times.index(min(times))]}))


# ----------------------------------------------------------------------------- parent: running cases

def child(*argv: str, timeout: float = 900) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", *argv]
    done = subprocess.run(cmd, capture_output=True, text=True, env=ENV, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def row(section, case, rows="", seconds="", peak_mb="", notes="", target="", met="") -> dict:
    fmt = (lambda v, d: f"{v:.{d}f}" if isinstance(v, float) else v)
    return {"section": section, "case": case, "rows": rows, "seconds": fmt(seconds, 3), "peak_mb": fmt(peak_mb, 0),
            "notes": notes, "target": target, "met": met if isinstance(met, str) else ("yes" if met else "NO")}


def say(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def package_sections(quick: bool) -> list[dict]:
    out = []
    sizes = [10**5, 10**6] if quick else [10**5, 10**6, 10**7]
    tmp = Path(tempfile.mkdtemp(prefix="genchain-bench-"))
    try:
        for n in sizes:
            folder = tmp / f"n{n}"
            folder.mkdir()
            path = str(folder / "rounds.parquet")
            say(f"generating {n:,} synthetic rounds")
            g = child("generate", "--rows", str(n), "--path", path)
            gen_target = "< 10 s at 10^7" if n == 10**7 else ""
            out.append(row("1 data", "synthetic.funding_rounds + write Parquet", n, g["seconds"], g["peak_mb"],
                           f"write {g['write_seconds']:.2f} s; {g['mb_in_memory']:.0f} MB in memory, "
                           f"{g['mb_on_disk']:.0f} MB Parquet", gen_target,
                           (g["seconds"] < 10) if gen_target else ""))
            say(f"concentration at {n:,} rows: genchain, hand-written polars, pandas")
            reps = 3
            gc = child("genchain", "--path", path, "--reps", str(reps))
            hw = child("polars", "--path", path, "--reps", str(reps), "--compare", path)
            pd_ = child("pandas", "--path", path, "--reps", "1" if n == 10**7 else "2", "--compare", path)
            big = n == 10**7
            vs_hand = gc["seconds"] / hw["seconds"]
            vs_pandas = pd_["seconds"] / gc["seconds"]
            out.append(row("2 concentration", "genchain (shares, HHI, top-5, Gini; collect_all on a scan)", n,
                           gc["seconds"], gc["peak_mb"], f"{vs_hand:.2f}x the hand-written query; "
                           f"{vs_pandas:.1f}x faster than pandas; CPU s: genchain {gc['cpu']:.2f}, "
                           f"hand-written {hw['cpu']:.2f}, pandas {pd_['cpu']:.2f}",
                           "<= 1.5x hand-written, >= 4x faster than pandas, < 1.5 GB" if big else "",
                           (vs_hand <= 1.5 and vs_pandas >= 4 and gc["peak_mb"] < 1536) if big else ""))
            out.append(row("2 concentration", "hand-written polars (one group_by pass)", n, hw["seconds"],
                           hw["peak_mb"], f"max difference from genchain {hw['max_diff']:.1e}",
                           f"equal within {TOLERANCE:g}", hw["max_diff"] <= TOLERANCE))
            out.append(row("2 concentration", "pandas (vectorised)", n, pd_["seconds"], pd_["peak_mb"],
                           f"max difference from genchain {pd_['max_diff']:.1e}",
                           f"equal within {TOLERANCE:g}", pd_["max_diff"] <= TOLERANCE))
            if n == sizes[-1] and not quick:
                copies = 10
                say(f"streaming: {copies} x {n:,} rows through the streaming engine, then in memory")
                st = child("streaming", "--path", path, "--copies", str(copies), "--engine", "streaming")
                inmem = child("streaming", "--path", path, "--copies", str(copies), "--engine", "in-memory")
                need = st["rows"] * 16 / 2**20  # country (4 B) + year (4 B) + amount (8 B) per row
                out.append(row("2 concentration", "genchain shares+HHI+top-5, streaming engine", st["rows"],
                               st["seconds"], st["peak_mb"],
                               f"input {st['rows']:,} rows: {need:,.0f} MB for the 3 columns used, "
                               f"{g['mb_in_memory'] * copies:,.0f} MB as a full table; in-memory engine on the "
                               f"same scan peaks at {inmem['peak_mb']:,.0f} MB in {inmem['seconds']:.1f} s",
                               "peak well below the input size", st["peak_mb"] < need / 2))
            for f in folder.iterdir():
                f.unlink()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    say("Monte Carlo: 10^6 draws x 5 actors through every stage")
    mc = child("chain", "--rows", str(10**6), "--reps", "5")
    out.append(row("3 chain", "scenarios.monte_carlo, 10^6 draws x 5 actors", 5 * 10**6, mc["seconds"],
                   mc["peak_mb"], f"best of {len(mc['all'])} (CPU {mc['cpu']:.2f} s); first run {mc['first']:.2f} s (page faults "
                   f"for ~0.8 GB of new columns); 21 columns out", "< 1 s", mc["seconds"] < 1.0))
    return out


# ----------------------------------------------------------------------------- parent: the book

def _copy_repo(dest: Path) -> None:
    ignore = {".venv", "_build", ".git", ".pytest_cache", ".hypothesis", "__pycache__", ".ipynb_checkpoints"}
    if shutil.which("rsync"):
        excl = [f"--exclude={name}" for name in sorted(ignore)]
        subprocess.run(["rsync", "-a", "--delete", *excl, f"{REPO}/", f"{dest}/"], check=True)
    else:
        shutil.copytree(REPO, dest, ignore=lambda _d, names: [n for n in names if n in ignore], dirs_exist_ok=True)


def _build(copy: Path) -> tuple[float, int, str]:
    jb = Path(sys.executable).parent / "jupyter-book"
    t = time.perf_counter()
    done = subprocess.run([str(jb), "build", ".", "--warningiserror", "--keep-going", "--quiet"], cwd=copy,
                          env=ENV, capture_output=True, text=True)
    return time.perf_counter() - t, done.returncode, (done.stdout + done.stderr)[-2000:]


def _touch_markdown_cell(nb: Path) -> str:
    """Append a space to the first markdown cell; return the original text (to restore)."""
    original = nb.read_text(encoding="utf-8")
    data = json.loads(original)
    for cell in data["cells"]:
        if cell["cell_type"] == "markdown":
            src = cell["source"]
            cell["source"] = (src + " ") if isinstance(src, str) else [*src[:-1], (src[-1] if src else "") + " "]
            break
    nb.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return original


def _toc_files(root: Path) -> list[Path]:
    """The source files _toc.yml lists (the build ignores others: only_build_toc_files)."""
    import yaml

    found: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            for key in ("root", "file"):
                if isinstance(node.get(key), str):
                    found.append(node[key])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8")))
    out = []
    for name in found:
        matches = [root / f"{name}{ext}" for ext in ("", ".ipynb", ".md") if (root / f"{name}{ext}").is_file()]
        out += matches[:1]
    return out


def book_sections() -> list[dict]:
    out = []
    base = Path(tempfile.mkdtemp(prefix="genchain-benchbook-"))
    copy = base / "repo"
    try:
        _copy_repo(copy)
        notebooks = sorted((copy / "book").glob("*.ipynb"))
        in_toc = _toc_files(copy)
        built_nbs = [p for p in in_toc if p.suffix == ".ipynb"]
        n_nb = len(built_nbs)
        say(f"book: clean build of a copy in {copy} ({len(in_toc)} pages in _toc.yml, {n_nb} of them notebooks)")
        t, rc, log = _build(copy)
        ok = rc == 0
        if not ok:
            say("the clean build failed (its timings are still reported):\n" + log)
        out.append(row("4 book", "clean build (jupyter-book build, -W --keep-going)", f"{len(in_toc)} pages, {n_nb} notebooks", t, "",
                       "" if ok else f"build exited {rc}", "< 90 s", ok and t < 90))
        say("book: rebuild with nothing changed")
        t, rc, _ = _build(copy)
        out.append(row("4 book", "rebuild, nothing changed", f"{len(in_toc)} pages", t, "", "",
                       "< 15 s", rc == 0 and t < 15))
        chapters = [p for p in built_nbs if not p.name.startswith("appendix")] or built_nbs
        target = chapters[0] if chapters else in_toc[0]
        say(f"book: rebuild after editing {target.name}")
        if target.suffix == ".ipynb":
            original = _touch_markdown_cell(target)
        else:
            original = target.read_text(encoding="utf-8")
            target.write_text(original + " ", encoding="utf-8")
        try:
            t, rc, _ = _build(copy)
        finally:
            target.write_text(original, encoding="utf-8")
        out.append(row("4 book", f"rebuild after a markdown edit in book/{target.name}", "1 page", t, "",
                       "markdown edit: the execution cache holds, the page is re-rendered",
                       "< 30 s", rc == 0 and t < 30))
        # page weight of the clean build (section 5)
        html = copy / "_build" / "html"
        out += page_weight(html)
        say("book: pytest --nbmake book/ (per-notebook durations)")
        t0 = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "pytest", "--nbmake", "book/", "-q", "--durations=0",
                               "-p", "no:cacheprovider", "-o", "addopts="], cwd=copy, env=ENV,
                              capture_output=True, text=True)
        total = time.perf_counter() - t0
        per = {}
        for m in re.finditer(r"^\s*([\d.]+)s\s+call\s+(\S+?\.ipynb)", done.stdout, re.M):
            per[Path(m.group(2).split("::")[0]).name] = float(m.group(1))
        for nb in notebooks:
            secs = per.get(nb.name)
            out.append(row("4 book", f"execute book/{nb.name} (nbmake)", "1 notebook",
                           secs if secs is not None else "", "", "" if secs is not None else "no duration reported",
                           "< 20 s (chapter brief)", "" if secs is None else secs < 20))
        summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "no output"
        out.append(row("4 book", "pytest --nbmake book/ (total, with pytest start-up)", f"{len(notebooks)} notebooks", total,
                       "", summary, "< 45 s", done.returncode in (0, 5) and total < 45))
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return out


def page_weight(html: Path) -> list[dict]:
    out = []
    js = html / "_static" / "genchain-vega.js"
    if js.exists():
        out.append(row("5 page weight", "_static/genchain-vega.js (shared by every page, cached once)", "",
                       "", "", f"{js.stat().st_size / 2**20:.2f} MB (Vega + Vega-Lite + Vega-Embed)", "", ""))
    for page in sorted((html / "book").glob("*.html")):
        text = page.read_text(encoding="utf-8", errors="replace")
        charts = len(re.findall(r"vegaEmbed\(", text))
        size = page.stat().st_size
        out.append(row("5 page weight", f"book/{page.name}", f"{charts} charts", "", "",
                       f"{size / 2**20:.2f} MB HTML ({size:,} bytes)", "< 1.5 MB", size < 1.5 * 2**20))
    return out


# ----------------------------------------------------------------------------- table

def machine_row() -> dict:
    import polars as pl

    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return row("0 machine", f"{os.cpu_count()} cores, {mem:.0f} GiB RAM, POLARS_MAX_THREADS={ENV['POLARS_MAX_THREADS']}",
               "", "", "", f"Python {platform.python_version()}, polars {pl.__version__}, "
               f"{time.strftime('%Y-%m-%d')}; load average at start {os.getloadavg()[0]:.1f} "
               "(other work on the machine slows every timing)", "", "")


def write_and_print(rows: list[dict], ran: set[str]) -> None:
    kept = []
    if RESULTS.exists():
        with RESULTS.open(newline="", encoding="utf-8") as f:
            kept = [r for r in csv.DictReader(f) if r["section"].split(" ")[0] not in ran]
    allrows = sorted(kept + rows, key=lambda r: r["section"].split(" ")[0])  # stable: keeps case order
    with RESULTS.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(allrows)
    widths = {c: min(max(len(c), *(len(str(r[c])) for r in allrows)), 70 if c in ("case", "notes") else 40)
              for c in COLUMNS}
    clip = (lambda s, n: s if len(s) <= n else s[: n - 1] + "…")
    print("  ".join(c.ljust(widths[c]) for c in COLUMNS))
    print("  ".join("-" * widths[c] for c in COLUMNS))
    for r in allrows:
        print("  ".join(clip(str(r[c]), widths[c]).ljust(widths[c]) for c in COLUMNS))
    print(f"\nwritten: {RESULTS.relative_to(REPO)} (full notes there)")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="10^5 and 10^6 rows only; no 10^8 streaming run")
    p.add_argument("--book", action="store_true", help="run only the book sections (build timings, page weight)")
    p.add_argument("--package", action="store_true", help="run only the package sections")
    p.add_argument("--worker", help=argparse.SUPPRESS)
    for name, kind in (("--rows", int), ("--path", str), ("--reps", int), ("--compare", str),
                       ("--copies", int), ("--engine", str)):
        p.add_argument(name, type=kind, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.worker:
        worker(args)
        return
    both = not args.book and not args.package
    rows, ran = [machine_row()], {"0"}
    t = time.perf_counter()
    if args.package or both:
        rows += package_sections(args.quick)
        ran |= {"1", "2", "3"}
    if args.book or both:
        rows += book_sections()
        ran |= {"4", "5"}
    say(f"done in {time.perf_counter() - t:.0f} s")
    rows[0]["notes"] += f"; at the end {os.getloadavg()[0]:.1f}"
    write_and_print(rows, ran)


if __name__ == "__main__":
    main()
