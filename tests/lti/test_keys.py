"""The tool's keys: made on first use, rotated with the previous one still published."""

from __future__ import annotations

from pathlib import Path

from joserfc import jwt
from joserfc.jwk import KeySet

from lms.lti.grades import scores_url
from lms.lti.keys import public_jwks, rotate_key, signing_key


def test_the_first_key_is_made_on_use_and_rotation_keeps_the_previous_one(tmp_path: Path) -> None:
    first = signing_key(tmp_path)
    assert [k["kid"] for k in public_jwks(tmp_path)["keys"]] == [first.kid]
    assert "d" not in public_jwks(tmp_path)["keys"][0]  # never the private part
    second = rotate_key(tmp_path)
    third = rotate_key(tmp_path)
    published = [k["kid"] for k in public_jwks(tmp_path)["keys"]]
    assert published == [second, third] and signing_key(tmp_path).kid == third
    token = jwt.encode({"alg": "RS256", "kid": third}, {"iss": "x"}, signing_key(tmp_path))
    keys = KeySet.import_key_set(public_jwks(tmp_path))  # type: ignore[arg-type]
    assert jwt.decode(token, keys, algorithms=["RS256"]).claims == {"iss": "x"}


def test_the_scores_endpoint_keeps_the_line_items_query() -> None:
    assert scores_url("https://lms.test/li/7?type=x") == "https://lms.test/li/7/scores?type=x"
    assert scores_url("https://lms.test/li/7/") == "https://lms.test/li/7/scores"
