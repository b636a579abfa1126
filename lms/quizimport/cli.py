"""`sabaq quiz-import FILE --course ID [--lesson SLUG | --new-lesson TITLE] [--lang ru]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_DONE, EXIT_BAD_INPUT = 0, 2


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `quiz-import` to the root `sabaq` parser."""
    p = commands.add_parser("quiz-import", help="import a Moodle XML or GIFT quiz into a lesson")
    p.add_argument("file", type=Path, metavar="FILE", help="the quiz (.xml or .gift)")
    p.add_argument("--course", type=int, required=True, help="the course's id")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--lesson", default="", help="add the questions to this lesson (its slug)")
    where.add_argument("--new-lesson", default="", metavar="TITLE",
                       help="a new lesson (default: one named after the file)")  # fmt: skip
    p.add_argument("--module", default="", help="the new lesson's module (default: the last)")
    p.add_argument("--lang", choices=("kk", "ru", "en"), default="ru",
                   help="the language the questions are written in (default ru)")  # fmt: skip
    p.add_argument("--dry-run", action="store_true", help="check and list, import nothing")
    p.set_defaults(func=cmd_quiz_import)


def cmd_quiz_import(args: argparse.Namespace) -> int:
    from lms.courses.errors import CourseNotFound
    from lms.quizimport import QuizInvalid, Target, import_quiz, plan, read_quiz
    from models.db import session_scope
    from models.lms import Course

    try:
        content = args.file.read_bytes()
    except OSError as exc:
        print(f"{args.file}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    quiz = read_quiz(content, args.lang)
    title = args.new_lesson or ("" if args.lesson else args.file.stem)
    target = Target(lesson=args.lesson, title=title, module=args.module)
    for warning in quiz.all_warnings():
        print(f"warning: {warning}")
    try:
        with session_scope() as db:
            course = db.get(Course, args.course)
            school_id = course.school_id if course else 0
            if args.dry_run:
                plan(db, school_id=school_id, course_id=args.course, quiz=quiz, target=target,
                     lang=args.lang)  # fmt: skip
                print(f"{len(quiz.steps)} questions would be imported.")
                return EXIT_DONE
            version = import_quiz(db, school_id=school_id, course_id=args.course, quiz=quiz,
                                  target=target, lang=args.lang, user_id=None,
                                  source=args.file.name)  # fmt: skip
    except (QuizInvalid, CourseNotFound) as exc:
        for problem in exc.messages:
            print(problem, file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"{len(quiz.steps)} questions imported: version {version.number} of the course.")
    return EXIT_DONE
