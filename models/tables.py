"""Every table of the store, imported in one place so the metadata is complete."""

from __future__ import annotations

from models.classes import SchoolClass, Subgroup
from models.curriculum import Bell, Rule, Subject
from models.history import AuditEntry, ChangeRecord, DataVersion
from models.lessons import LessonAudience, LessonLock, LessonRequirement, LessonRoom, LessonTeacher
from models.people import Guardianship, Parent, Student, StudentSubgroup, Teacher, TeacherSubject
from models.places import Building, Room, Travel
from models.school import AcademicYear, Holiday, School, SchoolSettings, Term
from models.timetable import PlacedLesson, TimetableVersion

__all__ = [
    "AcademicYear",
    "AuditEntry",
    "Bell",
    "Building",
    "ChangeRecord",
    "DataVersion",
    "Guardianship",
    "Holiday",
    "LessonAudience",
    "LessonLock",
    "LessonRequirement",
    "LessonRoom",
    "LessonTeacher",
    "Parent",
    "PlacedLesson",
    "Room",
    "Rule",
    "School",
    "SchoolClass",
    "SchoolSettings",
    "Student",
    "StudentSubgroup",
    "Subgroup",
    "Subject",
    "Teacher",
    "TeacherSubject",
    "Term",
    "TimetableVersion",
    "Travel",
]
