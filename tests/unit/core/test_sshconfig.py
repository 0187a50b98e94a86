"""Reading OpenSSH client config files into sessions, and merging them into the store."""

import getpass
from dataclasses import replace
from pathlib import Path

import pytest

from sshdesk.core.profile import SessionProfile
from sshdesk.core.sessions import SavedSession, SessionOrigin, SessionStore
from sshdesk.core.sshconfig import (
    FOLDER,
    ConfigIssue,
    SshConfigError,
    SshConfigImport,
    host_matches,
    merge_into,
    read_ssh_config,
    split_arguments,
)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def by_name(result: SshConfigImport) -> dict[str, SessionProfile]:
    return {session.name: session.profile for session in result.sessions}


def issues_at(result: SshConfigImport, file: Path, line: int) -> list[str]:
    return [issue.text for issue in result.issues if (issue.file, issue.line) == (str(file), line)]


# --- syntax -----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "words"), [
    ("a b\tc", ["a", "b", "c"]),
    ('"two words" x', ["two words", "x"]),
    ("'single quoted' \"\"", ["single quoted", ""]),
    (r"back\ slash\"q", ["back slash\"q"]),
    ("value # a comment", ["value"]),
    ("no#comment here", ["no#comment", "here"]),
    ('"a # in quotes"', ["a # in quotes"]),
])
def test_split_arguments(text: str, words: list[str]) -> None:
    assert split_arguments(text) == words


def test_unbalanced_quote_raises() -> None:
    with pytest.raises(ValueError):
        split_arguments('"open')


@pytest.mark.parametrize(("patterns", "name", "expected"), [
    (["web"], "web", True),
    (["WEB"], "web", True),
    (["*.prod"], "db.prod", True),
    (["*.prod"], "prod", False),
    (["db?"], "db1", True),
    (["db?"], "db12", False),
    (["*", "!db1"], "db1", False),
    (["!db1", "*"], "db2", True),
    (["!db1"], "db2", False),  # a negation alone selects nothing
    (["a.b"], "axb", False),   # dots are literal
])
def test_host_matches(patterns: list[str], name: str, expected: bool) -> None:
    assert host_matches(patterns, name) is expected


def test_equals_quotes_case_and_comments(tmp_path: Path) -> None:
    config = write(tmp_path / "config", (
        "# a comment\n"
        "\n"
        'HOST "quoted alias"\n'
        "  hostname=10.1.2.3\n"
        "  PORT   =  2022\n"
        "  user bob # who logs in\n"
        "  IdentityFile '/keys/with space'\n"
        "\r\n"
        "host=plain\n"
        "\tUsEr\t= carol\n"
    ))
    profiles = by_name(read_ssh_config(config))
    assert list(profiles) == ["quoted alias", "plain"]
    quoted = profiles["quoted alias"]
    assert (quoted.host, quoted.port, quoted.username) == ("10.1.2.3", 2022, "bob")
    assert quoted.key_files == ("/keys/with space",)
    assert (profiles["plain"].host, profiles["plain"].username) == ("plain", "carol")


def test_malformed_lines_are_reported_and_skipped(tmp_path: Path) -> None:
    config = write(tmp_path / "config", 'Host a\n  User "unclosed\n  Port\n  Port abc\n')
    result = read_ssh_config(config)
    assert by_name(result)["a"].username == ""
    assert by_name(result)["a"].port == 22
    assert "unbalanced quotes" in issues_at(result, config, 2)[0]
    assert "no value" in issues_at(result, config, 3)[0]
    assert issues_at(result, config, 4) == ["Port abc: not a valid value; ignored (hosts: a)"]


# --- sessions and options ---------------------------------------------------------------


def test_sessions_carry_origin_folder_and_alias(tmp_path: Path) -> None:
    config = write(tmp_path / "config", "Host web db\n  User u\nHost *\n  Port 2200\n")
    result = read_ssh_config(config)
    assert result.file == str(config.resolve())
    assert [s.name for s in result.sessions] == ["web", "db"]  # never "*"
    for session in result.sessions:
        assert session.folder == (FOLDER,)
        assert session.origin == SessionOrigin(str(config.resolve()), session.name)
        assert (session.profile.username, session.profile.port) == ("u", 2200)


def test_a_slash_in_an_alias_stays_out_of_the_session_name(tmp_path: Path) -> None:
    config = write(tmp_path / "config", "Host team/web\n")
    (session,) = read_ssh_config(config).sessions
    assert (session.name, session.profile.host) == ("team_web", "team/web")
    assert session.origin == SessionOrigin(str(config), "team/web")


def test_wildcard_defaults_and_first_value_wins(tmp_path: Path) -> None:
    config = write(tmp_path / "config", (
        "Host *\n"
        "  Compression yes\n"
        "Host web.prod\n"
        "  User alice\n"
        "Host *.prod\n"
        "  Port 2200\n"
        "  User bob\n"
        "Host db\n"
        "  Compression no\n"
        "Host * !db\n"
        "  ServerAliveInterval 1m30s\n"
        "Host *\n"
        "  User root\n"
        "  Port 22\n"
        "  ServerAliveCountMax 7\n"
    ))
    profiles = by_name(read_ssh_config(config))
    assert list(profiles) == ["web.prod", "db"]
    web, db = profiles["web.prod"], profiles["db"]
    assert (web.username, web.port, web.compress) == ("alice", 2200, True)
    assert (db.username, db.port, db.compress) == ("root", 22, True)  # Host * came first
    assert web.keepalive_interval == 90.0
    assert db.keepalive_interval == SessionProfile(host="x").keepalive_interval
    assert web.keepalive_count_max == db.keepalive_count_max == 7


def test_hostname_tokens_and_settings(tmp_path: Path) -> None:
    config = write(tmp_path / "config", (
        "Host nas.lan\n"
        "  ConnectTimeout 5\n"
        "  IdentitiesOnly yes\n"
        "Host keyless\n"
        "  PubkeyAuthentication no\n"
        "  IdentityFile ~/.ssh/unused\n"
        "Host noagent\n"
        "  IdentityAgent none\n"
        "Host *.lan\n"
        "  HostName %h.example.com\n"
    ))
    profiles = by_name(read_ssh_config(config))
    nas = profiles["nas.lan"]
    assert nas.host == "nas.lan.example.com"
    assert (nas.timeout, nas.look_for_keys, nas.allow_agent) == (5.0, False, True)
    keyless = profiles["keyless"]
    assert (keyless.key_files, keyless.look_for_keys, keyless.allow_agent) == ((), False, False)
    assert (profiles["noagent"].allow_agent, profiles["noagent"].look_for_keys) == (False, True)


def test_identity_files_expand_tokens_and_tilde(tmp_path: Path, isolated_home: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KEYS", "/env/keys")
    config = write(tmp_path / "config", (
        "Host web\n"
        "  HostName web.example.com\n"
        "  User deploy\n"
        "  Port 2222\n"
        "  IdentityFile ~/.ssh/%r@%h\n"
        "  IdentityFile %d/keys/%n-%p-%u-100%%\n"
        "  IdentityFile ${KEYS}/web\n"
        "  IdentityFile ~/.ssh/%r@%h\n"
        "  IdentityFile ~/bad-%z\n"
        "Host *\n"
        "  IdentityFile ~/.ssh/everywhere\n"
    ))
    result = read_ssh_config(config)
    web = by_name(result)["web"]
    assert web.key_files == (
        f"{isolated_home}/.ssh/deploy@web.example.com",
        f"{isolated_home}/keys/web-2222-{getpass.getuser()}-100%",
        "/env/keys/web",
        f"{isolated_home}/.ssh/everywhere",
    )
    assert web.look_for_keys is False  # named keys replace OpenSSH's default ones
    assert "not a valid value" in issues_at(result, config, 9)[0]


def test_unsupported_options_are_listed_per_line_with_their_hosts(tmp_path: Path) -> None:
    config = write(tmp_path / "config", (
        "Host web\n"
        "  LocalForward 8080 localhost:80\n"
        "  PasswordAuthentication no\n"
        "Host db\n"
        "  ProxyCommand nc %h %p\n"
        "  PasswordAuthentication yes\n"
        "Host unused.*\n"
        "  ControlMaster auto\n"
        "Host *\n"
        "  ForwardAgent yes\n"
    ))
    result = read_ssh_config(config)
    assert result.issues == [
        ConfigIssue(str(config), 2, "LocalForward 8080 localhost:80: not supported by sshdesk; "
                                    "ignored (hosts: web)"),
        ConfigIssue(str(config), 3, "PasswordAuthentication no: not supported by sshdesk; "
                                    "ignored (hosts: web)"),
        ConfigIssue(str(config), 5, "ProxyCommand nc %h %p: not supported by sshdesk; ignored "
                                    "(hosts: db)"),
        ConfigIssue(str(config), 10, "ForwardAgent yes: not supported by sshdesk; ignored "
                                     "(hosts: web, db)"),
    ]


def test_match_blocks_are_never_evaluated_and_are_listed(tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    config = write(tmp_path / "config", (
        "Host web\n"
        "  User alice\n"
        f'Match exec "touch {marker}"\n'
        "  User mallory\n"
        "  Include other\n"
        "Host db\n"
        "  Port 2201\n"
        f"Match host db exec 'touch {marker}'\n"
        "  Port 9999\n"
        "Match all\n"
        "  Compression yes\n"
    ))
    write(tmp_path / "other", "Host hidden\n")
    result = read_ssh_config(config)
    assert not marker.exists()
    profiles = by_name(result)
    assert list(profiles) == ["web", "db"]
    assert (profiles["web"].username, profiles["web"].compress) == ("alice", False)
    assert profiles["db"].port == 2201
    assert [(i.line, i.text.split(":")[0]) for i in result.issues] == [
        (3, "Match blocks are not evaluated; the options under this one were not imported"),
        (8, "Match blocks are not evaluated; the options under this one were not imported"),
        (10, "Match blocks are not evaluated; the options under this one were not imported"),
    ]
    assert str(marker) in result.issues[0].text


# --- Include ----------------------------------------------------------------------------


def test_include_globs_and_relative_paths(tmp_path: Path) -> None:
    folder = tmp_path / "chosen"
    write(folder / "config", (
        "Include conf.d/*.conf missing-file\n"
        "Host main\n"
        "  Include extra\n"
        "  User first\n"
        "Host *\n"
        "  Include nothing-matches-*\n"
    ))
    write(folder / "conf.d" / "b.conf", "Host b\n  Port 2202\n")
    write(folder / "conf.d" / "a.conf", "Host a\n  Port 2201\n")
    write(folder / "conf.d" / "skip.txt", "Host skipped\n")
    # Lines before the included file's own Host line belong to the including block.
    write(folder / "extra", "User from-extra\nPort 2203\nHost other\n  User o\n")
    result = read_ssh_config(folder / "config")
    profiles = by_name(result)
    assert list(profiles) == ["a", "b", "main"]  # "other" needs main and other at once
    assert (profiles["a"].port, profiles["b"].port) == (2201, 2202)
    assert (profiles["main"].username, profiles["main"].port) == ("from-extra", 2203)
    assert result.issues == []


def test_default_file_includes_relative_to_dot_ssh(isolated_home: Path) -> None:
    write(isolated_home / ".ssh" / "config", "Include config.d/*\n")
    write(isolated_home / ".ssh" / "config.d" / "work", "Host work\n  User w\n")
    result = read_ssh_config()
    assert [s.name for s in result.sessions] == ["work"]
    assert result.sessions[0].origin == SessionOrigin(
        str((isolated_home / ".ssh" / "config").resolve()), "work")


def test_include_with_tilde_and_unreadable_and_looping_includes(
    tmp_path: Path, isolated_home: Path
) -> None:
    write(isolated_home / "shared.conf", "Host shared\n")
    (tmp_path / "a-folder").mkdir()
    config = write(tmp_path / "config", (
        "Include ~/shared.conf\n"
        "Include a-folder\n"
        "Include config\n"
        "Host own\n"
    ))
    result = read_ssh_config(config)
    assert [s.name for s in result.sessions] == ["shared", "own"]
    assert [i.line for i in result.issues] == [2, 3]
    assert "could not be read" in result.issues[0].text
    assert "includes itself" in result.issues[1].text


def test_include_depth_is_limited(tmp_path: Path) -> None:
    for level in range(20):
        write(tmp_path / f"level{level}", f"Include level{level + 1}\nHost host{level}\n")
    result = read_ssh_config(tmp_path / "level0")
    assert [s.name for s in result.sessions] == [f"host{n}" for n in reversed(range(17))]
    assert len(result.issues) == 1
    assert "more than 16 levels" in result.issues[0].text
    assert result.issues[0].file == str(tmp_path / "level16")


# --- ProxyJump --------------------------------------------------------------------------


def test_proxy_jump_alias_and_literal_hops(tmp_path: Path) -> None:
    config = write(tmp_path / "config", (
        "Host bastion\n"
        "  HostName bastion.example.com\n"
        "  User jumper\n"
        "  Port 2201\n"
        "  IdentityFile /keys/bastion\n"
        "Host inner\n"
        "  ProxyJump bastion,ops@10.0.0.5:2222\n"
        "Host deep\n"
        "  ProxyJump admin@inner\n"
        "Host direct.internal\n"
        "  ProxyJump none\n"
        "Host app.internal\n"
        "Host *.internal\n"
        "  ProxyJump bastion\n"
        "Host *\n"
        "  User everyone\n"
    ))
    profiles = by_name(read_ssh_config(config))
    bastion, literal = profiles["inner"].jump_hosts
    assert (bastion.host, bastion.port, bastion.username) == ("bastion.example.com", 2201,
                                                              "jumper")
    assert bastion.key_files == ("/keys/bastion",)
    assert (literal.host, literal.port, literal.username) == ("10.0.0.5", 2222, "ops")
    assert literal.jump_hosts == ()
    # The hop's own ProxyJump comes first, in one flat list.
    assert [(hop.host, hop.username) for hop in profiles["deep"].jump_hosts] == [
        ("bastion.example.com", "jumper"), ("10.0.0.5", "ops"), ("inner", "admin")]
    assert profiles["direct.internal"].jump_hosts == ()
    assert profiles["app.internal"].jump_hosts == (bastion,)
    assert profiles["bastion"].jump_hosts == ()
    assert profiles["inner"].username == "everyone"


def test_looping_or_malformed_proxy_jump_is_not_imported(tmp_path: Path) -> None:
    config = write(tmp_path / "config", (
        "Host a\n  ProxyJump b\n"
        "Host b\n  ProxyJump a\n"
        "Host bad\n  ProxyJump host:99999\n"
        "Host fine\n"
    ))
    result = read_ssh_config(config)
    assert [s.name for s in result.sessions] == ["fine"]
    texts = {issue.line: issue.text for issue in result.issues}
    assert texts[1] == "a: not imported: ProxyJump a: the jump hosts lead back to a"
    assert texts[3].startswith("b: not imported")
    assert texts[5].startswith("bad: not imported: ProxyJump host:99999: port 99999")


# --- errors -----------------------------------------------------------------------------


def test_missing_or_unreadable_main_file_raises(tmp_path: Path) -> None:
    with pytest.raises(SshConfigError) as missing:
        read_ssh_config(tmp_path / "nope")
    assert missing.value.host == str(tmp_path / "nope")
    assert "No such file" in missing.value.message
    assert missing.value.hint
    with pytest.raises(SshConfigError):
        read_ssh_config(tmp_path)  # a folder
    with pytest.raises(SshConfigError):
        read_ssh_config()  # no ~/.ssh/config in the test's home


# --- merging into the store -------------------------------------------------------------


def store_at(tmp_path: Path) -> SessionStore:
    store = SessionStore(tmp_path / "sessions.json")
    store.load()
    return store


def test_merge_imports_then_updates_without_duplicates(tmp_path: Path) -> None:
    config = write(tmp_path / "config", "Host web\n  Port 2200\nHost db\n")
    store = store_at(tmp_path)
    mine = store.add(SavedSession(name="web", profile=SessionProfile(host="my-own-web")))

    first = merge_into(store, read_ssh_config(config))
    assert (first.imported, first.updated, first.unchanged, first.skipped) == (
        ["ssh_config/web", "ssh_config/db"], [], [], [])
    imported = {s.name: s for s in store.sessions() if s.origin is not None}
    assert imported["web"].profile.port == 2200
    assert imported["web"].id and imported["web"].id != mine.id

    write(config, "Host web\n  Port 2201\nHost db\n")
    second = merge_into(store, read_ssh_config(config))
    assert (second.imported, second.updated, second.unchanged) == (
        [], ["ssh_config/web"], ["ssh_config/db"])
    assert len(store.sessions()) == 3
    web = store.get(imported["web"].id)
    assert web is not None and web.profile.port == 2201
    assert store.get(mine.id) == mine


def test_merge_keeps_what_the_user_chose(tmp_path: Path) -> None:
    config = write(tmp_path / "config", "Host web\n  User a\n")
    store = store_at(tmp_path)
    merge_into(store, read_ssh_config(config))
    (session,) = store.sessions()
    store.add_folder(("Work",))
    edited = replace(
        session, name="Web server", folder=("Work",), tags=("prod",), note="careful",
        color="#ff0000", save_password=True, startup_command="htop",
        profile=replace(session.profile, encoding="gb18030", terminal_type="vt100"))
    store.update(edited)

    write(config, "Host web\n  User b\n  Port 2022\n")
    report = merge_into(store, read_ssh_config(config))
    assert report.updated == ["Work/Web server"]
    (after,) = store.sessions()
    assert after == replace(edited, profile=replace(edited.profile, username="b", port=2022))


def test_merge_never_touches_other_sessions_and_keeps_removed_hosts(tmp_path: Path) -> None:
    config = write(tmp_path / "config", "Host web\nHost gone\n")
    other_file = write(tmp_path / "other", "Host web\n")
    store = store_at(tmp_path)
    merge_into(store, read_ssh_config(config))
    merge_into(store, read_ssh_config(other_file))
    before = {s.id: s for s in store.sessions()}
    assert sorted(s.path for s in before.values()) == [
        "ssh_config/gone", "ssh_config/web", "ssh_config/web (2)"]

    write(config, "Host web\n  Port 2200\n")
    report = merge_into(store, read_ssh_config(config))
    assert (report.updated, report.skipped) == (["ssh_config/web"], ["ssh_config/gone"])
    after = {s.id: s for s in store.sessions()}
    assert after.keys() == before.keys()
    changed = [i for i in after if after[i] != before[i]]
    assert len(changed) == 1
    assert after[changed[0]].origin == SessionOrigin(str(config.resolve()), "web")


def test_merge_does_not_save(tmp_path: Path) -> None:
    config = write(tmp_path / "config", "Host web\n")
    store = store_at(tmp_path)
    merge_into(store, read_ssh_config(config))
    assert store_at(tmp_path).sessions() == []


def test_a_relative_path_is_reported_in_full(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "config", "Host web\n  ForwardX11 yes\n")
    monkeypatch.chdir(tmp_path)
    result = read_ssh_config(Path("config"))
    assert result.file == str(tmp_path / "config")
    assert [issue.file for issue in result.issues] == [str(tmp_path / "config")]
