"""Every route of the app, gathered from the controllers of each area.

Handlers are plain functions with `sync_to_thread=False`: their store calls take milliseconds, and
Litestar 2.25 answers 500 when a `sync_to_thread=True` GET and a POST share a path (seen here).
Solves, e-mail and other slow work run as jobs in worker processes, never in a request.
"""

from __future__ import annotations

from web.controllers import (
    account_bulk,
    account_notices,
    accounts,
    auth,
    contests,
    contests_files,
    contests_live,
    contests_people,
    contests_tasks,
    exports,
    family,
    grades,
    grades_admin,
    home,
    join_codes,
    notices,
    office,
    platform,
    register,
    reports,
    roster,
    school_data,
    school_data_more,
    settings,
    substitutions,
    substitutions_absences,
    substitutions_reports,
    timetables,
)

ROUTES = [
    *auth.ROUTES,
    *account_notices.ROUTES,
    *home.ROUTES,
    *timetables.ROUTES,
    *exports.ROUTES,
    *notices.ROUTES,
    *settings.ROUTES,
    *office.ROUTES,
    *accounts.ROUTES,
    *account_bulk.ROUTES,
    *join_codes.ROUTES,
    *platform.ROUTES,
    *school_data.ROUTES,
    *school_data_more.ROUTES,
    *substitutions.ROUTES,
    *substitutions_absences.ROUTES,
    *substitutions_reports.ROUTES,
    *grades.ROUTES,
    *grades_admin.ROUTES,
    *family.ROUTES,
    *register.ROUTES,
    *reports.ROUTES,
    *roster.ROUTES,
    *contests.ROUTES,
    *contests_people.ROUTES,
    *contests_live.ROUTES,
    *contests_tasks.ROUTES,
    *contests_files.ROUTES,
]
