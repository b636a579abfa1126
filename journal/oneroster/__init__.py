"""OneRoster 1.2 CSV export of a school: rostering (classes, enrollments) and gradebook results."""

from journal.oneroster.export import OneRosterPackage, build_oneroster, csv_text, package_zip
from journal.oneroster.spec import HEADERS, MANIFEST_FILES

__all__ = [
    "HEADERS",
    "MANIFEST_FILES",
    "OneRosterPackage",
    "build_oneroster",
    "csv_text",
    "package_zip",
]
