"""The law and force policy, as pure functions.

Nothing in this package imports Django, touches the database or reads the clock:
"today" is always a parameter. Every rule cites its source in its docstring and is
tested by a table of worked cases in ``tests/policy/``.
"""
