"""The code judge: task folders, languages, the sandbox, checkers and judging one submission.

The API the queue, the IDE and olympiads build on: `load_task(folder)` -> Task (TaskInvalid
lists every problem), `judge(task, source, language, on_progress=..., stop=..., parallel=...)`
-> JudgeResult (`to_dict()` is what a job stores), `import_zip` / `import_polygon` for task
archives, `task_toml` / `write_task_toml` for the web editor.
"""

from __future__ import annotations

from lms.judge.importing import import_zip
from lms.judge.judge import JudgeCancelled, judge, shared_sandbox
from lms.judge.languages import LANGUAGES, Language
from lms.judge.polygon import import_polygon
from lms.judge.results import VERDICTS, JudgeResult, SubtaskResult, TestResult
from lms.judge.task import (
    Problem,
    Subtask,
    Task,
    TaskInvalid,
    load_task,
    task_toml,
    write_task_toml,
)

__all__ = [
    "LANGUAGES", "VERDICTS", "JudgeCancelled", "JudgeResult", "Language", "Problem", "Subtask",
    "SubtaskResult", "Task", "TaskInvalid", "TestResult", "import_polygon", "import_zip", "judge",
    "load_task", "shared_sandbox", "task_toml", "write_task_toml",
]  # fmt: skip
