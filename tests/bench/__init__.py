"""Dispute Clerk benchmarks: `python -m tests.bench [--quick] [--only NAME ...]`.

Each benchmark is a module in this package with

    NAME = "storage"                       # what --only selects
    DESCRIPTION = "one line"
    def run(quick: bool) -> list[Row]: ... # tests.bench.common.Row

and is listed in `BENCHMARKS` in `__main__.py`. A benchmark measures and reports; it never
asserts. Every figure carries its reference measured in the same run on the same disk, so
a ratio means the same thing on a laptop and on a CI runner.

Results are printed as a table and written to tests/bench/results/latest.json (gitignored).
Scratch data (server data dirs, raw-write files) go in a temporary folder under
tests/bench/results/ -- the repository's own file system, not /tmp, which may be tmpfs --
and are deleted afterwards (`--keep` keeps them, `--data-root` puts them elsewhere).
"""
