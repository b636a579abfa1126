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
    admissions,  # atlas_expert
    admissions_figures,  # atlas_expert
    atlas,  # atlas_expert
    audit_log,
    auth,
    calendar_feeds,  # calendar_feeds
    cases,
    consult,
    consult_outcome,
    contests,
    contests_files,
    contests_live,
    contests_people,
    contests_tasks,
    courses,
    courses_book,
    courses_edit,
    courses_preview,
    courses_review,
    courses_stats,
    courses_steps,
    expert,  # atlas_expert
    expert_assistant,  # atlas_expert
    exports,
    family,
    grades,
    grades_admin,
    guidance_instruments,
    guidance_reports,
    guidance_work,
    guidance_work_library,
    guidance_work_plan,
    help,  # help_support
    home,
    ide,
    ide_results,
    join_codes,
    learn,
    learn_answers,
    learn_extra,
    learn_upload,
    lti,  # lti_tool
    lti_admin,  # lti_tool
    notices,
    office,
    onboarding,  # help_support
    platform,
    privacy,
    privacy_admin,
    profile,
    quiz_import,
    register,
    reports,
    restore_deleted,
    roster,
    school_data,
    school_data_more,
    search,
    settings,
    site,
    site_admin,
    site_admin_items,
    site_admin_people,
    site_admin_photos,
    site_feeds,
    site_timetable,
    substitutions,
    substitutions_absences,
    substitutions_reports,
    support,  # support_pages
    support_queue,  # support_pages
    surveys,
    surveys_take,
    sync,
    tasks,
    tasks_edit,
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
    *restore_deleted.ROUTES,
    *courses.ROUTES,
    *courses_book.ROUTES,
    *courses_edit.ROUTES,
    *courses_steps.ROUTES,
    *courses_preview.ROUTES,
    *courses_stats.ROUTES,
    *courses_review.ROUTES,
    *learn.ROUTES,
    *learn_answers.ROUTES,
    *learn_extra.ROUTES,
    *learn_upload.ROUTES,
    *contests.ROUTES,
    *contests_people.ROUTES,
    *contests_live.ROUTES,
    *contests_tasks.ROUTES,
    *contests_files.ROUTES,
    *tasks_edit.ROUTES,
    *tasks.ROUTES,
    *ide.ROUTES,
    *ide_results.ROUTES,
    *sync.ROUTES,
    *site.ROUTES,
    *site_timetable.ROUTES,
    *site_feeds.ROUTES,
    *site_admin.ROUTES,
    *site_admin_items.ROUTES,
    *site_admin_people.ROUTES,
    *site_admin_photos.ROUTES,
    *search.ROUTES,
    *quiz_import.ROUTES,
    *profile.ROUTES,
    *privacy.ROUTES,
    *privacy_admin.ROUTES,
    *audit_log.ROUTES,
    *consult.ROUTES,
    *atlas.ROUTES,  # atlas_expert
    *admissions.ROUTES,  # atlas_expert
    *admissions_figures.ROUTES,  # atlas_expert
    *expert.ROUTES,  # atlas_expert
    *expert_assistant.ROUTES,  # atlas_expert
    *consult_outcome.ROUTES,
    *guidance_work.ROUTES,
    *guidance_work_plan.ROUTES,
    *guidance_work_library.ROUTES,
    *guidance_reports.ROUTES,
    *guidance_instruments.ROUTES,
    *surveys.ROUTES,
    *surveys_take.ROUTES,
    *cases.ROUTES,
    *help.ROUTES,  # help_support
    *lti.ROUTES,  # lti_tool
    *lti_admin.ROUTES,  # lti_tool
    *calendar_feeds.ROUTES,  # calendar_feeds
    *onboarding.ROUTES,  # help_support
    *support.ROUTES,  # support_pages
    *support_queue.ROUTES,  # support_pages
]
