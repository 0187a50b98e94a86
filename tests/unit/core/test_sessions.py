import json
import logging
import multiprocessing
import os
import pickle
import sys
from dataclasses import replace
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

import pytest

from sshdesk.core import paths
from sshdesk.core.profile import SessionProfile
from sshdesk.core.session_format import FORMAT, VERSION
from sshdesk.core.sessions import (
    AmbiguousSessionError,
    SavedSession,
    SessionNotFoundError,
    SessionStore,
    SessionStoreError,
    StoreImportReport,
)


def session(name: str, folder: tuple[str, ...] = (), **fields: object) -> SavedSession:
    return SavedSession(name=name, profile=SessionProfile(host=f"{name}.example"),
                        folder=folder, **fields)  # type: ignore[arg-type]


def saved(path: Path, *sessions: SavedSession) -> SessionStore:
    store = SessionStore(path)
    for item in sessions:
        store.add(item)
    store.save()
    return store


def reloaded(path: Path) -> SessionStore:
    store = SessionStore(path)
    store.load()
    return store


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "config" / "sessions.json"


# --- basics ----------------------------------------------------------------------------


def test_the_default_file_is_in_the_config_folder() -> None:
    assert SessionStore().path == paths.config_dir() / "sessions.json"


def test_a_missing_file_is_an_empty_store_and_loading_creates_nothing(path: Path) -> None:
    store = reloaded(path)
    assert store.sessions() == [] and store.folders() == []
    assert store.recovered_from is None and store.read_only_reason is None
    assert not path.parent.exists()


def test_added_sessions_get_ids_and_come_back_after_saving(path: Path) -> None:
    store = SessionStore(path)
    first = store.add(session("web", ("Prod",), tags=("t",), note="n"))
    second = store.add(session("db"))
    assert len(first.id) == 32 and first.id != second.id
    store.save()
    again = reloaded(path)
    assert again.sessions() == [first, second]
    assert again.get(first.id) == first and again.get("nope") is None


def test_an_id_is_kept_when_given_and_refused_when_taken(path: Path) -> None:
    store = SessionStore(path)
    assert store.add(session("a", id="given")).id == "given"
    with pytest.raises(ValueError):
        store.add(session("b", id="given"))
    with pytest.raises(ValueError):
        store.add(session(""))


def test_update_move_touch_remove(path: Path) -> None:
    store = SessionStore(path)
    web = store.add(session("web"))
    store.update(replace(web, note="changed"))
    store.move(web.id, ("A", "B"))
    store.touch(web.id, 1234.5)
    store.save()
    stored = reloaded(path).find("A/B/web")
    assert (stored.note, stored.folder, stored.last_used) == ("changed", ("A", "B"), 1234.5)
    store.touch(web.id)
    assert (store.get(web.id) or web).last_used not in (None, 1234.5)
    store.remove(web.id)
    store.save()
    assert reloaded(path).sessions() == []


def test_changing_an_unknown_session_says_so(path: Path) -> None:
    store = SessionStore(path)
    with pytest.raises(SessionNotFoundError):
        store.update(session("x", id="missing"))
    with pytest.raises(SessionNotFoundError):
        store.remove("missing")
    with pytest.raises(SessionNotFoundError):
        store.touch("missing")
    with pytest.raises(SessionNotFoundError):
        store.move("missing", ())


# --- folders ---------------------------------------------------------------------------


def test_folders_are_explicit_ones_and_every_parent_of_a_session_folder(path: Path) -> None:
    store = SessionStore(path)
    store.add_folder(("Empty",))
    store.add(session("db1", ("Prod", "DB")))
    assert store.folders() == [("Empty",), ("Prod",), ("Prod", "DB")]
    store.save()
    assert reloaded(path).folders() == [("Empty",), ("Prod",), ("Prod", "DB")]
    for bad in ((), ("",), ("a/b",)):
        with pytest.raises(ValueError):
            store.add_folder(bad)


def test_renaming_a_folder_moves_everything_under_it(path: Path) -> None:
    store = SessionStore(path)
    store.add_folder(("Prod", "Empty"))
    db = store.add(session("db1", ("Prod", "DB")))
    top = store.add(session("web", ("Prod",)))
    other = store.add(session("x", ("Production",)))
    store.rename_folder(("Prod",), "Live")
    store.save()
    again = reloaded(path)
    assert again.folders() == [("Live",), ("Live", "DB"), ("Live", "Empty"), ("Production",)]
    assert [again.get(i).folder for i in (db.id, top.id, other.id)] == [  # type: ignore[union-attr]
        ("Live", "DB"), ("Live",), ("Production",)]
    with pytest.raises(ValueError):
        again.rename_folder(("Nowhere",), "X")
    with pytest.raises(ValueError):
        again.rename_folder(("Live",), "a/b")


def test_removing_a_folder_returns_the_sessions_it_removed(path: Path) -> None:
    store = SessionStore(path)
    store.add_folder(("Prod", "Empty", "Deeper"))
    inside = [store.add(session("db1", ("Prod", "DB"))), store.add(session("web", ("Prod",)))]
    outside = store.add(session("keep", ("Other",)))
    removed = store.remove_folder(("Prod",))
    assert sorted(s.id for s in removed) == sorted(s.id for s in inside)
    store.save()
    again = reloaded(path)
    assert again.sessions() == [outside]
    assert again.folders() == [("Other",)]


# --- find ------------------------------------------------------------------------------


def test_find_by_path_then_unique_name_then_id(path: Path) -> None:
    store = SessionStore(path)
    db1 = store.add(session("db1", ("Prod", "DB")))
    web_prod = store.add(session("web", ("Prod",)))
    web_test = store.add(session("web", ("Test",)))
    root_web = store.add(session("Prod"))  # a name that is also a folder name
    assert store.find("Prod/DB/db1") == db1
    assert store.find("db1") == db1
    assert store.find("Prod/web") == web_prod and store.find("Test/web") == web_test
    assert store.find("Prod") == root_web
    assert store.find(db1.id) == db1
    with pytest.raises(SessionNotFoundError):
        store.find("DB1")  # case-sensitive
    with pytest.raises(AmbiguousSessionError) as ambiguous:
        store.find("web")
    assert ambiguous.value.candidates == ("Prod/web", "Test/web")
    assert "Prod/web" in ambiguous.value.message and "sessions list" in ambiguous.value.hint


def test_two_sessions_with_one_path_are_told_apart_by_id(path: Path) -> None:
    store = SessionStore(path)
    one, two = store.add(session("web")), store.add(session("web"))
    with pytest.raises(AmbiguousSessionError) as ambiguous:
        store.find("web")
    assert one.id in ambiguous.value.message and two.id in ambiguous.value.message
    assert store.find(two.id) == two


def test_not_found_suggests_close_paths_and_the_list_command(path: Path) -> None:
    store = SessionStore(path)
    store.add(session("web1", ("Prod",)))
    with pytest.raises(SessionNotFoundError) as missing:
        store.find("Prod/web2")
    assert "Prod/web1" in missing.value.hint and "sshdesk sessions list" in missing.value.hint
    assert "Prod/web2" in missing.value.message


def test_errors_survive_pickling(path: Path) -> None:
    for error in (SessionNotFoundError("x", ("a",)), AmbiguousSessionError("w", ("a", "b")),
                  SessionStoreError(str(path), "save sessions", "disk full", "free space")):
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error) and copy.describe() == error.describe()


# --- atomic writes ---------------------------------------------------------------------


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_a_failed_save_leaves_the_old_file_and_no_temporary_file(
        path: Path, monkeypatch: pytest.MonkeyPatch, failing: str) -> None:
    store = saved(path, session("old"))
    before = path.read_bytes()
    store.add(session("new"))

    def broken(*args: object) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(os, failing, broken)
        with pytest.raises(SessionStoreError) as failure:
            store.save()
    assert str(path) in failure.value.message and failure.value.hint
    assert path.read_bytes() == before
    assert leftovers(path.parent) == []
    store.save()  # the change was kept and goes through once the disk works again
    assert [s.name for s in reloaded(path).sessions()] == ["old", "new"]


def test_the_file_is_private(path: Path) -> None:
    saved(path, session("a"))
    if sys.platform != "win32":
        assert path.stat().st_mode & 0o777 == 0o600


def test_saving_without_changes_writes_nothing(path: Path) -> None:
    store = reloaded(path)
    store.save()
    assert not path.exists()


# --- versions --------------------------------------------------------------------------


def test_a_version_0_file_loads_and_keeps_its_ids_once_saved(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps([{"name": "one", "profile": {"host": "h1", "port": 2200},
                                 "folder": ["Old"]},
                                {"name": "two", "profile": {"host": "h2"}}]))
    store = reloaded(path)
    assert [s.path for s in store.sessions()] == ["Old/one", "two"]
    assert store.find("one").profile.port == 2200
    ids = [s.id for s in store.sessions()]
    assert ids == [s.id for s in reloaded(path).sessions()]  # the same in every process
    store.touch(ids[0], 5.0)
    store.save()
    data = json.loads(path.read_text())
    assert (data["format"], data["version"]) == (FORMAT, VERSION)
    assert [s["id"] for s in data["sessions"]] == ids


def newer_file(path: Path) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = json.dumps({"format": FORMAT, "version": VERSION + 1, "folders": [["F"]],
                      "sessions": [{"id": "n1", "name": "kept", "profile": {"host": "h"},
                                    "from_the_future": 1}]}).encode()
    path.write_bytes(raw)
    return raw


def test_a_newer_file_is_read_but_never_overwritten(path: Path) -> None:
    raw = newer_file(path)
    store = reloaded(path)
    assert [s.name for s in store.sessions()] == ["kept"] and store.folders() == [("F",)]
    assert store.read_only_reason and str(VERSION + 1) in store.read_only_reason
    store.add(session("new"))
    with pytest.raises(SessionStoreError) as refused:
        store.save()
    assert "newer" in refused.value.message
    assert path.read_bytes() == raw


def test_a_newer_file_written_meanwhile_is_not_overwritten(path: Path) -> None:
    store = SessionStore(path)
    store.load()
    store.add(session("new"))
    raw = newer_file(path)
    with pytest.raises(SessionStoreError):
        store.save()
    assert path.read_bytes() == raw and store.read_only_reason


# --- unreadable files ------------------------------------------------------------------


@pytest.mark.parametrize("raw", [b"{ not json", b"\xff\xfe\xfa broken bytes",
                                 b'{"format": "something-else"}', b"[1, 2"])
def test_a_corrupt_file_is_moved_aside_and_the_store_starts_empty(
        path: Path, raw: bytes, caplog: pytest.LogCaptureFixture) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(raw)
    with caplog.at_level(logging.WARNING, logger="sshdesk.core.sessions"):
        store = reloaded(path)
    assert store.sessions() == []
    aside = store.recovered_from
    assert aside is not None and aside.read_bytes() == raw
    assert aside.parent == path.parent
    assert aside.name.startswith("sessions.json.corrupt-") and len(aside.name) == 37
    assert not path.exists()
    assert str(aside) in caplog.text
    store.add(session("fresh"))
    store.save()
    assert [s.name for s in reloaded(path).sessions()] == ["fresh"]
    assert aside.read_bytes() == raw


def test_a_second_corrupt_file_in_the_same_second_gets_a_counter(
        path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("time.strftime", lambda *args: "20240102-030405")
    path.parent.mkdir(parents=True)
    names = []
    for content in (b"first{", b"second{", b"third{"):
        path.write_bytes(content)
        names.append(reloaded(path).recovered_from)
    assert [n.name for n in names if n] == ["sessions.json.corrupt-20240102-030405",
                                            "sessions.json.corrupt-20240102-030405-2",
                                            "sessions.json.corrupt-20240102-030405-3"]
    assert [n.read_bytes() for n in names if n] == [b"first{", b"second{", b"third{"]


def test_a_bad_record_loses_nothing_else_and_survives_in_a_copy(path: Path) -> None:
    path.parent.mkdir(parents=True)
    good = {"id": "g", "name": "good", "profile": {"host": "h"}}
    bad = {"id": "b", "name": "bad", "profile": {"host": "h", "port": "twenty-two"}}
    raw = json.dumps({"format": FORMAT, "version": VERSION, "sessions": [good, bad]}).encode()
    path.write_bytes(raw)
    store = reloaded(path)
    assert [s.name for s in store.sessions()] == ["good"]
    assert store.recovered_from is not None and store.recovered_from.read_bytes() == raw
    store.add(session("more"))
    store.save()
    asides = sorted(path.parent.glob("sessions.json.corrupt-*"))
    assert asides == [store.recovered_from]  # not copied a second time when saving
    assert "twenty-two" in asides[0].read_text()
    assert [s.name for s in reloaded(path).sessions()] == ["good", "more"]


def test_a_file_that_turns_corrupt_before_a_save_is_set_aside_not_lost(path: Path) -> None:
    store = saved(path, session("mine"))
    path.write_bytes(b"{ edited by hand and broken")
    store.add(session("also mine"))
    store.save()
    assert store.recovered_from is not None
    assert store.recovered_from.read_bytes() == b"{ edited by hand and broken"
    assert [s.name for s in reloaded(path).sessions()] == ["mine", "also mine"]


def test_an_unreadable_file_is_an_error_not_an_empty_store(
        path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    saved(path, session("a"))
    before = path.read_bytes()

    def refused(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    # The store opens the file itself (to know which version of it it read); as root
    # a chmod would not refuse, so its open() is made to.
    monkeypatch.setattr("sshdesk.core.sessions.open", refused, raising=False)
    with pytest.raises(SessionStoreError) as failure:
        reloaded(path)
    assert str(path) in failure.value.message and "Permission denied" in failure.value.message
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert list(path.parent.glob("*.corrupt-*")) == []


# --- secrets ---------------------------------------------------------------------------


def test_no_secret_is_ever_written(path: Path, tmp_path: Path) -> None:
    secrets = ["pw-main-1", "pp-main-2", "pw-jump-3", "pp-jump-4", "pw-upd-5", "pw-imp-6"]
    jump = SessionProfile("jump", password=secrets[2], passphrase=secrets[3])
    profile = SessionProfile("h", password=secrets[0], passphrase=secrets[1], jump_hosts=(jump,))
    store = SessionStore(path)
    added = store.add(SavedSession("s", profile, save_password=True))
    assert added.profile.password is None and added.profile.jump_hosts[0].passphrase is None
    other = store.add(SavedSession("t", SessionProfile("h2")))
    store.update(replace(other, profile=SessionProfile("h2", password=secrets[4])))
    assert (store.get(other.id) or other).profile.password is None
    store.save()
    export = path.parent / "export.json"
    assert store.export(export) == 2
    # Even a hand-made import file that carries secrets does not bring them in.
    hand_made = json.loads(export.read_text())
    hand_made["sessions"][0]["profile"]["password"] = secrets[5]
    (tmp_path / "import.json").write_text(json.dumps(hand_made))
    store.import_file(tmp_path / "import.json")
    store.save()
    assert store.get(added.id).profile.password is None  # type: ignore[union-attr]
    for file in path.parent.iterdir():
        text = file.read_bytes()
        for secret in secrets:
            assert secret.encode() not in text, f"{secret} in {file.name}"


# --- export and import -----------------------------------------------------------------


def test_export_and_import_keep_ids_and_folders(path: Path, tmp_path: Path) -> None:
    source = SessionStore(path)
    source.add_folder(("Empty",))
    web = source.add(session("web", ("Prod",), color="#ff0000"))
    db = source.add(session("db"))
    everything, only_db = tmp_path / "all.json", tmp_path / "db.json"
    assert source.export(everything) == 2
    assert source.export(only_db, [db.id, db.id]) == 1
    with pytest.raises(SessionNotFoundError):
        source.export(tmp_path / "x.json", ["missing"])

    target = SessionStore(tmp_path / "other" / "sessions.json")
    target.add(replace(db, note="older"))
    report = target.import_file(everything)
    assert report == StoreImportReport(added=["web"], updated=["db"])
    assert target.get(web.id) == web and target.get(db.id) == db
    assert ("Empty",) in target.folders()
    assert target.import_file(everything) == StoreImportReport(added=[], updated=[])
    target.save()
    assert reloaded(target.path).get(web.id) == web
    assert [s["name"] for s in json.loads(only_db.read_text())["sessions"]] == ["db"]


def test_importing_something_else_is_a_clear_error(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "sessions.json")
    (tmp_path / "photo.json").write_bytes(b"\x89PNG")
    for file in (tmp_path / "photo.json", tmp_path / "absent.json"):
        with pytest.raises(SessionStoreError) as failure:
            store.import_file(file)
        assert str(file) in failure.value.message and failure.value.hint


# --- two writers -----------------------------------------------------------------------


def test_two_stores_merge_their_changes(path: Path) -> None:
    saved(path, session("x"), session("y"), session("z", ("F",)), session("gone"))
    first, second = reloaded(path), reloaded(path)
    x, y, gone = first.find("x"), first.find("y"), first.find("gone")
    first.update(replace(x, note="note from first"))
    first.remove(gone.id)
    first.remove_folder(("F",))
    first.add_folder(("New",))
    second.update(replace(x, tags=("from second",)))  # same session, another field
    second.update(replace(y, name="y renamed"))
    second.move(gone.id, ("Elsewhere",))  # removed by the first: stays removed
    late = second.add(session("late", ("F",)))  # into the folder the first removes
    first.save()
    second.save()
    merged = reloaded(path)
    assert merged.find("x").note == "note from first"
    assert merged.find("x").tags == ("from second",)
    assert merged.get(y.id).name == "y renamed"  # type: ignore[union-attr]
    assert merged.get(gone.id) is None
    assert merged.get(late.id) == late
    assert ("New",) in merged.folders()
    assert [s.path for s in second.sessions()] == [s.path for s in merged.sessions()]


def add_many(path: str, worker: int, count: int, barrier: Barrier) -> None:
    store = SessionStore(Path(path))
    store.load()
    barrier.wait()
    for index in range(count):
        store.add(session(f"w{worker}-{index}"))
        store.save()


def edit_after_load(path: str, session_id: str, field: str, value: str,
                    barrier: Barrier) -> None:
    store = SessionStore(Path(path))
    store.load()
    barrier.wait()  # both processes now hold the same, soon stale, content
    current = store.get(session_id)
    assert current is not None
    changes: dict[str, Any] = {field: value}
    store.update(replace(current, **changes))
    store.save()


def run_processes(jobs: list[tuple[object, ...]], target: object) -> None:
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(len(jobs))
    processes = [context.Process(target=target, args=(*job, barrier)) for job in jobs]  # type: ignore[arg-type]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=50)
    assert [p.exitcode for p in processes] == [0] * len(jobs)


def test_processes_saving_at_once_lose_nothing(path: Path) -> None:
    workers, count = 3, 30
    run_processes([(str(path), worker, count) for worker in range(workers)], add_many)
    names = sorted(s.name for s in reloaded(path).sessions())
    assert names == sorted(f"w{w}-{i}" for w in range(workers) for i in range(count))
    assert leftovers(path.parent) == []


def test_an_edit_and_a_rename_in_two_processes_both_survive(path: Path) -> None:
    store = saved(path, session("x"), session("y"))
    x, y = store.find("x"), store.find("y")
    run_processes([(str(path), x.id, "note", "A was here"),
                   (str(path), y.id, "name", "renamed by B")], edit_after_load)
    merged = reloaded(path)
    assert merged.get(x.id) == replace(x, note="A was here")
    assert merged.get(y.id) == replace(y, name="renamed by B")


def test_a_save_when_nobody_else_saved_skips_reading_the_file(
        path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = SessionStore(path)
    store.load()
    store.add(session("a"))
    store.save()
    reads: list[int] = []
    original = SessionStore._read_file

    def counting(self: SessionStore) -> tuple[bytes | None, object]:
        if self is store:
            reads.append(1)
        return original(self)

    monkeypatch.setattr(SessionStore, "_read_file", counting)
    store.add(session("b"))
    store.save()
    assert reads == []  # the file is still the one it wrote: nothing to merge
    other = reloaded(path)
    other.add(session("c"))
    other.save()  # another process saved: the next save reads and merges
    store.add(session("d"))
    store.save()
    assert len(reads) == 1
    assert {s.name for s in reloaded(path).sessions()} == {"a", "b", "c", "d"}
