"""What judging returns: per-test results, subtasks, the whole verdict; plain data for jobs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from models.i18n import Message

VERDICTS = ("AC", "WA", "PE", "TLE", "MLE", "RE", "OLE", "CE", "IE")


def message_dict(msg: Message | None) -> dict[str, Any] | None:
    """A message as JSON: its English text, and template + values to translate it later."""
    if msg is None:
        return None
    params = {k: str(v) for k, v in msg.params.items()}
    return {"text": msg.render(), "template": msg.template, "params": params}


@dataclass(frozen=True)
class TestResult:
    __test__ = False  # a result, not a pytest test class

    number: int
    verdict: str
    cpu_seconds: float = 0.0
    wall_seconds: float = 0.0
    memory_kib: int = 0
    points: float = 0.0  # fraction of the test's worth earned (1 for AC)
    message: Message | None = None
    example: bool = False  # shown in the statement: its details may be shown to students

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: test, verdict, time (CPU s), wall, memory_kib, points, message."""
        return {
            "test": self.number,
            "verdict": self.verdict,
            "time": round(self.cpu_seconds, 3),
            "wall": round(self.wall_seconds, 3),
            "memory_kib": self.memory_kib,
            "points": self.points,
            "example": self.example,
            "message": message_dict(self.message),
        }


@dataclass(frozen=True)
class SubtaskResult:
    number: int
    points: int
    earned: float
    tests: tuple[int, ...]


@dataclass(frozen=True)
class JudgeResult:
    verdict: str
    score: float  # 0..100
    language: str
    tests: tuple[TestResult, ...] = ()
    subtasks: tuple[SubtaskResult, ...] = ()
    compile_seconds: float = 0.0
    seconds: float = 0.0
    compile_output: str = ""  # the compiler's words (for CE), box paths removed
    message: Message | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, as a job stores it and `sabaq judge --json` prints it."""
        return {
            "verdict": self.verdict,
            "score": self.score,
            "language": self.language,
            "tests": [t.to_dict() for t in self.tests],
            "subtasks": [
                {"subtask": s.number, "points": s.points, "earned": s.earned, "tests": s.tests}
                for s in self.subtasks
            ],
            "compile_seconds": round(self.compile_seconds, 3),
            "seconds": round(self.seconds, 3),
            "compile_output": self.compile_output,
            "message": message_dict(self.message),
        }
