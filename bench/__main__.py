"""``python -m bench``: generate the synthetic register, then time the three benchmarks.

    python -m bench                       # 250,000 nominals (about 20 minutes in all)
    python -m bench --scale small --json  # 20,000 nominals, one JSON object (under 2 minutes)
    python -m bench --reuse               # keep the register already generated at that scale

The database is ``BENCH_DATABASE_URL`` (default below), created if missing, migrated, and
emptied and refilled (unless ``--reuse``). Its name must contain "bench": the generator
empties the register tables, so it refuses anything that might be the demo database or a
real one. Progress goes to stderr; the figures to stdout.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/vigil_bench"

#: Targets of issue 6 (ARCHITECTURE.md, "Scale targets").
TARGETS_MS = {"queue": 100.0, "force_overdue": 1000.0, "report": 5000.0}
TARGET_RATIO = 1.5


@dataclass(frozen=True)
class Runs:
    officers: int
    force: int
    report: int


RUNS = {
    "tiny": Runs(officers=5, force=3, report=2),
    "small": Runs(officers=30, force=5, report=3),
    "full": Runs(officers=30, force=10, report=5),
}


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def database_settings(url: str) -> dict[str, Any]:
    import environ

    config: dict[str, Any] = environ.Env.db_url_config(url)
    if "postgresql" not in config.get("ENGINE", ""):
        raise SystemExit(f"BENCH_DATABASE_URL must be a PostgreSQL database, not {url!r}")
    if "bench" not in str(config.get("NAME", "")):
        raise SystemExit(
            f"refusing to use database {config.get('NAME')!r}: the benchmark empties the "
            "register tables, so its database name must contain 'bench'"
        )
    return config


def ensure_database(config: dict[str, Any]) -> bool:
    """Create the bench database if it does not exist; True if it was created."""
    import psycopg
    from psycopg import sql
    from psycopg.conninfo import make_conninfo

    conninfo = make_conninfo(
        **{
            key: str(value)
            for key, value in (
                ("host", config.get("HOST")),
                ("port", config.get("PORT")),
                ("user", config.get("USER")),
                ("password", config.get("PASSWORD")),
                ("dbname", "postgres"),
            )
            if value
        }
    )
    with psycopg.connect(conninfo, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if exists:
            return False
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
        return True


def generator_version() -> str:
    """Changes whenever the generator does, so ``--reuse`` never keeps stale data."""
    source = (Path(__file__).with_name("generate.py")).read_bytes()
    return hashlib.sha256(source).hexdigest()[:16]


def _meta(cursor: Any) -> dict[str, Any] | None:
    cursor.execute(
        "CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value jsonb NOT NULL)"
    )
    cursor.execute("SELECT value FROM bench_meta WHERE key = 'register'")
    row = cursor.fetchone()
    if row is None:
        return None
    value = row[0]
    return json.loads(value) if isinstance(value, str) else value


def prepare(scale_name: str, *, reuse: bool) -> dict[str, Any]:
    """Generate the register (or keep it); what was generated, and how long it took."""
    from django.db import connection, transaction

    from bench import generate

    scale = generate.SCALES[scale_name]
    with connection.cursor() as cursor:
        meta = _meta(cursor)
    wanted = {
        "scale": scale.name,
        "anchor": generate.ANCHOR.isoformat(),
        "version": generator_version(),
    }
    if reuse and meta and all(meta.get(k) == v for k, v in wanted.items()):
        _say(f"Keeping the {scale.name} register generated on {meta.get('generated_at')}.")
        return meta
    _say(f"Generating the {scale.name} register ({scale.nominals:,} nominals)...")
    started = time.perf_counter()
    with transaction.atomic():
        with connection.cursor() as cursor:
            generate.truncate(cursor)
        report = generate.generate(scale, fast_load=True, log=_say)
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        for table in generate.FILLED_TABLES:
            cursor.execute(f"VACUUM (ANALYZE) {table}")
    _say(f"  {'vacuum and analyze':<24} {time.perf_counter() - t0:7.1f} s")
    meta = {
        **wanted,
        "nominals": scale.nominals,
        "rows": report.rows,
        "total_rows": report.total_rows,
        "generation_seconds": round(time.perf_counter() - started, 1),
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_meta (key, value) VALUES ('register', %s) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [json.dumps(meta)],
        )
    _say(f"Generated {report.total_rows:,} rows in {meta['generation_seconds']} s.")
    return meta


def run(scale_name: str, *, reuse: bool, jit: bool) -> dict[str, Any]:
    from django.db import connection

    from bench import benchmarks as b
    from bench import generate

    meta = prepare(scale_name, reuse=reuse)
    today = generate.ANCHOR
    runs = RUNS[scale_name]
    with connection.cursor() as cursor:
        if jit:  # Vigil's sessions have JIT off (settings, ADR 5); this turns it back on
            cursor.execute("SET jit = on")
        cursor.execute("SHOW jit")
        jit_setting = cursor.fetchone()[0]
    warnings = b.check_registrations()
    for warning in warnings:
        _say(f"Note: {warning}")

    _say(f"Work queue of {runs.officers} officers...")
    queue = b.bench_queue(today, officers=runs.officers)
    sizes = b.force_sizes()
    largest, median = sizes[0], sizes[len(sizes) // 2]
    _say(f"Overdue list of the largest force ({largest[1]:,} nominals), {runs.force} runs...")
    force = b.bench_force(today, largest[0], runs=runs.force)
    force.notes["nominals"] = largest[1]
    _say(f"Overdue list of a median-sized force ({median[1]:,} nominals)...")
    force_median = b.bench_force(today, median[0], runs=10, name="force_overdue_median")
    force_median.notes["nominals"] = median[1]
    _say(f"National late-visit report, {runs.report} runs...")
    report = b.bench_report(today, runs=runs.report)

    out: dict[str, Any] = {}
    for t in (queue, force, report, force_median):
        out[f"{t.name}_p50_ms"] = round(t.p50, 1)
        out[f"{t.name}_p95_ms"] = round(t.p95, 1)
        out[f"{t.name}_sql_p50_ms"] = round(t.sql_p50, 1)
        out[f"{t.name}_sql_p95_ms"] = round(t.sql_p95, 1)
        out[f"{t.name}_ratio"] = round(t.ratio, 2)
        out[f"{t.name}_runs"] = len(t.orm_ms)
        out[f"{t.name}_notes"] = t.notes
    out["targets_met"] = {
        name: out[f"{name}_p95_ms"] < limit and out[f"{name}_ratio"] <= TARGET_RATIO
        for name, limit in TARGETS_MS.items()
    }
    out["scale"] = scale_name
    out["nominals"] = meta.get("nominals")
    out["total_rows"] = meta.get("total_rows")
    out["generation_seconds"] = meta.get("generation_seconds")
    out["today"] = today.isoformat()
    out["jit"] = jit_setting
    out["warnings"] = warnings
    return out


def table(out: dict[str, Any]) -> str:
    rows = [
        ("Officer's work queue", "queue", TARGETS_MS["queue"]),
        ("Force overdue list (largest force)", "force_overdue", TARGETS_MS["force_overdue"]),
        ("Force overdue list (median force)", "force_overdue_median", None),
        ("National late-visit report", "report", TARGETS_MS["report"]),
    ]
    lines = [
        f"Vigil benchmarks: {out['scale']} scale, {out['nominals']:,} nominals, "
        f"{out['total_rows']:,} rows (generated in {out['generation_seconds']} s); "
        f"today {out['today']}; jit {out['jit']}",
        "",
        f"{'':36} {'runs':>4} {'p50 ms':>9} {'p95 ms':>9} {'SQL p50':>9} {'SQL p95':>9} "
        f"{'ratio':>6}  target",
    ]
    for label, key, target in rows:
        met = ""
        if target is not None:
            ok = out[f"{key}_p95_ms"] < target and out[f"{key}_ratio"] <= TARGET_RATIO
            met = f"p95 < {target:,.0f} ms, ratio <= {TARGET_RATIO}: {'met' if ok else 'NOT met'}"
        lines.append(
            f"{label:36} {out[f'{key}_runs']:>4} {out[f'{key}_p50_ms']:>9,.1f} "
            f"{out[f'{key}_p95_ms']:>9,.1f} {out[f'{key}_sql_p50_ms']:>9,.1f} "
            f"{out[f'{key}_sql_p95_ms']:>9,.1f} {out[f'{key}_ratio']:>6.2f}  {met}"
        )
    lines += ["", "Ratio: the code's p95 over the hand-written SQL's p95 (same answer, checked)."]
    for key in ("queue", "force_overdue", "force_overdue_median", "report"):
        lines.append(f"  {key}: {out[f'{key}_notes']}")
    for warning in out["warnings"]:
        lines.append(f"Note: {warning}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=("tiny", "small", "full"), default="full")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--reuse", action="store_true", help="keep a register already generated at this scale"
    )
    parser.add_argument(
        "--generate-only", action="store_true", help="generate the register and stop"
    )
    parser.add_argument(
        "--jit",
        action="store_true",
        help="turn PostgreSQL's JIT on for the run (Vigil's sessions have it off)",
    )
    args = parser.parse_args(argv)

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    config = database_settings(url)
    if ensure_database(config):
        _say(f"Created database {config['NAME']}.")
    os.environ["DATABASE_URL"] = url
    os.environ["VIGIL_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigil.settings")
    import django

    django.setup()
    from django.core.management import call_command

    _say("Migrating the bench database...")
    call_command("migrate", interactive=False, verbosity=0)
    if args.generate_only:
        prepare(args.scale, reuse=args.reuse)
        return 0
    from bench.benchmarks import Mismatch

    try:
        out = run(args.scale, reuse=args.reuse, jit=args.jit)
    except Mismatch as exc:
        _say(f"FAILED: {exc}")
        return 1
    print(json.dumps(out, sort_keys=True) if args.json else table(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
