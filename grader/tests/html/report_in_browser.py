#!/usr/bin/env python3
"""report.html in a real browser: grades the reference, the stub and corpus
cases (a race, a hang, a slow pool) with the real grader (--stress 0),
opens each report.html in headless Chromium (Debian's `chromium`, started
here) and checks what a student would see:

  - the page loads with no console error and asks for nothing on the network;
  - every lost point of report.json is on the page (data-check=NAME);
  - the speedup curve has one point per curve point of report.json, for the
    student and the reference; the timeline, when report.json names one, one
    lane per thread of the trace;
  - Debian's `tidy` finds no error in the HTML.

A screenshot of each page at a phone's width is kept in OUT (a test
artefact; README's picture is one of them).

    report_in_browser.py GRADER OUT
Exits 77 (ctest's SKIP_RETURN_CODE) when chromium or tidy is missing.
"""
import html.parser
import json
import pathlib
import shutil
import subprocess
import sys
import tempfile

COURSE = pathlib.Path(__file__).resolve().parents[3]
ASSEMBLE = COURSE / "grader/tests/corpus_assemble.py"
SKIP = 77

# (name, exercise, submission: a directory of the course or a corpus case,
# extra grader arguments, whether the page must draw a speedup curve)
CASES = [
    ("reference", "02", "reference", [], True),
    ("stub", "01", "solutions", [], False),
    ("race", "01", "corpus:01_concurrent_tasks/entries_without_lock", [], False),
    ("hang", "01", "corpus:01_concurrent_tasks/join_forever", [], False),
    # Its failing tests earn it no speed points: measured anyway, to draw it.
    ("slow", "02", "corpus:02_worker_pool/lock_held_while_running", ["--always-measure"], True),
]


class Page(html.parser.HTMLParser):
    """What the checks count in the DOM Chromium dumped."""

    def __init__(self):
        super().__init__()
        self.checks, self.points, self.timelines, self.lanes, self.remote = [], {}, [], 0, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "data-check" in a:
            self.checks.append(a["data-check"])
        if tag == "circle" and "data-series" in a:
            self.points[a["data-series"]] = self.points.get(a["data-series"], 0) + 1
        if tag == "svg" and "timeline" in a.get("class", ""):
            self.timelines.append(int(a.get("data-lanes", "-1")))
        if tag == "g" and a.get("class") == "lane":
            self.lanes += 1
        for key in ("src", "href"):
            if key in a and not a[key].startswith("#"):
                self.remote.append(a[key])


def lost(check):
    return check["status"] == "fail" or (check["max_points"] > 0 and check["points"] + 1e-9 < check["max_points"])


def submission_of(spec, scratch):
    if not spec.startswith("corpus:"):
        return COURSE / spec
    case = COURSE / "grader/tests/corpus" / spec[len("corpus:"):]
    dest = scratch / case.name / "submission"
    subprocess.run([sys.executable, str(ASSEMBLE), str(case), str(dest)], check=True)
    return dest


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
        if ex.get("timeline_file"):
            trace = json.loads(pathlib.Path(COURSE, ex["timeline_file"]).read_text())
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
    grader, out = pathlib.Path(sys.argv[1]).resolve(), pathlib.Path(sys.argv[2]).resolve()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None or shutil.which("tidy") is None:
        print("SKIP: chromium or tidy is not installed (.ci/deps installs both)")
        return SKIP
    out.mkdir(parents=True, exist_ok=True)
    failures = []
    only = sys.argv[3:]
    with tempfile.TemporaryDirectory() as tmp:
        scratch = pathlib.Path(tmp)
        for name, exercise, spec, extra, wants_curve in CASES:
            if only and name not in only:
                continue
            submission = submission_of(spec, scratch)
            json_file, page_file = out / f"{name}.json", out / f"{name}.html"
            graded = subprocess.run([str(grader), "grade", "--submission", str(submission), "--exercise", exercise,
                                     "--stress", "0", "--work-dir", str(scratch / name / "work"), "--json",
                                     str(json_file), "--html", str(page_file), *extra],
                                    capture_output=True, text=True)
            if not page_file.is_file():
                failures.append(f"{name}: the grader wrote no report.html ({graded.returncode}): {graded.stderr[-2000:]}")
                continue
            if not graded.stdout.rstrip().endswith(str(page_file.resolve())):
                failures.append(f"{name}: the report's path is not the last line printed")
            check_page(name, json.loads(json_file.read_text()), page_file, out, chromium, failures, wants_curve)
            print(f"{name}: checked, screenshot {out / (name + '.png')}")
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
