"""Courses: packages in and out, versions in the store, grading, progress, certificates."""

from __future__ import annotations
