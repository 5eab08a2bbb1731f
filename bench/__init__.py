"""National-scale benchmarks (issue 6): a synthetic register and the timings that matter.

``python -m bench`` fills the PostgreSQL database at ``BENCH_DATABASE_URL`` (default
``postgres://postgres@127.0.0.1:5432/vigil_bench``, created if missing; never the demo
database) with a synthetic national register (``generate.py``: set-based SQL, no ORM
per row), then times one officer's work queue, one force's overdue list and the national
late-visit report against hand-written SQL that gives the same answer (``benchmarks.py``).
Not run by ``make test``; ``tests/bench`` checks only that the answers agree.
"""
