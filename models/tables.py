"""Every table of the store, imported in one place so the metadata is complete."""

from __future__ import annotations

import models.privacy_pruning  # noqa: F401  # privacy_pruning: its time indexes
from models.accounts import CalendarToken, JoinCode, LoginAttempt, PasswordReset, UserAccount
from models.classes import SchoolClass, Subgroup
from models.contests import Contest, ContestParticipant, ContestSchool, ContestTask, TaskOpening
from models.curriculum import Bell, Rule, Subject
from models.guidance import (
    CaseEntry,
    InstrumentAnswer,
    InstrumentAssignment,
    InstrumentResponse,
    RiskCase,
    SchoolInstrument,
    SpecialistContact,
)  # guidance
from models.guidance_atlas import (  # guidance_atlas
    AdmissionFigure,  # guidance_atlas
    AssistantSettings,  # guidance_atlas
    RecommendationCache,  # guidance_atlas
)  # guidance_atlas
from models.guidance_work import (  # guidance_work
    Consultation,  # guidance_work
    ConsultationNote,  # guidance_work
    ConsultationSlot,  # guidance_work
    Material,  # guidance_work
    MockTestResult,  # guidance_work
    NewsItem,  # guidance_work
    ProfileSubjectChoice,  # guidance_work
    ProgrammeItem,  # guidance_work
)  # guidance_work
from models.history import AuditEntry, ChangeRecord, DataVersion
from models.jobs import Job
from models.journal import (
    AbsenceNote,
    Assessment,
    AssessmentRuleSet,
    Attendance,
    FinalGrade,
    Grade,
    LessonRecord,
    Remark,
    TermClosure,
)
from models.judge import CodeDraft, JudgeTask, Submission
from models.lessons import LessonAudience, LessonLock, LessonRequirement, LessonRoom, LessonTeacher
from models.lms import (
    BadgeAward,
    Certificate,
    Course,
    CourseActivity,
    CourseAssignment,
    CourseDraft,
    CourseLesson,
    CourseModule,
    CourseStep,
    CourseVersion,
    StepProgress,
)
from models.lti import (  # lti_tool
    LtiDeployment,  # lti_tool
    LtiLaunchTicket,  # lti_tool
    LtiNonce,  # lti_tool
    LtiPlatform,  # lti_tool
    LtiResourceLink,  # lti_tool
    LtiScore,  # lti_tool
    LtiUserLink,  # lti_tool
)  # lti_tool
from models.outbox import MailSettings, Notice
from models.people import Guardianship, Parent, Student, StudentSubgroup, Teacher, TeacherSubject
from models.places import Building, Room, Travel
from models.points import PointsEntry
from models.privacy import Anonymisation, PrivacySettings, ProcessingConsent  # privacy
from models.school import AcademicYear, Holiday, School, SchoolSettings, Term
from models.search import SearchDoc  # search
from models.substitutions import Absence, Cover, CoverPlan
from models.support import OnboardingState, SupportReply, SupportRequest  # support_help
from models.sync import SyncOperation
from models.timetable import PlacedLesson, TimetableVersion
from models.website import (  # website
    ParentalConsent,
    SiteAlbum,
    SiteDocument,
    SiteEditor,
    SiteEvent,
    SitePhoto,
    SitePhotoPupil,
    SitePost,
    SiteSettings,
    SiteStaff,
)  # website

__all__ = [
    "Absence",
    "AbsenceNote",
    "AcademicYear",
    "AdmissionFigure",  # guidance_atlas
    "Anonymisation",  # privacy
    "Assessment",
    "AssessmentRuleSet",
    "AssistantSettings",  # guidance_atlas
    "Attendance",
    "AuditEntry",
    "BadgeAward",
    "Bell",
    "Building",
    "CalendarToken",
    "CaseEntry",
    "Certificate",
    "ChangeRecord",
    "CodeDraft",
    "Consultation",  # guidance_work
    "ConsultationNote",  # guidance_work
    "ConsultationSlot",  # guidance_work
    "Contest",
    "ContestParticipant",
    "ContestSchool",
    "ContestTask",
    "Course",
    "CourseActivity",
    "CourseAssignment",
    "CourseDraft",
    "CourseLesson",
    "CourseModule",
    "CourseStep",
    "CourseVersion",
    "Cover",
    "CoverPlan",
    "DataVersion",
    "FinalGrade",
    "Grade",
    "Guardianship",
    "Holiday",
    "InstrumentAnswer",
    "InstrumentAssignment",
    "InstrumentResponse",
    "Job",
    "JoinCode",
    "JudgeTask",
    "LessonAudience",
    "LessonLock",
    "LessonRecord",
    "LessonRequirement",
    "LessonRoom",
    "LessonTeacher",
    "LoginAttempt",
    "LtiDeployment",  # lti_tool
    "LtiLaunchTicket",  # lti_tool
    "LtiNonce",  # lti_tool
    "LtiPlatform",  # lti_tool
    "LtiResourceLink",  # lti_tool
    "LtiScore",  # lti_tool
    "LtiUserLink",  # lti_tool
    "MailSettings",
    "Material",  # guidance_work
    "MockTestResult",  # guidance_work
    "NewsItem",  # guidance_work
    "Notice",
    "OnboardingState",  # support_help
    "Parent",
    "ParentalConsent",
    "PasswordReset",
    "PlacedLesson",
    "PointsEntry",
    "PrivacySettings",  # privacy
    "ProcessingConsent",  # privacy
    "ProfileSubjectChoice",  # guidance_work
    "ProgrammeItem",  # guidance_work
    "RecommendationCache",  # guidance_atlas
    "Remark",
    "RiskCase",
    "Room",
    "Rule",
    "School",
    "SchoolClass",
    "SchoolInstrument",
    "SchoolSettings",
    "SearchDoc",  # search
    "SiteAlbum",
    "SiteDocument",
    "SiteEditor",
    "SiteEvent",
    "SitePhoto",
    "SitePhotoPupil",
    "SitePost",
    "SiteSettings",
    "SiteStaff",
    "SpecialistContact",
    "StepProgress",
    "Student",
    "StudentSubgroup",
    "Subgroup",
    "Subject",
    "Submission",
    "SupportReply",  # support_help
    "SupportRequest",  # support_help
    "SyncOperation",
    "TaskOpening",
    "Teacher",
    "TeacherSubject",
    "Term",
    "TermClosure",
    "TimetableVersion",
    "Travel",
    "UserAccount",
]
