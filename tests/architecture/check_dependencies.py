#!/usr/bin/env python3
"""The architecture rules of docs/architecture.md, checked on the build itself.

For every Holdfast library it reads what CMake links it to (generated at configure time into
LINKS.json) and what its sources include, and fails when:
  - a library links a library or package that is not in its row of the table below;
  - a library's transitive closure reaches something its rules forbid (analysis and wire link
    only the C++ standard library and numeric libraries (FFTW); ui no HDF5, Asio, SQLite or
    serial port);
  - a source file includes a Holdfast header of a library it may not depend on, or a
    third-party header of a package its row does not list;
  - an executable (app/) includes a store or daq header (NO_INCLUDES).

  check_dependencies.py LINKS.json [--inject LIB=DEP]   (--inject: add an edge, to prove the
                                                        check fails on a violation)
"""
import json
import os
import re
import sys

# Each library: the Holdfast libraries and the outside packages it may link directly.
ALLOWED = {
    "analysis": ([], ["fftw"]),
    "wire": ([], []),
    "c3d": (["wire"], []),
    "daq": (["wire"], ["boost", "libserialport", "threads"]),
    # The simulated Progressor implements daq's NotificationLink (a header: the link interface).
    "simulator": (["wire", "daq"], ["threads", "util", "nlohmann"]),
    "store": ([], ["hdf5", "zlib", "libdeflate", "nlohmann"]),
    "registry": (["wire", "store"], ["sqlite", "nlohmann", "spdlog"]),
    "importers": (["wire", "analysis", "c3d"], []),
    "method": (["analysis", "wire"], ["nlohmann"]),
    "recording": (["daq", "store", "registry", "wire", "importers", "analysis"], ["nlohmann"]),
    "results": (["method", "analysis", "store", "registry", "wire"], ["nlohmann"]),
    "research": (["results", "registry", "c3d"], ["openssl", "nlohmann"]),
    "cli": (["method", "results", "recording", "registry", "daq", "wire"], ["cli11"]),
    "ui": ([], ["qt"]),
    # Bluetooth LE through Qt Bluetooth: finding devices and the engine's link to one (daq's
    # NotificationLink); the decoders stay in wire.
    "bluetooth": (["wire", "daq"], ["qt"]),
    "report": (["results", "ui"], ["qt"]),
    "station": (["report", "recording", "simulator", "registry", "results", "method", "daq", "ui",
                 "bluetooth"],
                ["qt", "spdlog"]),
    # The two executables (app/holdfast, app/station): parse, call a library, print. The
    # holdfast program also links cli's memory policy (an object library: it replaces operator
    # new, so only a program that asks for it gets it).
    "app": (["cli", "memory_policy", "method", "recording", "results", "research", "importers",
             "registry", "simulator", "report", "station", "bluetooth"], ["nlohmann", "qt"]),
}

# Libraries whose headers a directory may not include even where its links reach them: the
# executables read and write sessions and drive devices only through the libraries that own
# those jobs (issue 27).
NO_INCLUDES = {"app": {"store", "daq"}}

# What the transitive closure of a library must never reach.
FORBIDDEN_CLOSURE = {
    "analysis": None,  # None: nothing but the standard library and the numeric libraries
    "wire": None,
    "c3d": ["hdf5", "boost", "sqlite", "libserialport", "store", "daq", "registry", "qt", "openssl",
            "nlohmann", "spdlog", "cli11", "fftw"],
    "ui": ["hdf5", "boost", "sqlite", "libserialport", "store", "daq", "registry", "method",
           "recording", "results"],
    # What only reads and analyses never reaches a device or the simulator (issue 27).
    "method": ["daq", "boost", "libserialport", "simulator", "recording", "hdf5"],
    "results": ["daq", "boost", "libserialport", "simulator", "recording"],
    "research": ["daq", "boost", "libserialport", "simulator", "recording"],
    "report": ["daq", "boost", "libserialport", "simulator", "recording"],
}

# Numeric libraries: no I/O, devices, files, UI or clock; a pure library may link them.
NUMERIC = {"fftw"}

# How a link item or an include names each outside package.
PACKAGES = {
    "boost": (r"^Boost::", r"^boost/"),
    "libserialport": (r"LIBSERIALPORT|serialport", r"^libserialport"),
    "threads": (r"^Threads::", None),
    "util": (r"^util$", r"^(pty|utmp)\.h$"),
    "hdf5": (r"^hdf5::", r"^(H5Cpp|hdf5|H5[A-Za-z]*)\.h"),
    "zlib": (r"^ZLIB::", r"^zlib\.h$"),
    "libdeflate": (r"LIBDEFLATE", r"^libdeflate\.h$"),
    "nlohmann": (r"^nlohmann_json::", r"^nlohmann/"),
    "sqlite": (r"^SQLite::", r"^sqlite3\.h$"),
    "spdlog": (r"^spdlog::", r"^spdlog/"),
    "openssl": (r"^OpenSSL::", r"^openssl/"),
    "cli11": (r"^CLI11::", r"^CLI/"),
    "qt": (r"^Qt6::", r"^Q[A-Za-z]+(/|$)"),
    "fftw": (r"FFTW3", r"^fftw3\.h$"),
}


def package_of_link(item):
    for name, (link, _) in PACKAGES.items():
        if re.search(link, item):
            return name
    return None


def holdfast_of(item):
    m = re.match(r"^holdfast(?:::|_)(\w+)$", item)
    return m.group(1) if m else None


def main(argv):
    links = json.load(open(argv[1]))
    inject = [a.split("=", 1) for a in argv[2:] if "=" in a and argv[argv.index(a) - 1] == "--inject"]
    errors = []
    graph = {}
    for lib, info in links.items():
        items = [i for i in info["links"].split(";") if i]
        graph[lib] = {"holdfast": set(), "packages": set(), "dir": info["dir"],
                      "sources": [s for s in info.get("sources", "").split(";") if s]}
        for item in items:
            item = re.sub(r"^\$<LINK_ONLY:(.*)>$", r"\1", item)
            h = holdfast_of(item)
            if h:
                graph[lib]["holdfast"].add(h)
                continue
            p = package_of_link(item)
            graph[lib]["packages"].add(p or item)
    for lib, dep in inject:
        (graph[lib]["holdfast"] if dep in graph else graph[lib]["packages"]).add(dep)

    for lib, node in graph.items():
        if lib not in ALLOWED:
            errors.append(f"{lib}: a library missing from the table (docs/architecture.md)")
            continue
        ok_libs, ok_packages = ALLOWED[lib]
        for d in sorted(node["holdfast"] - set(ok_libs)):
            errors.append(f"{lib} links {d}, which it may not depend on")
        for p in sorted(node["packages"] - set(ok_packages)):
            errors.append(f"{lib} links {p}, which it may not use")

    def closure(lib, seen=None):
        seen = set() if seen is None else seen
        for d in graph.get(lib, {}).get("holdfast", ()):
            if d not in seen:
                seen.add(d)
                closure(d, seen)
        return seen

    for lib, forbidden in FORBIDDEN_CLOSURE.items():
        if lib not in graph:
            continue
        libs = closure(lib)
        packages = set(graph[lib]["packages"]).union(*(graph[d]["packages"] for d in libs if d in graph))
        reached = libs | packages
        bad = reached - NUMERIC if forbidden is None else reached & set(forbidden)
        for b in sorted(bad):
            errors.append(f"{lib} reaches {b} through its links: "
                          f"{'only the standard library and numeric libraries are allowed' if forbidden is None else 'forbidden'}")

    # Includes: Holdfast headers of the closure only; third-party headers of allowed packages.
    include = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]')
    for lib, node in graph.items():
        if lib not in ALLOWED:
            continue
        ok_holdfast = closure(lib) | {lib}
        ok_packages = set(ALLOWED[lib][1]).union(*(set(ALLOWED[d][1]) for d in closure(lib) if d in ALLOWED))
        if lib in ("analysis", "wire"):
            ok_packages = set(ALLOWED[lib][1]) & NUMERIC
        for root, _, files in os.walk(node["dir"]):
            for f in files:
                if not f.endswith((".h", ".cpp")):
                    continue
                path = os.path.join(root, f)
                # A row that names its sources (the executables): only those are built.
                if f.endswith(".cpp") and node["sources"] and not any(
                        os.path.normpath(os.path.join(node["dir"], s)) == os.path.normpath(path)
                        or os.path.normpath(s) == os.path.normpath(path)
                        for s in node["sources"]):
                    continue
                for n, line in enumerate(open(path, encoding="utf-8"), 1):
                    m = include.match(line)
                    if not m:
                        continue
                    header = m.group(1)
                    h = re.match(r"^holdfast/(\w+)/", header)
                    if h:
                        if h.group(1) in NO_INCLUDES.get(lib, ()):
                            errors.append(f"{path}:{n}: includes {header} ({lib} reaches {h.group(1)} only through the libraries that own it)")
                        elif h.group(1) not in ok_holdfast:
                            errors.append(f"{path}:{n}: includes {header} ({lib} may not depend on {h.group(1)})")
                        continue
                    for name, (_, inc) in PACKAGES.items():
                        if inc and re.search(inc, header) and name not in ok_packages:
                            errors.append(f"{path}:{n}: includes {header} ({lib} may not use {name})")
    if errors:
        print("library dependency rules broken:")
        for e in errors:
            print("  " + e)
        return 1
    print(f"{len(graph)} libraries follow the dependency rules of docs/architecture.md")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
