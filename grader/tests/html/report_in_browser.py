#!/usr/bin/env python3
"""report.html in a real browser: the pages the corpus test had the real
grader write for the reference, the stub and corpus cases (a race, a hang,
a slow pool), each beside its report.json, opened in headless Chromium (Debian's `chromium`, started
here) and checks what a student would see:

  - the page loads with no console error and asks for nothing on the network;
  - every lost point of report.json is on the page (data-check=NAME);
  - the speedup curve has one point per curve point of report.json, for the
    student and the reference; the timeline, when report.json names one, one
    lane per thread of the trace;
  - Debian's `tidy` finds no error in the HTML.

A screenshot of each page at a phone's width is kept in OUT (a test
artefact; README's picture is one of them).

    report_in_browser.py CORPUS_SCRATCH OUT [NAME...]

CORPUS_SCRATCH is the corpus test's scratch directory (build/dev/corpus):
ctest runs those corpus cases first (a fixture).
Exits 77 (ctest's SKIP_RETURN_CODE) when chromium or tidy is missing.
"""
import html.parser
import json
import pathlib
import shutil
import subprocess
import sys

COURSE = pathlib.Path(__file__).resolve().parents[3]
SKIP = 77

# (name, corpus case, whether the page must draw a speedup curve): the slow
# pool's expect.json grades it with --always-measure, to draw it.
CASES = [
    ("reference", "02_worker_pool/reference", True),
    ("stub", "01_concurrent_tasks/stub", False),
    ("race", "01_concurrent_tasks/entries_without_lock", False),
    ("hang", "01_concurrent_tasks/join_forever", False),
    ("slow", "02_worker_pool/lock_held_while_running", True),
]


class Page(html.parser.HTMLParser):
    """What the checks count in the DOM Chromium dumped."""

    def __init__(self):
        super().__init__()
        self.checks, self.points, self.timelines, self.lanes, self.remote = [], {}, [], 0, []
        self.whiskers = self.hollow = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "data-check" in a:
            self.checks.append(a["data-check"])
        if tag == "circle" and "data-series" in a:
            self.points[a["data-series"]] = self.points.get(a["data-series"], 0) + 1
            self.hollow += "disturbed" in a.get("class", "")
        if tag == "line" and "whisker" in a.get("class", ""):
            self.whiskers += 1
        if tag == "svg" and "timeline" in a.get("class", ""):
            self.timelines.append(int(a.get("data-lanes", "-1")))
        if tag == "g" and a.get("class") == "lane":
            self.lanes += 1
        for key in ("src", "href"):
            if key in a and not a[key].startswith("#"):
                self.remote.append(a[key])


def lost(check):
    return check["status"] == "fail" or (check["max_points"] > 0 and check["points"] + 1e-9 < check["max_points"])


def check_page(name, report, page_file, out, chromium, failures, wants_curve):
    def fail(text):
        failures.append(f"{name}: {text}")

    dom = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
                          "--dump-dom", page_file.as_uri()], capture_output=True, text=True, timeout=120)
    if dom.returncode != 0 or "<body" not in dom.stdout:
        return fail(f"chromium did not load the page ({dom.returncode}): {dom.stderr[-2000:]}")
    console = [l for l in dom.stderr.splitlines() if ":CONSOLE" in l or "Uncaught" in l]
    if console:
        fail("console messages: " + " | ".join(console))
    page = Page()
    page.feed(dom.stdout)
    if page.remote:
        fail(f"the page links outside itself: {page.remote[:5]}")
    for ex in report["exercises"]:
        for check in ex["checks"]:
            if lost(check) and check["name"] not in page.checks:
                fail(f"lost point {check['name']!r} of {ex['id']} is not on the page")
        perf = ex.get("performance") or {}
        curve = [p for p in perf.get("curve", []) if "workers:" in p["name"]]
        if wants_curve and not curve:
            fail(f"exercise {ex['id']} has no speedup curve in report.json to draw")
        for series, key in (("yours", "student_ns"), ("reference", "reference_ns")):
            want = sum(1 for p in curve if p.get(key, 0) > 0)
            if page.points.get(series, 0) != want:
                fail(f"the curve has {page.points.get(series, 0)} points of {series}, report.json {want}")
        # Each point's spread over its rounds (curve.h) is a whisker; a
        # point every round of which was disturbed is drawn hollow.
        spreads = sum(1 for p in curve for side in ("student", "reference")
                      if p.get(side + "_ns", 0) > 0 and p.get(side + "_high_ns", 0) > p.get(side + "_low_ns", 0) > 0)
        hollow = sum(1 for p in curve if p.get("disturbed") for side in ("student", "reference") if p.get(side + "_ns", 0) > 0)
        if page.whiskers != spreads or page.hollow != hollow:
            fail(f"the curve draws {page.whiskers} spreads and {page.hollow} hollow points, report.json has {spreads} and {hollow}")
        if wants_curve and spreads == 0:
            fail(f"exercise {ex['id']}'s curve points have no spread: each is measured in rounds")
        if ex.get("timeline"):
            trace = json.loads(pathlib.Path(COURSE, ex["timeline"]).read_text())
            runs = {}
            for e in trace["traceEvents"]:
                if e.get("ph") == "X":
                    runs.setdefault(e["pid"], set()).add(e["tid"])
            want = sorted(len(t) for t in runs.values())
            if sorted(page.timelines) != want or page.lanes != sum(want):
                fail(f"timeline lanes {page.timelines} ({page.lanes} drawn), the trace's threads {want}")
    shot = out / f"{name}.png"
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--window-size=412,2400", f"--screenshot={shot}", page_file.as_uri()],
                   capture_output=True, timeout=120)
    if not shot.is_file() or shot.stat().st_size == 0:
        fail("no screenshot")
    tidy = subprocess.run(["tidy", "-q", "-e", str(page_file)], capture_output=True, text=True)
    if tidy.returncode >= 2:
        fail("tidy: " + tidy.stderr[-2000:])


def main():
    corpus, out = pathlib.Path(sys.argv[1]).resolve(), pathlib.Path(sys.argv[2]).resolve()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None or shutil.which("tidy") is None:
        print("SKIP: chromium or tidy is not installed (.ci/deps installs both)")
        return SKIP
    out.mkdir(parents=True, exist_ok=True)
    failures = []
    only = sys.argv[3:]
    for name, case, wants_curve in CASES:
        if only and name not in only:
            continue
        json_file, page_file = corpus / case / "report.json", corpus / case / "report.html"
        if not page_file.is_file() or not json_file.is_file():
            failures.append(f"{name}: no report.html beside report.json in {corpus / case} "
                            f"(ctest runs corpus/{case} first: did it fail?)")
            continue
        printed = (corpus / case / "work.out").read_text(errors="replace").rstrip()
        if not printed.endswith(str(page_file)):
            failures.append(f"{name}: the report's path is not the last line the grader printed")
        check_page(name, json.loads(json_file.read_text()), page_file, out, chromium, failures, wants_curve)
        print(f"{name}: checked, screenshot {out / (name + '.png')}")
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
