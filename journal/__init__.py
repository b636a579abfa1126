"""The e-journal: register, attendance, grades and assessment rules (see issue 6; not built yet)."""

# grades and assessment rules (journal/grades*.py, journal/assessment/)
from journal.grades import clear_grade, create_assessment, remove_assessment, set_grade
from journal.grades_close import close_term, override_final_grade, reopen_term
from journal.grades_final import recompute_term_grades, recompute_year_grades
from journal.grades_rules import active_rules, save_rule_set
from journal.grades_terms import ensure_term_open, is_term_closed, term_for_day
from journal.grades_views import class_gradebook, student_grades

__all__ = [  # other parts of the journal extend it: __all__ += [...]
    "active_rules",
    "class_gradebook",
    "clear_grade",
    "close_term",
    "create_assessment",
    "ensure_term_open",
    "is_term_closed",
    "override_final_grade",
    "recompute_term_grades",
    "recompute_year_grades",
    "remove_assessment",
    "reopen_term",
    "save_rule_set",
    "set_grade",
    "student_grades",
    "term_for_day",
]

# the class register (journal/register*.py, journal/calendar.py)
from journal.calendar import HeldLesson, held_lesson, held_lessons, school_calendar
from journal.register import Register, open_register
from journal.register_access import Actor, NotYourLesson
from journal.register_audit import register_history
from journal.register_day import register_day
from journal.register_files import add_attachment, attachment_file, remove_attachment
from journal.register_lesson import add_remark, save_lesson_notes, withdraw_remark
from journal.register_marks import MarkInput, mark_attendance

__all__ += [
    "Actor",
    "HeldLesson",
    "MarkInput",
    "NotYourLesson",
    "Register",
    "add_attachment",
    "add_remark",
    "attachment_file",
    "held_lesson",
    "held_lessons",
    "mark_attendance",
    "open_register",
    "register_day",
    "register_history",
    "remove_attachment",
    "save_lesson_notes",
    "school_calendar",
    "withdraw_remark",
]
