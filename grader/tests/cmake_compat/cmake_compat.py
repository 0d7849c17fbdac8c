#!/usr/bin/env python3
"""The course's CMake files use nothing newer than CMake 3.22.

Ubuntu 22.04, Gradescope's newest base image, ships CMake 3.22.1, and no
CMake that old can be installed where the course's own tests run (Debian 12
has 3.25). So this lint knows the constructs that came after 3.22 and fails,
naming file, line and the version that brought each, when one is used
outside a comment. A construct behind `if(CMAKE_VERSION VERSION_GREATER_EQUAL
...)` is written through a variable (`${system}`), which the lint does not
flag.

  cmake_compat.py ROOT     lint every CMakeLists.txt, *.cmake, CMakePresets.json
                           and build script under ROOT (build trees, .git and
                           this directory's fixture left out); exit 1 if any
                           construct is found.
  cmake_compat.py --can-fail FIXTURE
                           lint FIXTURE (one construct per rule, and forms to
                           leave alone) and exit 0 only if the findings are
                           exactly FIXTURE/expected.txt's and every rule fired.
"""
import json
import os
import re
import sys

OLDEST = (3, 22)
FIXTURE = "fixture"

# (regex over CMake code without comments, version it came in, what to do)
CMAKE_RULES = [
    (r"\$<LINK_LIBRARY:", "3.24", "link with -Wl,--whole-archive ... -Wl,--no-whole-archive (course_link_whole_archive)"),
    (r"\$<LINK_GROUP:", "3.24", "repeat the archives or use -Wl,--start-group"),
    (r"\$<PATH(_EQUAL)?:", "3.24", "use cmake_path() at configure time"),
    (r"\$<LIST:", "3.27", "use list() at configure time"),
    (r"\$<COMPILE_ONLY:", "3.27", "link the target normally"),
    (r"\$<(QUOTE|STRING:)", "3.30", "write the text out"),
    (r"(?m)^[ \t]*(end)?block\s*\(", "3.25", "use a function() for a new scope"),
    (r"\breturn\s*\(\s*PROPAGATE\b", "3.25", "set(... PARENT_SCOPE) before return()"),
    (r"\bFIND_PACKAGE_ARGS\b|\bOVERRIDE_FIND_PACKAGE\b", "3.24", "call find_package() first (course_require)"),
    (r"\bDOWNLOAD_EXTRACT_TIMESTAMP\b", "3.24", "leave it out"),
    (r"\bCOMPILE_WARNING_AS_ERROR\b", "3.24", "add -Werror to the compile options"),
    (r"\bTIMEOUT_SIGNAL_NAME\b|\bTIMEOUT_SIGNAL_GRACE_PERIOD\b", "3.27", "let ctest's timeout kill the test"),
    (r"\bcmake_pkg_config\b|\bcmake_file_api\b", "3.27", "do without it"),
]
# Keywords inside one call: (command, keyword, version, what to do).
CALL_RULES = [
    ("FetchContent_Declare", "SYSTEM", "3.25", "pass it through a variable set only when CMAKE_VERSION >= 3.25"),
    ("FetchContent_Declare", "EXCLUDE_FROM_ALL", "3.28", "leave it out"),
    ("add_subdirectory", "SYSTEM", "3.25", "mark the include directories SYSTEM instead"),
    ("find_package", "GLOBAL", "3.24", "leave it out, or set the imported targets' IMPORTED_GLOBAL"),
]
# Command-line options in build scripts (Makefile, *.sh, *.py).
SCRIPT_RULES = [
    (r"\bcmake\b[^\n]*\s--fresh\b", "3.24", "remove the build directory's CMakeCache.txt instead"),
    (r"\bcmake\b[^\n]*\s--workflow\b", "3.25", "run the configure, build and test steps one by one"),
]
PRESETS_VERSION = 3  # the newest presets schema CMake 3.22 reads
PRESETS_CMAKE = {4: "3.23", 5: "3.24", 6: "3.25", 7: "3.27", 8: "3.28", 9: "3.30", 10: "3.31"}


def version_tuple(text):
    return tuple(int(part) for part in text.split(".")[:2])


def strip_comments(text):
    """CMake code with each # comment blanked (not inside a quoted argument), lines kept."""
    out = []
    for line in text.split("\n"):
        in_quote, cut = False, len(line)
        for i, ch in enumerate(line):
            if ch == '"' and (i == 0 or line[i - 1] != "\\"):
                in_quote = not in_quote
            elif ch == "#" and not in_quote:
                cut = i
                break
        out.append(line[:cut])
    return "\n".join(out)


def calls(code, command):
    """(offset, argument text) of every call of command in code."""
    for match in re.finditer(r"\b%s\s*\(" % re.escape(command), code, re.IGNORECASE):
        depth, i = 1, match.end()
        while i < len(code) and depth:
            depth += {"(": 1, ")": -1}.get(code[i], 0)
            i += 1
        yield match.start(), code[match.end():i - 1]


def line_of(code, offset):
    return code.count("\n", 0, offset) + 1


def pattern_findings(rules, code):
    """The findings of (regex, version, what to do) rules in code; each rule is named by its regex."""
    for pattern, version, fix in rules:
        for match in re.finditer(pattern, code):
            yield pattern, line_of(code, match.start()), match.group(0).strip(), version, fix


def lint_cmake(path, text):
    code = strip_comments(text)
    yield from pattern_findings(CMAKE_RULES, code)
    for command, keyword, version, fix in CALL_RULES:
        for offset, args in calls(code, command):
            if re.search(r"(?<![${\w])%s\b" % keyword, args):
                what = "%s(... %s)" % (command, keyword)
                yield what, line_of(code, offset), what, version, fix
    for offset, args in calls(code, "cmake_minimum_required"):
        found = re.search(r"VERSION\s+([0-9.]+)", args)
        if found and version_tuple(found.group(1)) > OLDEST:
            yield ("cmake_minimum_required", line_of(code, offset), "cmake_minimum_required(VERSION %s)" %
                   found.group(1), found.group(1), "require 3.22 (a range such as 3.22...3.25 keeps newer policies)")


def lint_presets(path, text):
    try:
        presets = json.loads(text)
    except ValueError as error:
        yield "presets", 1, "CMakePresets.json does not parse: %s" % error, "-", "fix the JSON"
        return
    if presets.get("version", 0) > PRESETS_VERSION:
        yield "presets version", 1, '"version": %s' % presets["version"], PRESETS_CMAKE.get(presets["version"], "3.31+"), \
            "use presets schema version 3"
    need = presets.get("cmakeMinimumRequired", {})
    if (need.get("major", 0), need.get("minor", 0)) > OLDEST:
        wanted = "%s.%s" % (need.get("major"), need.get("minor"))
        yield "presets cmakeMinimumRequired", 1, "cmakeMinimumRequired " + wanted, wanted, "ask for 3.22"


def lint_script(path, text):
    return pattern_findings(SCRIPT_RULES, text)


def linter_for(name):
    if name == "CMakePresets.json":
        return lint_presets
    if name == "CMakeLists.txt" or name.endswith(".cmake"):
        return lint_cmake
    if name == "Makefile" or name.endswith((".sh", ".py")) or name in ("run", "deps", "run_autograder"):
        return lint_script
    return None


def findings(root):
    """(rule, path relative to root, line, construct, version, what to do) of every construct found."""
    here = os.path.dirname(os.path.abspath(__file__))
    for base, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not (d.startswith("build") or d in (".git", "node_modules")
                                                 or os.path.join(base, d) == os.path.join(here, FIXTURE)))
        for name in sorted(files):
            lint = linter_for(name)
            path = os.path.join(base, name)
            if lint is None or os.path.abspath(path) == os.path.abspath(__file__):
                continue
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
            for rule, line, what, version, fix in lint(path, text):
                yield rule, os.path.relpath(path, root), line, what, version, fix


def main(root):
    found = 0
    for _, path, line, what, version, fix in findings(root):
        found += 1
        print("%s:%d: %s needs CMake %s, newer than Ubuntu 22.04's 3.22: %s" % (path, line, what, version, fix))
    if found:
        print("%d construct(s) newer than CMake 3.22: Gradescope's Ubuntu 22.04 image could not build the course"
              % found)
        return 1
    print("nothing newer than CMake 3.22")
    return 0


def can_fail(fixture):
    """The lint finds exactly what the fixture's expected.txt lists, and every rule finds something."""
    with open(os.path.join(fixture, "expected.txt"), encoding="utf-8") as f:
        expected = [line.strip() for line in f if line.strip()]
    found = list(findings(fixture))
    got = ["%s:%d: %s" % (path, line, what) for _, path, line, what, _, _ in found]
    problems = ["not found: " + want for want in expected if not any(g.startswith(want) for g in got)]
    problems += ["found, not expected: " + g for g in got if not any(g.startswith(want) for want in expected)]
    rules = ([r[0] for r in CMAKE_RULES] + ["%s(... %s)" % (r[0], r[1]) for r in CALL_RULES] +
             [r[0] for r in SCRIPT_RULES] + ["cmake_minimum_required", "presets version", "presets cmakeMinimumRequired"])
    fired = {rule for rule, *_ in found}
    problems += ["no fixture line for the rule " + rule for rule in rules if rule not in fired]
    for problem in problems:
        print(problem)
    print("%d finding(s), %d expected, %d rule(s): %s" % (len(got), len(expected), len(rules),
                                                          "the lint can fail" if not problems else "FAILED"))
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--can-fail":
        sys.exit(can_fail(sys.argv[2]))
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
