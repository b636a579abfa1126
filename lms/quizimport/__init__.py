"""Quiz import (issue 8): Moodle XML and GIFT questions as steps of a course's lesson.

`read_quiz` reads a file into questions (each with its place in the file, its step or why it is
left out); `plan` checks the course version it would make; `import_quiz` makes it, in one
transaction. Formats: lms.quizimport.moodle, lms.quizimport.gift; kinds: lms.quizimport.steps.
"""

from __future__ import annotations

from lms.quizimport.errors import QuizInvalid
from lms.quizimport.model import Question, Quiz
from lms.quizimport.services import LANGUAGES, Target, import_quiz, plan, read_quiz

__all__ = [
    "LANGUAGES",
    "Question",
    "Quiz",
    "QuizInvalid",
    "Target",
    "import_quiz",
    "plan",
    "read_quiz",
]
