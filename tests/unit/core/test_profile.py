import getpass

import pytest

from sshdesk.core.profile import SessionProfile, TargetSyntaxError, parse_target


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("host", ("", "host", None)),
        ("alice@host", ("alice", "host", None)),
        ("alice@host:2222", ("alice", "host", 2222)),
        ("10.0.0.1:22", ("", "10.0.0.1", 22)),
        ("[::1]:2200", ("", "::1", 2200)),
        ("bob@[fe80::1]", ("bob", "fe80::1", None)),
        ("  spaced.example  ", ("", "spaced.example", None)),
    ],
)
def test_parse_target(text: str, expected: tuple[str, str, int | None]) -> None:
    assert parse_target(text) == expected


@pytest.mark.parametrize("text", ["", "@host", "host:", "host:abc", "host:0", "host:70000",
                                  "a@b@c", "::1"])
def test_parse_target_rejects(text: str) -> None:
    with pytest.raises(TargetSyntaxError):
        parse_target(text)


def test_defaults_and_address() -> None:
    profile = SessionProfile(host="example.org")
    assert profile.port == 22
    assert profile.login_name == getpass.getuser()
    assert profile.address == "example.org"
    assert SessionProfile(host="::1", port=2200).address == "[::1]:2200"
    assert SessionProfile(host="h", port=2200, username="u").login_name == "u"


def test_secrets_stay_out_of_repr() -> None:
    profile = SessionProfile(host="h", password="hunter2-secret", passphrase="pp-secret",
                             jump_hosts=(SessionProfile(host="j", password="jump-secret"),))
    text = repr(profile)
    for secret in ("hunter2-secret", "pp-secret", "jump-secret"):
        assert secret not in text


def test_profile_is_frozen() -> None:
    profile = SessionProfile(host="h")
    with pytest.raises(AttributeError):
        profile.host = "other"  # type: ignore[misc]
