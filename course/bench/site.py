"""``make bench-site``: the build time of each edition, and the weight and load time of every lesson page in
Chromium from a local server (a benchmark, never a test).

Prints, from one run:
- the student edition's cold build (lessons executed, output and caches removed) and the instructor
  edition's build after it (it reuses the student build's executions, as ``make test`` does);
- per lesson page and edition: the HTML, the other files it loads, the number of requests, the total, the
  total if the host compresses with gzip (as most static hosts do), and the load time with a cold browser
  cache: the median of three loads, to the ``load`` event and until the network is idle.
"""

from __future__ import annotations

import gzip
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

from .. import paths
from .lessons import JB, _timed
from ..site.localsite import CHROMIUM, CHROMIUM_ARGS, serve

STUDENT_HTML = paths.ROOT / "_build" / "html"
INSTRUCTOR_DIR = paths.ROOT / "_build" / "instructor-edition"
INSTRUCTOR_HTML = INSTRUCTOR_DIR / "_build" / "html"
LOADS = 3

# Resource sizes as the page saw them (same-origin, so the Resource Timing API reports every size).
RESOURCES_JS = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  return {load_ms: nav.loadEventEnd,
          resources: performance.getEntriesByType('resource').map(r => [r.name, r.decodedBodySize])};
}"""


def build_times() -> dict[str, float]:
    """Seconds for a cold student build, then for the instructor build that reuses its executions."""
    for stale in ["_build", ".jupyter_cache"]:
        shutil.rmtree(paths.ROOT / stale, ignore_errors=True)
    student = _timed([JB, "build", ".", "-W", "--keep-going"])
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "course.site.instructor"], cwd=paths.ROOT, check=True, capture_output=True)
    subprocess.run([JB, "build", ".", "--toc", str(INSTRUCTOR_DIR / "_toc.yml"), "--config",
                    str(INSTRUCTOR_DIR / "_config.yml"), "--path-output", str(INSTRUCTOR_DIR), "-W", "--keep-going"],
                   cwd=paths.ROOT, check=True, capture_output=True)
    return {"student (cold, lessons executed)": student,
            "instructor (after the student build)": time.perf_counter() - start}


def _gzip_size(site: Path, url: str) -> int:
    """Bytes of the served file behind ``url`` once gzip-compressed; 0 if it is not a file of the site."""
    file = site / unquote(urlparse(url).path).lstrip("/")
    return len(gzip.compress(file.read_bytes(), 6)) if file.is_file() else 0


def measure_page(browser, site: Path, base: str, page_path: str) -> dict:
    """Weight and load times of one page, each load in a fresh browser context (cold cache)."""
    loads, idles, weights = [], [], None
    for _ in range(LOADS):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        start = time.perf_counter()
        page.goto(f"{base}/{page_path}", wait_until="networkidle")
        idles.append((time.perf_counter() - start) * 1000)
        timing = page.evaluate(RESOURCES_JS)
        loads.append(timing["load_ms"])
        if weights is None:
            html = (site / page_path).stat().st_size
            assets = sum(size for url, size in timing["resources"] if not url.startswith("data:"))
            gz = _gzip_size(site, f"{base}/{page_path}") + sum(_gzip_size(site, u) for u, _ in timing["resources"])
            weights = {"html": html, "assets": assets, "requests": 1 + len(timing["resources"]),
                       "total": html + assets, "gzip": gz}
        context.close()
    return weights | {"load_ms": statistics.median(loads), "idle_ms": statistics.median(idles)}


def lesson_pages(site: Path) -> list[str]:
    """The lesson pages of a built edition, as paths relative to the site."""
    return sorted(str(p.relative_to(site)) for p in (site / "notebooks").glob("*.html"))


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print the figures. ``--no-build`` measures the pages of the editions already built."""
    from playwright.sync_api import sync_playwright

    if "--no-build" not in (sys.argv[1:] if argv is None else argv):
        builds = build_times()
        print("Build time")
        for edition, seconds in builds.items():
            print(f"  {edition:40s} {seconds:6.1f} s")
    editions = [(e, site) for e, site in [("student", STUDENT_HTML), ("instructor", INSTRUCTOR_HTML)]
                if (site / "index.html").is_file()]
    kb = 1024
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for edition, site in editions:
            print(f"\nLesson pages, {edition} edition (KB; load and idle: median of {LOADS} cold loads, ms)")
            print(f"  {'page':38s} {'html':>6s} {'assets':>7s} {'reqs':>5s} {'total':>7s} {'gzip':>6s} {'load':>6s} {'idle':>6s}")
            with serve(site) as base:
                for page_path in lesson_pages(site):
                    m = measure_page(browser, site, base, page_path)
                    print(f"  {page_path:38s} {m['html'] / kb:6.0f} {m['assets'] / kb:7.0f} {m['requests']:5d} "
                          f"{m['total'] / kb:7.0f} {m['gzip'] / kb:6.0f} {m['load_ms']:6.0f} {m['idle_ms']:6.0f}")
        browser.close()
    for edition, site in editions:
        size = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
        print(f"\nWhole {edition} site: {size / kb / kb:.1f} MB on disk")


if __name__ == "__main__":
    main()
