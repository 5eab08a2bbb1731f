"""Everything due, for one person or a whole force, derived from facts (ARCHITECTURE.md §1)."""
