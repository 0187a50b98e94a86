import base64
import hashlib
import hmac
import os
from pathlib import Path

import pytest

from sshdesk.core.hostkeys import KnownHosts, Verdict, fingerprint_sha256, parse_known_hosts

KEY_A = b"\x00\x00\x00\x0bssh-ed25519" + b"A" * 36
KEY_B = b"\x00\x00\x00\x0bssh-ed25519" + b"B" * 36
A64 = base64.b64encode(KEY_A).decode()
B64 = base64.b64encode(KEY_B).decode()


def hashed(name: str) -> str:
    salt = os.urandom(20)
    digest = hmac.new(salt, name.encode(), hashlib.sha1).digest()
    return f"|1|{base64.b64encode(salt).decode()}|{base64.b64encode(digest).decode()}"


def known(tmp_path: Path, own: str = "", openssh: str = "") -> KnownHosts:
    (tmp_path / "own").write_text(own)
    (tmp_path / "openssh").write_text(openssh)
    return KnownHosts(tmp_path / "own", [tmp_path / "openssh"])


def test_fingerprint_matches_openssh_format() -> None:
    expected = base64.b64encode(hashlib.sha256(KEY_A).digest()).decode().rstrip("=")
    assert fingerprint_sha256(KEY_A) == "SHA256:" + expected
    assert not fingerprint_sha256(KEY_A).endswith("=")


@pytest.mark.parametrize(
    ("line", "host", "port"),
    [
        (f"example.org ssh-ed25519 {A64}", "example.org", 22),
        (f"EXAMPLE.org ssh-ed25519 {A64}", "example.org", 22),
        (f"[example.org]:2222 ssh-ed25519 {A64}", "example.org", 2222),
        (f"other,example.org ssh-ed25519 {A64} comment", "example.org", 22),
        (f"*.example.org ssh-ed25519 {A64}", "db.example.org", 22),
        (f"db?.example.org ssh-ed25519 {A64}", "db1.example.org", 22),
        (f"{hashed('example.org')} ssh-ed25519 {A64}", "example.org", 22),
        (f"{hashed('[10.0.0.1]:2222')} ssh-ed25519 {A64}", "10.0.0.1", 2222),
    ],
)
def test_matching_entry_is_known(tmp_path: Path, line: str, host: str, port: int) -> None:
    assert known(tmp_path, openssh=line).check(host, port, "ssh-ed25519", KEY_A).verdict \
        is Verdict.KNOWN


@pytest.mark.parametrize(
    ("line", "host", "port"),
    [
        (f"example.org ssh-ed25519 {A64}", "example.org", 2222),  # port 22 entry only
        (f"*.example.org,!db.example.org ssh-ed25519 {A64}", "db.example.org", 22),
        (f"{hashed('example.org')} ssh-ed25519 {A64}", "example.org", 2222),
        (f"[example.org]:2222 ssh-ed25519 {A64}", "example.org", 22),
        (f"exampleXorg ssh-ed25519 {A64}", "example.org", 22),  # dots are not wildcards
    ],
)
def test_non_matching_entry_is_unknown(tmp_path: Path, line: str, host: str, port: int) -> None:
    assert known(tmp_path, openssh=line).check(host, port, "ssh-ed25519", KEY_A).verdict \
        is Verdict.UNKNOWN


def test_other_key_of_same_type_is_changed_and_names_the_old_one(tmp_path: Path) -> None:
    hosts = known(tmp_path, openssh=f"example.org ssh-ed25519 {A64}")
    result = hosts.check("example.org", 22, "ssh-ed25519", KEY_B)
    assert result.verdict is Verdict.CHANGED
    assert result.entry is not None
    assert result.entry.fingerprint == fingerprint_sha256(KEY_A)
    assert result.entry.source == tmp_path / "openssh"


def test_key_of_another_type_is_unknown_not_changed(tmp_path: Path) -> None:
    hosts = known(tmp_path, openssh=f"example.org ecdsa-sha2-nistp256 {A64}")
    assert hosts.check("example.org", 22, "ssh-ed25519", KEY_B).verdict is Verdict.UNKNOWN
    assert hosts.known_key_types("example.org", 22) == ["ecdsa-sha2-nistp256"]


def test_revoked_key_is_refused_even_when_also_listed(tmp_path: Path) -> None:
    text = f"@revoked * ssh-ed25519 {A64}\nexample.org ssh-ed25519 {A64}\n"
    assert known(tmp_path, openssh=text).check("example.org", 22, "ssh-ed25519", KEY_A).verdict \
        is Verdict.REVOKED


def test_cert_authority_and_broken_lines_do_not_hide_the_rest(tmp_path: Path) -> None:
    text = (
        "# comment\n\n"
        f"@cert-authority *.example.org ssh-ed25519 {B64}\n"
        "garbage\n"
        "example.org ssh-ed25519 !!!notbase64!!!\n"
        f"example.org ssh-ed25519 {A64}\n"
    )
    hosts = known(tmp_path, openssh=text)
    assert [e.line_number for e in parse_known_hosts(tmp_path / "openssh")] == [6]
    assert hosts.check("example.org", 22, "ssh-ed25519", KEY_A).verdict is Verdict.KNOWN


def test_missing_files_mean_nothing_known(tmp_path: Path) -> None:
    hosts = KnownHosts(tmp_path / "no" / "own", [tmp_path / "none"])
    assert hosts.entries() == []
    assert hosts.check("h", 22, "ssh-ed25519", KEY_A).verdict is Verdict.UNKNOWN


def test_remember_appends_to_own_file_only(tmp_path: Path) -> None:
    hosts = known(tmp_path, own="old.example ssh-ed25519 " + B64, openssh="")
    hosts.remember("example.org", 2200, "ssh-ed25519", KEY_A)
    assert (tmp_path / "openssh").read_text() == ""
    lines = (tmp_path / "own").read_text().splitlines()
    assert lines == [f"old.example ssh-ed25519 {B64}", f"[example.org]:2200 ssh-ed25519 {A64}"]
    assert hosts.check("example.org", 2200, "ssh-ed25519", KEY_A).verdict is Verdict.KNOWN


def test_remember_creates_the_folder(tmp_path: Path) -> None:
    hosts = KnownHosts(tmp_path / "new" / "known_hosts")
    hosts.remember("h", 22, "ssh-ed25519", KEY_A)
    assert hosts.check("h", 22, "ssh-ed25519", KEY_A).verdict is Verdict.KNOWN


# -- removing entries ------------------------------------------------------------------


def _own_entry(hosts: KnownHosts, patterns: tuple[str, ...], key: bytes = KEY_A):
    return next(e for e in hosts.entries()
                if e.source == hosts.own_file and e.patterns == patterns and e.key_blob == key)


def test_remove_takes_out_that_line_and_keeps_every_other_byte(tmp_path: Path) -> None:
    hashed_line = f"{hashed('h.example')} ssh-ed25519 {A64}"
    lines = [
        b"# kept comment \xff not utf-8\r\n",
        f"@cert-authority *.example ssh-ed25519 {B64}\n".encode(),
        f"@revoked bad.example ssh-ed25519 {B64}\n".encode(),
        f"{hashed_line}\n".encode(),
        f"web1.example,10.0.0.1 ssh-ed25519 {A64}  trailing comment\r\n".encode(),
        b"\n",
        f"[web2.example]:2222 ssh-ed25519 {A64}\n".encode(),
        b"garbage line\x0cwith a form feed\n",
        f"web3.example ssh-ed25519 {B64}".encode(),  # no final newline
    ]
    own = tmp_path / "own"
    own.write_bytes(b"".join(lines))
    hosts = KnownHosts(own)
    hosts.remove(_own_entry(hosts, ("web1.example", "10.0.0.1")))
    expected = lines[:4] + lines[5:]
    assert own.read_bytes() == b"".join(expected)
    hosts.remove(_own_entry(hosts, ("[web2.example]:2222",)))
    expected.remove(lines[6])
    assert own.read_bytes() == b"".join(expected)
    hosts.remove(_own_entry(hosts, (hashed_line.split()[0],)))
    expected.remove(lines[3])
    assert own.read_bytes() == b"".join(expected)


def test_removing_the_last_line_without_newline_keeps_the_previous_newline(
    tmp_path: Path,
) -> None:
    hosts = known(tmp_path, own=f"a.example ssh-ed25519 {A64}\nb.example ssh-ed25519 {B64}")
    hosts.remove(_own_entry(hosts, ("b.example",), KEY_B))
    assert (tmp_path / "own").read_bytes() == f"a.example ssh-ed25519 {A64}\n".encode()
    hosts.remove(_own_entry(hosts, ("a.example",)))
    assert (tmp_path / "own").read_bytes() == b""


def test_remove_finds_the_entry_when_lines_above_it_changed(tmp_path: Path) -> None:
    hosts = known(tmp_path, own=f"a.example ssh-ed25519 {A64}\nb.example ssh-ed25519 {B64}\n")
    entry = _own_entry(hosts, ("b.example",), KEY_B)
    (tmp_path / "own").write_text(f"# added meanwhile\nb.example ssh-ed25519 {B64}\n"
                                  f"a.example ssh-ed25519 {A64}\n")
    hosts.remove(entry)
    assert (tmp_path / "own").read_text() == (f"# added meanwhile\n"
                                              f"a.example ssh-ed25519 {A64}\n")


def test_removing_an_entry_already_gone_changes_nothing(tmp_path: Path) -> None:
    hosts = known(tmp_path, own=f"a.example ssh-ed25519 {A64}\n")
    entry = _own_entry(hosts, ("a.example",))
    (tmp_path / "own").write_text("# rewritten\n")
    before = (tmp_path / "own").stat().st_mtime_ns
    hosts.remove(entry)
    assert (tmp_path / "own").read_text() == "# rewritten\n"
    assert (tmp_path / "own").stat().st_mtime_ns == before


def test_remove_refuses_read_only_entries(tmp_path: Path) -> None:
    hosts = known(tmp_path, own="", openssh=f"a.example ssh-ed25519 {A64}\n")
    (entry,) = hosts.entries()
    with pytest.raises(ValueError, match="not sshdesk's own"):
        hosts.remove(entry)
    assert (tmp_path / "openssh").read_text() == f"a.example ssh-ed25519 {A64}\n"


def test_remove_keeps_the_mode_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    hosts = known(tmp_path, own=f"a.example ssh-ed25519 {A64}\nb.example ssh-ed25519 {B64}\n")
    (tmp_path / "own").chmod(0o640)
    hosts.remove(_own_entry(hosts, ("a.example",)))
    assert (tmp_path / "own").stat().st_mode & 0o777 == 0o640
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_remove_writes_through_a_symbolic_link(tmp_path: Path) -> None:
    real = tmp_path / "real_known_hosts"
    real.write_text(f"a.example ssh-ed25519 {A64}\nb.example ssh-ed25519 {B64}\n")
    (tmp_path / "link").symlink_to(real)
    hosts = KnownHosts(tmp_path / "link")
    hosts.remove(_own_entry(hosts, ("a.example",)))
    assert (tmp_path / "link").is_symlink()
    assert real.read_text() == f"b.example ssh-ed25519 {B64}\n"


def test_a_failed_write_leaves_the_file_as_it_was(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    text = f"a.example ssh-ed25519 {A64}\n"
    hosts = known(tmp_path, own=text)
    entry = _own_entry(hosts, ("a.example",))

    def full_disk(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space"):
        hosts.remove(entry)
    assert (tmp_path / "own").read_text() == text
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_line_numbers_count_newlines_only(tmp_path: Path) -> None:
    (tmp_path / "f").write_bytes(f"# a\x0cb\x1cc\na.example ssh-ed25519 {A64}\n".encode())
    assert [e.line_number for e in parse_known_hosts(tmp_path / "f")] == [2]
