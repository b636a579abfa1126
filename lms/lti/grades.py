"""Grade return (AGS 2.0): a score owed for an accepted task, sent once to the line item."""

from __future__ import annotations

import json
import secrets
import time
import urllib.parse
import urllib.request
from typing import Any

from joserfc import jwt
from sqlalchemy import update
from sqlmodel import Session, col, select

from lms.lti import claims as C
from lms.lti.keys import signing_key
from models.base import utcnow
from models.db import session_scope
from models.job_queue import enqueue
from models.judge import LESSON, Submission
from models.lti import LINK_TASK, LtiPlatform, LtiResourceLink, LtiScore, LtiUserLink
from models.outbound import check_url, opener

LTI_SCORE = "lti_score"  # job kind: params {"score_id"}
ATTEMPTS = 3
BACKOFF_S = (1.0, 3.0)
TIMEOUT_S = 10


def note_verdict(session: Session, *, submission_id: int) -> list[int]:
    """After a verdict: for an accepted practice submission, the scores owed to every line item
    linked to its task for this user, each with a job to send it.

    Args:
        session: the transaction that recorded the verdict (the caller commits).
        submission_id: the judged submission.

    Returns:
        The ids of the lti_score jobs queued (none for other verdicts or unlinked users).
    """
    sub = session.get(Submission, submission_id)
    if sub is None or sub.verdict != "AC" or sub.purpose != LESSON or sub.school_id is None:
        return []
    links = session.exec(
        select(LtiResourceLink).join(
            LtiUserLink, col(LtiUserLink.platform_id) == col(LtiResourceLink.platform_id)
        ).where(
            LtiResourceLink.school_id == sub.school_id, LtiResourceLink.kind == LINK_TASK,
            LtiResourceLink.ref == sub.task_id, col(LtiResourceLink.lineitem_url) != "",
            LtiUserLink.user_id == sub.user_id,
        )
    )  # fmt: skip
    jobs = []
    for link in links:
        assert link.id is not None
        score = session.exec(
            select(LtiScore).where(LtiScore.link_id == link.id, LtiScore.user_id == sub.user_id)
        ).first()
        if score is None:
            most = link.score_maximum
            score = LtiScore(school_id=sub.school_id, link_id=link.id, user_id=sub.user_id,
                             score_given=most, score_maximum=most)  # fmt: skip
            session.add(score)
            session.flush()
        job = enqueue(
            session, kind=LTI_SCORE, school_id=sub.school_id, params={"score_id": score.id},
            key=f"lti-score:{sub.school_id}:{score.id}",
        )  # fmt: skip
        jobs.append(job.id or 0)
    return jobs


def _post(url: str, body: bytes, headers: dict[str, str]) -> dict[str, Any]:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    check_url(url)  # the token URL and the platform's line items: public addresses only
    with opener().open(request, timeout=TIMEOUT_S) as response:  # checked addresses only
        raw = response.read()
    return dict(json.loads(raw)) if raw.strip().startswith(b"{") else {}


def access_token(platform: LtiPlatform, scope: str) -> str:
    """An AGS access token: OAuth2 client credentials with our signed JWT assertion."""
    key, now = signing_key(), int(time.time())
    assertion = jwt.encode(
        {"alg": "RS256", "kid": key.kid},
        {"iss": platform.client_id, "sub": platform.client_id, "aud": platform.token_url,
         "iat": now, "exp": now + 300, "jti": secrets.token_urlsafe(16)},
        key,
    )  # fmt: skip
    form = urllib.parse.urlencode({
        "grant_type": "client_credentials", "client_assertion_type": C.CLIENT_ASSERTION_TYPE,
        "client_assertion": assertion, "scope": scope,
    }).encode()  # fmt: skip
    answer = _post(platform.token_url, form, {"Content-Type": "application/x-www-form-urlencoded"})
    return str(answer["access_token"])


def scores_url(lineitem: str) -> str:
    """The line item's scores endpoint: "/scores" added to its path, its query kept."""
    parts = urllib.parse.urlsplit(lineitem)
    return urllib.parse.urlunsplit(parts._replace(path=parts.path.rstrip("/") + "/scores"))


def _deliver(session: Session, score: LtiScore) -> None:
    link = session.get(LtiResourceLink, score.link_id)
    assert link is not None
    platform = session.get(LtiPlatform, link.platform_id)
    user = session.exec(
        select(LtiUserLink).where(
            LtiUserLink.platform_id == link.platform_id, LtiUserLink.user_id == score.user_id
        )
    ).first()
    assert platform is not None and user is not None
    token = access_token(platform, C.SCOPE_SCORE)
    body = {
        "userId": user.sub, "scoreGiven": score.score_given, "scoreMaximum": score.score_maximum,
        "activityProgress": "Completed", "gradingProgress": "FullyGraded",
        "timestamp": utcnow().isoformat(),
    }  # fmt: skip
    headers = {"Content-Type": C.SCORE_MEDIA_TYPE, "Authorization": f"Bearer {token}"}
    _post(scores_url(link.lineitem_url), json.dumps(body).encode(), headers)


def send_score(*, score_id: int, school_id: int | None, url: str | None = None) -> dict[str, Any]:
    """The lti_score job: posts the score unless it was sent, retrying with a pause.

    A score already sent is not sent again (a job run twice, or queued twice). AGS keeps the
    latest score per user, so a resend after a crash between the POST and the mark is harmless.

    Returns:
        {"score_id", "sent": bool, "already": bool}.

    Raises:
        OSError: the platform kept refusing (the job fails; the score stays owed).
    """
    for attempt in range(ATTEMPTS):
        with session_scope(url) as session:
            score = session.get(LtiScore, score_id)
            if score is None or score.school_id != school_id:
                return {"score_id": score_id, "sent": False, "already": False}
            if score.sent_at is not None:
                return {"score_id": score_id, "sent": False, "already": True}
            score.attempts += 1
            try:
                _deliver(session, score)
            except (OSError, KeyError, ValueError) as exc:
                score.last_error = str(exc)[:500]
                session.add(score)
                if attempt == ATTEMPTS - 1:
                    session.commit()
                    raise OSError(f"score {score_id} not accepted: {exc}") from exc
            else:
                session.exec(
                    update(LtiScore).where(col(LtiScore.id) == score_id).values(sent_at=utcnow())
                )
                return {"score_id": score_id, "sent": True, "already": False}
        time.sleep(BACKOFF_S[min(attempt, len(BACKOFF_S) - 1)])
    return {"score_id": score_id, "sent": False, "already": False}
