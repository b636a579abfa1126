"""Courses: packages in and out, versions in the store, grading, progress, certificates.

A course's versions never change once stored; the browser editor works on a draft (the
course's package held as data, `drafts`), checked with the import's own checks and published
through the import as the next version, so students keep their progress by step keys. Badges
(`badges`), the activity log (`activity`) and the teachers' analytics (`analytics`) sit beside.
"""

from __future__ import annotations
