#!/usr/bin/env python3
"""Line and branch coverage of the product code, merged over every test project's Cobertura report.

The services run as child processes of the tests (the AppHost starts them), and Microsoft's Code Coverage
collector follows child processes, so a line counts as covered when any test project's run executed it.
Generated code (obj/, EF Core migrations) and the test projects are left out.

usage: coverage.py REPO_ROOT RESULTS_DIR
"""
import glob
import os
import re
import sys
import xml.etree.ElementTree as ET

root, results = os.path.realpath(sys.argv[1]), sys.argv[2]
areas = ("Services", "Gateway", "Agents", "ServiceDefaults", "AppHost")
lines = {}     # (file, line) -> covered
branches = {}  # (file, line) -> (covered, total)

for report in glob.glob(os.path.join(results, "**", "*.cobertura.xml"), recursive=True):
    for cls in ET.parse(report).getroot().iter("class"):
        path = os.path.realpath(cls.get("filename", ""))
        if not path.startswith(root + os.sep):
            continue
        relative = os.path.relpath(path, root)
        parts = relative.split(os.sep)
        if parts[0] not in areas or "obj" in parts or "bin" in parts or "Migrations" in parts:
            continue
        for line in cls.iter("line"):
            key = (relative, int(line.get("number")))
            lines[key] = lines.get(key, False) or int(line.get("hits", "0")) > 0
            match = re.search(r"\((\d+)/(\d+)\)", line.get("condition-coverage", ""))
            if line.get("branch") == "True" and match:
                covered, total = int(match.group(1)), int(match.group(2))
                before = branches.get(key, (0, total))
                branches[key] = (max(before[0], covered), max(before[1], total))


def figures(area):
    in_area = [k for k in lines if area is None or k[0].split(os.sep)[0] == area]
    covered = sum(1 for k in in_area if lines[k])
    b = [branches[k] for k in branches if area is None or k[0].split(os.sep)[0] == area]
    b_covered, b_total = sum(c for c, _ in b), sum(t for _, t in b)
    return covered, len(in_area), b_covered, b_total


def percent(part, whole):
    return f"{100.0 * part / whole:5.1f}%" if whole else "   n/a"


if not lines:
    print("[coverage] no coverage reports found")
    sys.exit(0)

print("[coverage] product code (generated code and migrations excluded)")
for area in (*areas, None):
    covered, total, b_covered, b_total = figures(area)
    if total:
        name = area or "all product code"
        print(f"[coverage]   {name:<18} lines {percent(covered, total)} ({covered}/{total})  branches {percent(b_covered, b_total)} ({b_covered}/{b_total})")
