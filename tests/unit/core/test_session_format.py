import json
from dataclasses import replace

import pytest

from sshdesk.core.profile import SessionProfile
from sshdesk.core.session_format import (
    FORMAT,
    MIGRATIONS,
    VERSION,
    Content,
    EditSession,
    FormatError,
    RemoveFolder,
    RenameFolder,
    SavedSession,
    SessionOrigin,
    changed_fields,
    decode_document,
    dump,
    parse,
    profile_to_dict,
    without_secrets,
)


def full_profile(host: str, jumps: tuple[SessionProfile, ...] = ()) -> SessionProfile:
    """A profile with no field left at its default."""
    return SessionProfile(
        host=host, port=2222, username="alice", password="pw-secret",
        key_files=("~/.ssh/id_a", "/keys/b"), passphrase="pp-secret", allow_agent=False,
        look_for_keys=False, compress=True, timeout=3.5, banner_timeout=7.0, auth_timeout=12.0,
        disabled_algorithms=(("ciphers", ("aes128-cbc", "3des-cbc")), ("kex", ("dh-group1",))),
        keepalive_interval=0.0, keepalive_count_max=9, jump_hosts=jumps,
        terminal_type="vt220", encoding="gb18030",
    )


def full_session() -> SavedSession:
    jumps = (full_profile("jump1.example"), full_profile("jump2.example"))
    return SavedSession(
        name="web1", profile=full_profile("web1.example", jumps), id="a" * 32,
        folder=("Prod", "DB"), tags=("db", "生产"), note="line 1\nline 2", color="#12abEF",
        last_used=1_700_000_000.25, startup_command="cd /srv && ls",
        initial_remote_folder="/var/log", save_password=True,
        origin=SessionOrigin("/home/u/.ssh/config", "web1"),
    )


def test_a_fully_populated_session_with_two_jump_hosts_round_trips() -> None:
    session = full_session()
    document = parse(dump([("Empty",)], [session]).encode("utf-8"))
    assert document.version == VERSION
    assert document.folders == [("Empty",)]
    assert document.skipped == []
    # Secrets are not part of the format; everything else comes back equal.
    expected = replace(session, profile=without_secrets(session.profile))
    assert document.sessions == [expected]
    assert document.sessions[0].profile.jump_hosts[1].host == "jump2.example"


def test_the_shape_on_disk() -> None:
    data = json.loads(dump([], [full_session()]))
    assert data["format"] == FORMAT and data["version"] == VERSION
    record = data["sessions"][0]
    assert record["folder"] == ["Prod", "DB"]
    assert record["origin"] == {"file": "/home/u/.ssh/config", "host": "web1"}
    assert record["profile"]["disabled_algorithms"] == {"ciphers": ["aes128-cbc", "3des-cbc"],
                                                         "kex": ["dh-group1"]}
    assert len(record["profile"]["jump_hosts"]) == 2


def test_no_secret_key_is_ever_written() -> None:
    text = dump([], [full_session()])
    for word in ('"password"', '"passphrase"', "pw-secret", "pp-secret"):
        assert word not in text


def test_without_secrets_strips_jump_hosts_too() -> None:
    clean = without_secrets(full_session().profile)
    assert clean.password is None and clean.passphrase is None
    assert all(h.password is None and h.passphrase is None for h in clean.jump_hosts)


def test_omitted_fields_take_defaults_and_unknown_keys_are_ignored() -> None:
    data = {"format": FORMAT, "version": VERSION, "future_top_level": 1, "sessions": [
        {"id": "x1", "name": "minimal", "profile": {"host": "h", "shiny_new_option": True},
         "also_new": [1, 2]},
    ]}
    document = decode_document(data)
    assert document.sessions == [SavedSession(name="minimal", profile=SessionProfile("h"),
                                              id="x1")]
    assert document.folders == []


def test_whole_numbers_are_accepted_for_seconds_but_booleans_are_no_numbers() -> None:
    document = decode_document({"format": FORMAT, "version": 1, "sessions": [
        {"id": "a", "name": "a", "profile": {"host": "h", "timeout": 5}},
        {"id": "b", "name": "b", "profile": {"host": "h", "port": True}},
    ]})
    assert [s.name for s in document.sessions] == ["a"]
    assert document.sessions[0].profile.timeout == 5.0
    assert "port" in document.skipped[0]


def test_version_0_is_a_bare_list_and_gets_stable_ids() -> None:
    old = [{"name": "one", "profile": {"host": "h1"}, "folder": ["A"]},
           {"name": "two", "profile": {"host": "h2"}}]
    first, again = decode_document(old), decode_document(json.loads(json.dumps(old)))
    assert first.version == 0
    assert [s.name for s in first.sessions] == ["one", "two"]
    ids = [s.id for s in first.sessions]
    assert all(len(i) == 32 for i in ids) and len(set(ids)) == 2
    # Two processes reading the same old file must agree on the ids.
    assert ids == [s.id for s in again.sessions]


def test_every_older_version_has_a_migration() -> None:
    assert sorted(MIGRATIONS) == list(range(VERSION))


def test_a_newer_version_is_read_as_far_as_possible() -> None:
    document = decode_document({"format": FORMAT, "version": VERSION + 1, "sessions": [
        {"id": "n", "name": "kept", "profile": {"host": "h"}, "new_thing": {}},
        {"id": "m", "name": "odd", "profile": "not an object any more"},
    ]})
    assert document.version == VERSION + 1
    assert [s.name for s in document.sessions] == ["kept"]
    assert len(document.skipped) == 1


@pytest.mark.parametrize("raw", [
    b"{not json", b"\xff\xfe\x00garbage", b'"a string"', b"{}", b'{"format": "other"}',
    json.dumps({"format": FORMAT, "version": "1"}).encode(),
    json.dumps({"format": FORMAT, "version": True}).encode(),
    json.dumps({"format": FORMAT, "version": 1, "sessions": {}}).encode(),
    json.dumps({"format": FORMAT, "version": 1, "folders": "A"}).encode(),
    b"[" * 100_000,
])
def test_a_wrong_overall_shape_is_a_format_error(raw: bytes) -> None:
    with pytest.raises(FormatError):
        parse(raw)


def test_a_byte_order_mark_is_accepted() -> None:
    assert parse(b"\xef\xbb\xbf" + dump([], []).encode()).sessions == []


@pytest.mark.parametrize("record", [
    "a string", {"name": "no profile"}, {"profile": {"host": "h"}},
    {"name": "", "profile": {"host": "h"}},
    {"name": "a/b", "profile": {"host": "h"}},
    {"name": "x", "profile": {"host": "h"}, "folder": ["ok", ""]},
    {"name": "x", "profile": {"host": "h"}, "color": "red"},
    {"name": "x", "profile": {"host": "h", "port": 70000}},
    {"name": "x", "profile": {"host": "h", "jump_hosts": [{"port": 22}]}},
    {"name": "x", "profile": {"host": "h", "disabled_algorithms": {"kex": "one"}}},
    {"name": "x", "profile": {"host": "h"}, "origin": {"file": "/f"}},
    {"name": "x", "profile": {"host": "h"}, "tags": [1]},
])
def test_a_bad_record_is_skipped_and_the_others_kept(record: object) -> None:
    good = {"id": "g", "name": "good", "profile": {"host": "h"}}
    document = decode_document({"format": FORMAT, "version": 1, "sessions": [good, record]})
    assert [s.name for s in document.sessions] == ["good"]
    assert len(document.skipped) == 1 and document.skipped[0].startswith("session 2")


def test_a_duplicate_id_is_skipped() -> None:
    record = {"id": "same", "name": "n", "profile": {"host": "h"}}
    document = decode_document({"format": FORMAT, "version": 1, "sessions": [record, record]})
    assert len(document.sessions) == 1 and "twice" in document.skipped[0]


def test_saved_session_checks_its_values_and_builds_its_path() -> None:
    profile = SessionProfile("h")
    assert SavedSession("web", profile, folder=("Prod", "DB")).path == "Prod/DB/web"
    assert SavedSession("web", profile).path == "web"
    for bad in ({"name": "a/b"}, {"folder": ("",)}, {"folder": ("a/b",)}, {"color": "#12345"}):
        with pytest.raises(ValueError):
            SavedSession(**{"name": "n", "profile": profile, **bad})  # type: ignore[arg-type]


def test_an_edit_replays_only_the_fields_it_changed() -> None:
    before = SavedSession("web", SessionProfile("h"), id="1")
    mine = replace(before, note="my note")
    theirs = replace(before, name="renamed elsewhere")
    content = Content(sessions={"1": theirs})
    EditSession("1", changed_fields(before, mine), fallback=mine).apply(content)
    assert content.sessions["1"] == replace(before, name="renamed elsewhere", note="my note")
    # Removed elsewhere: an update brings the session back, a move or touch does not.
    gone = Content()
    EditSession("1", (("folder", ("A",)),)).apply(gone)
    assert gone.sessions == {}
    EditSession("1", changed_fields(before, mine), fallback=mine).apply(gone)
    assert gone.sessions == {"1": mine}


def test_folder_changes_apply_to_what_is_there_at_replay() -> None:
    profile = SessionProfile("h")
    content = Content(folders={("A",), ("A", "B"), ("Other",)}, sessions={
        "1": SavedSession("one", profile, id="1", folder=("A", "B")),
        "2": SavedSession("two", profile, id="2", folder=("A",)),
        "3": SavedSession("three", profile, id="3", folder=("AB",)),
    })
    RenameFolder(("A",), "Z").apply(content)
    assert content.folders == {("Z",), ("Z", "B"), ("Other",)}
    assert {s.id: s.folder for s in content.sessions.values()} == {
        "1": ("Z", "B"), "2": ("Z",), "3": ("AB",)}
    # Session 2 was not in the folder when the user removed it: it stays.
    RemoveFolder(("Z",), ("1",)).apply(content)
    assert content.folders == {("Other",)}
    assert sorted(content.sessions) == ["2", "3"]


def test_profile_dict_has_every_field_but_the_secrets() -> None:
    names = set(profile_to_dict(SessionProfile("h")))
    expected = set(SessionProfile.__dataclass_fields__) - {"password", "passphrase"}
    assert names == expected
