"""Each app's part of the access matrix (tests/test_access_matrix.py).

A module here defines ``MATRIX`` (url name -> (kwargs, expected status per role), the
kwargs may use ``{name}`` fields) and optionally ``records(**personas_and_nominal)``
returning the values for those fields, creating whatever the URLs need.
"""
