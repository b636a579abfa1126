"""The OneRoster 1.2 CSV binding as data: file names, column headers in order, vocabularies.

Headers follow 1EdTech's "OneRoster: CSV Binding" 1.2.1 (tables of section 3): every data file
starts with sourcedId, status, dateLastModified; the order of the columns is normative, and a
consumer may refuse a file whose header differs in one name or place. In 1.2 a user's role lives
in roles.csv (users.csv has no role or orgSourcedIds column any more).
"""

from __future__ import annotations

MANIFEST_VERSION = "1.0"
ONEROSTER_VERSION = "1.2"
BULK = "bulk"
ABSENT = "absent"
ACTIVE = "active"

_COMMON = ("sourcedId", "status", "dateLastModified")

HEADERS: dict[str, tuple[str, ...]] = {
    "academicSessions.csv": (
        *_COMMON, "title", "type", "startDate", "endDate", "parentSourcedId", "schoolYear",
    ),
    "orgs.csv": (*_COMMON, "name", "type", "identifier", "parentSourcedId"),
    "courses.csv": (
        *_COMMON, "schoolYearSourcedId", "title", "courseCode", "grades", "orgSourcedId",
        "subjects", "subjectCodes",
    ),
    "classes.csv": (
        *_COMMON, "title", "grades", "courseSourcedId", "classCode", "classType", "location",
        "schoolSourcedId", "termSourcedIds", "subjects", "subjectCodes", "periods",
    ),
    "users.csv": (
        *_COMMON, "enabledUser", "username", "userIds", "givenName", "familyName", "middleName",
        "identifier", "email", "sms", "phone", "agentSourcedIds", "grades", "password",
        "userMasterIdentifier", "preferredGivenName", "preferredMiddleName",
        "preferredFamilyName", "primaryOrgSourcedId", "pronouns",
    ),
    "roles.csv": (
        *_COMMON, "userSourcedId", "roleType", "role", "beginDate", "endDate", "orgSourcedId",
        "userProfileSourcedId",
    ),
    "enrollments.csv": (
        *_COMMON, "classSourcedId", "schoolSourcedId", "userSourcedId", "role", "primary",
        "beginDate", "endDate",
    ),
    "demographics.csv": (
        *_COMMON, "birthDate", "sex", "americanIndianOrAlaskaNative", "asian",
        "blackOrAfricanAmerican", "nativeHawaiianOrOtherPacificIslander", "white",
        "demographicRaceTwoOrMoreRaces", "hispanicOrLatinoEthnicity", "countryOfBirthCode",
        "stateOfBirthAbbreviation", "cityOfBirth", "publicSchoolResidenceStatus",
    ),
    "categories.csv": (*_COMMON, "title", "weight"),
    "lineItems.csv": (
        *_COMMON, "title", "description", "assignDate", "dueDate", "classSourcedId",
        "categorySourcedId", "academicSessionSourcedId", "resultValueMin", "resultValueMax",
        "schoolSourcedId",
    ),
    "results.csv": (
        *_COMMON, "lineItemSourcedId", "studentSourcedId", "scoreStatus", "score", "scoreDate",
        "comment", "textScore", "classSourcedId", "inProgress", "incomplete", "late", "missing",
    ),
}  # fmt: skip

# Every data file of the binding, in the order the manifest lists them ("file.<name>").
MANIFEST_FILES: tuple[str, ...] = (
    "academicSessions",
    "categories",
    "classes",
    "classResources",
    "courses",
    "courseResources",
    "demographics",
    "enrollments",
    "lineItemLearningObjectiveIds",
    "lineItems",
    "lineItemScoreScales",
    "orgs",
    "resources",
    "resultLearningObjectiveIds",
    "results",
    "resultScoreScales",
    "roles",
    "scoreScales",
    "userProfiles",
    "userResources",
    "users",
)
MANIFEST_HEADER = ("propertyName", "value")
SYSTEM_NAME = "Sabaq"
SYSTEM_CODE = "sabaq"

# Vocabularies used here (the binding allows more values).
SCHOOL_YEAR = "schoolYear"
TERM = "term"
ORG_SCHOOL = "school"
CLASS_SCHEDULED = "scheduled"
PRIMARY = "primary"
ROLE_STUDENT = "student"
ROLE_TEACHER = "teacher"
ROLE_PARENT = "parent"
ROLE_GUARDIAN = "guardian"
FULLY_GRADED = "fully graded"
