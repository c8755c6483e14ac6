"""The benchmark report: every measure in one run, printed, and written as JSON and Markdown.

``python tests/benchmarks/report.py [--quick] [--readme]`` (``nox -s bench``
runs it). ``--quick`` stops the scale figures at 100k entries; ``--readme``
also puts the Markdown into README.md between its bench markers.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import re
import sys
from pathlib import Path
from typing import Any

import boto3
import botocore

sys.path.insert(0, os.path.dirname(__file__))
import bench_mix
import bench_scale
import bench_scope
import bench_server

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
TARGETS = {
    "hookmock/floor geometric mean": "≤ 1.25",
    "moto/hookmock per call": "≥ 8",
    "moto/hookmock per small test": "≥ 20",
    "empty scope": "≤ 50 µs",
}


def _machine() -> dict[str, Any]:
    try:
        import moto

        moto_version = moto.__version__
    except ImportError:
        moto_version = None
    return {
        "date": dt.date.today().isoformat(),
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "cpus": os.cpu_count(),
        "botocore": botocore.__version__,
        "boto3": boto3.__version__,
        "moto": moto_version,
    }


def collect(quick: bool) -> dict[str, Any]:
    rows, skipped = bench_mix.run()
    scope = bench_scope.scope_figures()
    imports = bench_scope.import_figures()
    sizes = bench_scale.SIZES[:2] if quick else bench_scale.SIZES
    return {
        "machine": _machine(),
        "per_call": [
            {
                "op": row.op,
                "floor_us": row.floor_us,
                "hookmock_us": row.hookmock_us,
                "moto_us": row.moto_us,
                "hookmock_over_floor": row.hookmock_over_floor,
                "moto_over_hookmock": row.moto_over_hookmock,
            }
            for row in rows
        ],
        "not_implemented": skipped,
        "geomean_hookmock_over_floor": bench_mix.geometric_mean(
            [row.hookmock_over_floor for row in rows]
        ),
        "geomean_moto_over_hookmock": bench_mix.geometric_mean(
            [r for r in (row.moto_over_hookmock for row in rows) if r is not None]
        ),
        "scope_us": scope,
        "import_ms": imports,
        "scale": bench_scale.scale_figures(sizes),
        "server": bench_server.server_figures(quick),
    }


def _ratio(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def markdown(report: dict[str, Any]) -> str:
    machine = report["machine"]
    lines = [
        f"Measured {machine['date']} on {machine['platform']}, {machine['cpus']} CPUs, "
        f"Python {machine['python']}, botocore {machine['botocore']}, moto {machine['moto']}.",
        "",
        "| op | floor µs | hookmock µs | moto µs | hookmock/floor | moto/hookmock |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in report["per_call"]:
        moto = "-" if row["moto_us"] is None else f"{row['moto_us']:,.0f}"
        lines.append(
            f"| {row['op']} | {row['floor_us']:,.0f} | {row['hookmock_us']:,.0f} | {moto} "
            f"| {_ratio(row['hookmock_over_floor'])} | {_ratio(row['moto_over_hookmock'], 1)} |"
        )
    lines.append(
        f"| **geometric mean** | | | | **{_ratio(report['geomean_hookmock_over_floor'])}** "
        f"| **{_ratio(report['geomean_moto_over_hookmock'], 1)}** |"
    )
    for name in report["not_implemented"]:
        lines.append(f"| {name} | not implemented yet | | | | |")
    lines += [
        "",
        "| per test and scope | hookmock | moto | moto/hookmock |",
        "|---|---:|---:|---:|",
    ]
    for scenario, figures in report["scope_us"].items():
        ours, theirs = figures["hookmock"], figures.get("moto")
        shown = "-" if theirs is None else f"{theirs:,.0f} µs"
        ratio = None if theirs is None else theirs / ours
        lines.append(f"| {scenario} | {ours:,.0f} µs | {shown} | {_ratio(ratio, 1)} |")
    imports = report["import_ms"]
    moto_import = imports.get("moto")
    lines.append(
        f"| import beyond boto3 | {imports['hookmock']:,.0f} ms "
        f"| {'-' if moto_import is None else f'{moto_import:,.0f} ms'} "
        f"| {_ratio(None if moto_import is None else moto_import / imports['hookmock'], 1)} |"
    )
    lines += [
        "",
        "| scale (hookmock) | entries | µs per op | peak RSS MiB |",
        "|---|---:|---:|---:|",
    ]
    for structure, rows in report["scale"].items():
        title = bench_scale.STRUCTURES[structure][0]
        for row in rows:
            lines.append(
                f"| {title} | {row['size']:,} | {row['us']:,.0f} | {row['peak_mib']:,.0f} |"
            )
    if "server" in report:
        lines += bench_server.markdown(report["server"])
    lines += ["", "Targets: " + "; ".join(f"{k} {v}" for k, v in TARGETS.items()) + "."]
    return "\n".join(lines) + "\n"


def _update_readme(table: str) -> None:
    readme = ROOT / "README.md"
    text = readme.read_text()
    pattern = re.compile(r"(<!-- bench:start -->\n).*?(<!-- bench:end -->)", re.S)
    if not pattern.search(text):
        raise SystemExit("README.md has no <!-- bench:start --> / <!-- bench:end --> markers")
    readme.write_text(pattern.sub(lambda m: m.group(1) + table + m.group(2), text))


def main() -> None:
    report = collect(quick="--quick" in sys.argv)
    table = markdown(report)
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    (results / "latest.json").write_text(json.dumps(report, indent=2) + "\n")
    (results / "latest.md").write_text(table)
    print(table)
    if "--readme" in sys.argv:
        _update_readme(table)


if __name__ == "__main__":
    main()
