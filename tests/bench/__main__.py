"""Run the benchmarks: `.venv/bin/python -m tests.bench [--quick] [--only storage] [--list]`.

Prints a plain-text table and writes tests/bench/results/latest.json. Goals are reported,
never asserted: the exit status is 0 unless a benchmark crashed.
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import shutil
import subprocess
import sys
import time
import traceback
from datetime import datetime
from pathlib import Path

from . import common

# Benchmark modules of this package, in running order. To add one, write
# tests/bench/<name>.py with NAME, DESCRIPTION and run(quick: bool) -> list[Row], and list it here.
BENCHMARKS = ("storage", "deadlines", "replies", "load", "extension", "board")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (CI smoke run)")
    parser.add_argument("--only", action="append", default=[], metavar="NAME",
                        help="run only these benchmarks (repeatable or comma-separated)")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    parser.add_argument("--json", type=Path, default=common.RESULTS_DIR / "latest.json",
                        help="where to write the results (default tests/bench/results/latest.json)")
    parser.add_argument("--data-root", type=Path, default=common.RESULTS_DIR,
                        help="folder for scratch data; its disk is the disk measured (default tests/bench/results/)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch data")
    args = parser.parse_args(argv)

    modules = {name: importlib.import_module(f"{__package__}.{name}") for name in BENCHMARKS}
    if args.list:
        for name, module in modules.items():
            print(f"{name:12} {getattr(module, 'DESCRIPTION', '')}")
        return 0
    wanted = [name.strip() for item in args.only for name in item.split(",") if name.strip()]
    unknown = [name for name in wanted if name not in modules]
    if unknown:
        parser.error(f"unknown benchmark(s) {', '.join(unknown)}; choose from {', '.join(modules)}")
    selected = [name for name in modules if not wanted or name in wanted]

    common.SETTINGS.update(data_root=args.data_root.resolve(), keep=args.keep)
    args.data_root.mkdir(parents=True, exist_ok=True)
    header = environment(args.data_root, args.quick)
    print_header(header)

    started = time.perf_counter()
    results, crashed = {}, False
    for name in selected:
        print(f"running {name}{' (quick)' if args.quick else ''} ...", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        try:
            rows = list(modules[name].run(args.quick))
            error = None
        except Exception:  # a crash is reported beside the other benchmarks' results
            rows, error, crashed = [], traceback.format_exc(), True
            print(error, file=sys.stderr)
        for row in rows:
            row.benchmark = name
        results[name] = {"rows": rows, "error": error, "duration_s": round(time.perf_counter() - t0, 2)}
    total = time.perf_counter() - started

    print_table(results)
    print(f"\ntotal {total:.1f} s")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({
        "environment": header, "quick": args.quick, "duration_s": round(total, 2),
        "benchmarks": {name: {"duration_s": r["duration_s"], "error": r["error"],
                              "rows": [row.as_json() for row in r["rows"]]} for name, r in results.items()},
    }, indent=2, ensure_ascii=False) + "\n")
    print(f"results: {args.json}")
    return 1 if crashed else 0


# ------------------------------------------------------------------ header
def environment(data_root: Path, quick: bool) -> dict:
    return {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "platform": platform.platform(),
        "git": _git_revision(),
        "data_root": str(data_root.resolve()),
        "disk": _df(data_root),
        "mode": "quick" if quick else "full",
    }


def _cpu_model() -> str | None:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def _git_revision() -> str | None:
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=common.ROOT, capture_output=True,
                             text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "server"], cwd=common.ROOT,
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return f"{rev}{' (server/ modified)' if dirty else ''}" if rev else None


def _df(path: Path) -> str:
    try:
        out = subprocess.run(["df", "-hT", str(path)], capture_output=True, text=True, timeout=10).stdout
        lines = out.strip().splitlines()
        if len(lines) >= 2:
            fields = lines[-1].split()
            return f"{fields[0]} {fields[1]} size {fields[2]} avail {fields[4]} mounted on {fields[-1]}"
    except (OSError, subprocess.SubprocessError, IndexError):
        pass
    usage = shutil.disk_usage(path)
    return f"size {usage.total / 2**30:.0f}G avail {usage.free / 2**30:.0f}G"


def print_header(env: dict) -> None:
    print(f"Dispute Clerk benchmarks ({env['mode']})  {env['date']}")
    print(f"machine {env['machine']}, {env['cpu_count']} CPUs ({env['cpu_model']}), {env['python']}, "
          f"{env['platform']}")
    print(f"git {env['git']}")
    print(f"disk: {env['disk']}")
    print(f"data: {env['data_root']}")
    if " tmpfs " in f" {env['disk']} ":
        print("WARNING: the data root is on tmpfs (RAM): fsync costs nothing there; use --data-root on a real disk")
    print(flush=True)


# ------------------------------------------------------------------- table
def _fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "n/a"
    text = f"{value:.0f}" if abs(value) >= 100 else f"{value:.1f}" if abs(value) >= 10 else f"{value:.2f}"
    return f"{text} {unit}".rstrip()


def print_table(results: dict) -> None:
    head = ("benchmark", "measure", "value", "reference", "ratio", "goal", "result")
    lines, notes = [], []
    for name, result in results.items():
        if result["error"]:
            lines.append((name, "CRASHED (see stderr / JSON)", "", "", "", "", "ERROR"))
        for row in result["rows"]:
            ratio = f"{row.ratio:.2f}x" if row.ratio is not None else ""
            goal = row.goal.text(row.unit) if row.goal else ""
            ref = _fmt(row.reference, row.unit) if row.reference is not None else ""
            lines.append((name, row.name, _fmt(row.value, row.unit), ref, ratio, goal, row.result))
            extra = "; ".join(part for part in (row.reference_label and f"reference = {row.reference_label}",
                                                row.note) if part)
            if extra:
                notes.append(f"[{len(lines)}] {row.name}: {extra}")
    widths = [max(len(str(cells[i])) for cells in [head, *lines]) for i in range(len(head))]
    right = {2, 3, 4}
    fmt_line = lambda cells: "  ".join(str(c).rjust(w) if i in right else str(c).ljust(w)  # noqa: E731
                                       for i, (c, w) in enumerate(zip(cells, widths))).rstrip()
    print(fmt_line(head))
    print("  ".join("-" * w for w in widths))
    for cells in lines:
        print(fmt_line(cells))
    if notes:
        print()
        for note in notes:
            print(note)


if __name__ == "__main__":
    sys.exit(main())
