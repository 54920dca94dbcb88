#!/usr/bin/env python3
"""Package.swift is honest: every module a target imports is a declared dependency of that target,
and every declared dependency is imported somewhere in it (a module reached only through another
target's dependencies builds today and breaks when that target changes). Run by scripts/test.sh.

Exceptions are listed below with why. Exits 1 naming the target and the module."""
import glob
import json
import re
import subprocess
import sys

# Toolchain and C modules, not package products.
SYSTEM = {"Foundation", "FoundationNetworking", "FoundationEssentials", "Dispatch", "Glibc", "Darwin",
          "Testing", "XCTest", "Synchronization", "_Concurrency", "CZlib", "CXGBoost"}
# Declared without an import on purpose: (target, dependency) and why.
NOT_IMPORTED = {
    ("ChurnGuardCLITests", "churnguard"): "the tests run the built binary, so it must be built first",
}
IMPORT = re.compile(r"^\s*(?:@testable\s+|@_exported\s+|public\s+|internal\s+|package\s+)?import\s+"
                    r"(?:struct\s+|class\s+|enum\s+|func\s+|protocol\s+|typealias\s+)?([A-Za-z_][A-Za-z_0-9]*)")

package = json.loads(subprocess.run(["swift", "package", "dump-package"], capture_output=True, text=True, check=True).stdout)
problems = []
for target in package["targets"]:
    name = target["name"]
    if target["type"] == "system":
        continue
    path = target.get("path") or ("Tests/" if target["type"] == "test" else "Sources/") + name
    declared = set()
    for dependency in target["dependencies"]:
        for kind in ("byName", "product", "target"):
            if kind in dependency:
                declared.add(dependency[kind][0])
    imported = set()
    for file in glob.glob(path + "/**/*.swift", recursive=True):
        with open(file, encoding="utf-8") as source:
            for line in source:
                match = IMPORT.match(line)
                if match:
                    imported.add(match.group(1))
    for module in sorted(imported - declared - SYSTEM - {name}):
        problems.append(f"{name} imports {module}, which Package.swift does not declare for it")
    for module in sorted(declared - imported - SYSTEM):
        if (name, module) not in NOT_IMPORTED:
            problems.append(f"{name} declares {module}, which none of its files imports")
if problems:
    print("check-imports: Package.swift and the imports disagree:", *problems, sep="\n  ", file=sys.stderr)
    sys.exit(1)
print(f"check-imports: the imports of {len(package['targets'])} targets match Package.swift")
