"""An LTI 1.3 tool: login, launch, deep linking and grade return for tasks and courses."""

from __future__ import annotations

from lms.lti.errors import LtiError

__all__ = ["LtiError"]
