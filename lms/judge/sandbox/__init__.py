"""The judge's sandbox: bubblewrap boxes as nobody, cgroup limits (v1 or v2) and seccomp."""

from __future__ import annotations

from lms.judge.sandbox.box import Limits, Mount, RunResult, Sandbox, read_box_file
from lms.judge.sandbox.cgroups import CgroupUnavailable, Hierarchies, detect
from lms.judge.sandbox.seccomp import UnsupportedArchitecture, build_filter

__all__ = [
    "CgroupUnavailable",
    "Hierarchies",
    "Limits",
    "Mount",
    "RunResult",
    "Sandbox",
    "UnsupportedArchitecture",
    "build_filter",
    "detect",
    "read_box_file",
]
