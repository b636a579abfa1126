"""The words of the reports (msgids), shared by the pages, the workbooks and the PDFs."""

from __future__ import annotations

from journal.reports.grades import EXCELLENT, FAILING, GOOD, ONE_FOUR, ONE_THREE, SATISFACTORY
from journal.reports.grades import UNGRADED as NO_MARKS
from models.i18n import N_

CATEGORY_WORDS: dict[str, str] = {
    EXCELLENT: N_("Excellent (only 5)"),  # отличники
    GOOD: N_("Good (4 and 5)"),  # хорошисты
    SATISFACTORY: N_("With a 3"),  # троечники
    FAILING: N_("Failing"),  # неуспевающие
    NO_MARKS: N_("Without marks"),
}
RESERVE_WORDS: dict[str, str] = {ONE_FOUR: N_("With one 4"), ONE_THREE: N_("With one 3")}

STUDENTS = N_("Students")
AVERAGE = N_("Average mark")
QUALITY = N_("Quality of knowledge, %")  # качество знаний
SUCCESS = N_("Success rate, %")  # успеваемость
SOU = N_("Degree of learning (SOU), %")  # степень обученности учащихся
LESSONS = N_("Lessons")
MISSED = N_("Missed")
EXCUSED = N_("of them excused")
UNEXCUSED = N_("without a reason")
LATE = N_("Late")
LATE_MINUTES = N_("Late, minutes")
ATTENDED = N_("Attended, %")
MISSED_SHARE = N_("Missed, %")
CHRONIC = N_("Chronic absence")
