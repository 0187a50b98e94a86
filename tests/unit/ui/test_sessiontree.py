"""The sessions tree model and its search filter, over a real store on a temporary file."""

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QIcon, QStandardItem, QStandardItemModel
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from sshdesk.core.sessions import SessionStore
from sshdesk.ui.models.sessionfilter import SessionFilterModel
from sshdesk.ui.models.sessiontree import (
    FOLDER_ROLE,
    KIND_ROLE,
    MIME_TYPE,
    SEARCH_TEXT_ROLE,
    SESSION_ID_ROLE,
    SessionTreeModel,
)
from tests.helpers.sessions import saved_session

# Icons (pixmaps, the style) need the QApplication even where no other Qt fixture is used.
pytestmark = pytest.mark.usefixtures("qapp")

Model = SessionTreeModel | QSortFilterProxyModel


_session = saved_session


@pytest.fixture
def store(tmp_path: Path) -> SessionStore:
    """Prod/Web/{web1, Web2}, Prod/db, staging (root), and an empty folder "archive"."""
    store = SessionStore(tmp_path / "sessions.json")
    store.load()
    store.add(_session("web1", "web1.example.com", "deploy", ("Prod", "Web"), tags=("nginx",),
                       note="front", color="#ff0000"))
    store.add(_session("Web2", "web2.example.com", "deploy", ("Prod", "Web")))
    store.add(_session("db", "10.0.0.5", "postgres", ("Prod",), tags=("sql", "primary")))
    store.add(_session("staging", "stage.example.com", "alice"))
    store.add_folder(("archive",))
    store.save()
    return store


def _id(store: SessionStore, name: str) -> str:
    return store.find(name).id


def _names(model: Model, parent: QModelIndex | None = None) -> list[str]:
    parent = parent or QModelIndex()
    return [model.index(row, 0, parent).data() for row in range(model.rowCount(parent))]


def _child(model: Model, *path: str) -> QModelIndex:
    """The index reached by display names from the root."""
    index = QModelIndex()
    for name in path:
        rows = [model.index(r, 0, index) for r in range(model.rowCount(index))]
        index = next(i for i in rows if i.data() == name)
    return index


def _shown(model: Model, parent: QModelIndex | None = None, prefix: str = "") -> list[str]:
    """Every row as a path, depth first."""
    parent = parent or QModelIndex()
    shown = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        path = prefix + index.data()
        shown.append(path)
        shown += _shown(model, index, path + "/")
    return shown


def test_an_empty_store_is_an_empty_valid_model(tmp_path: Path,
                                                 qtmodeltester: ModelTester) -> None:
    store = SessionStore(tmp_path / "none.json")
    store.load()
    model = SessionTreeModel(store)
    qtmodeltester.check(model)
    assert model.rowCount() == 0
    assert model.flags(QModelIndex()) & Qt.ItemFlag.ItemIsDropEnabled


def test_folders_come_first_then_names_regardless_of_case(store: SessionStore,
                                                           qtmodeltester: ModelTester) -> None:
    store.add(_session("Alpha", "a.example.com"))
    store.add(_session("web3", "web3.example.com", folder=("Prod", "Web")))
    store.save()
    model = SessionTreeModel(store)
    qtmodeltester.check(model)
    assert _names(model) == ["archive", "Prod", "Alpha", "staging"]
    assert _names(model, _child(model, "Prod")) == ["Web", "db"]
    assert _names(model, _child(model, "Prod", "Web")) == ["web1", "Web2", "web3"]
    assert model.rowCount(_child(model, "archive")) == 0


def test_roles_describe_folders_and_sessions(store: SessionStore) -> None:
    model = SessionTreeModel(store)
    folder, web1 = _child(model, "Prod", "Web"), _child(model, "Prod", "Web", "web1")
    assert (folder.data(KIND_ROLE), folder.data(FOLDER_ROLE)) == ("folder", ("Prod", "Web"))
    assert folder.data(SESSION_ID_ROLE) is None
    assert folder.data(SEARCH_TEXT_ROLE) == "web"
    assert web1.data(KIND_ROLE) == "session"
    assert web1.data(SESSION_ID_ROLE) == _id(store, "web1")
    assert web1.data(FOLDER_ROLE) == ("Prod", "Web")
    assert web1.data(SEARCH_TEXT_ROLE) == "web1 web1.example.com deploy nginx"
    assert web1.data(Qt.ItemDataRole.ToolTipRole) == (
        "deploy@web1.example.com:22\nTags: nginx\nfront")
    db = _child(model, "Prod", "db")
    assert db.data(Qt.ItemDataRole.ToolTipRole) == "postgres@10.0.0.5:22\nTags: sql, primary"
    assert model.session_at(web1) == store.get(_id(store, "web1"))
    assert model.session_at(folder) is None


def test_a_colour_label_is_a_coloured_square(store: SessionStore) -> None:
    model = SessionTreeModel(store)
    icon = _child(model, "Prod", "Web", "web1").data(Qt.ItemDataRole.DecorationRole)
    assert isinstance(icon, QIcon)
    image = icon.pixmap(16, 16).toImage()
    assert QColor(image.pixel(8, 8)) == QColor("#ff0000")
    plain = _child(model, "Prod", "Web", "Web2").data(Qt.ItemDataRole.DecorationRole)
    folder = _child(model, "Prod").data(Qt.ItemDataRole.DecorationRole)
    assert not plain.isNull() and not folder.isNull()
    assert plain.cacheKey() != folder.cacheKey()


def test_sessions_drag_and_folders_take_drops(store: SessionStore) -> None:
    model = SessionTreeModel(store)
    session_flags = model.flags(_child(model, "staging"))
    folder_flags = model.flags(_child(model, "Prod"))
    assert session_flags & Qt.ItemFlag.ItemIsDragEnabled
    assert not session_flags & Qt.ItemFlag.ItemIsDropEnabled
    assert folder_flags & Qt.ItemFlag.ItemIsDropEnabled
    assert not folder_flags & Qt.ItemFlag.ItemIsDragEnabled
    assert model.supportedDropActions() == Qt.DropAction.MoveAction
    assert model.mimeTypes() == [MIME_TYPE]
    assert model.mimeData([_child(model, "Prod")]) is None


def test_reload_shows_what_another_store_saved(store: SessionStore,
                                               qtmodeltester: ModelTester) -> None:
    model = SessionTreeModel(store)
    qtmodeltester.check(model)
    other = SessionStore(store.path)
    other.load()
    other.add(_session("new", "new.example.com", folder=("Lab",)))
    other.remove(_id(other, "staging"))
    other.save()
    store.load()
    model.reload()
    assert _names(model) == ["archive", "Lab", "Prod"]
    assert _names(model, _child(model, "Lab")) == ["new"]


def test_a_session_renamed_inline_is_saved_and_resorted(store: SessionStore,
                                                        qtmodeltester: ModelTester) -> None:
    model = SessionTreeModel(store)
    qtmodeltester.check(model)
    web1 = _child(model, "Prod", "Web", "web1")
    assert model.setData(web1, "  zeta  ", Qt.ItemDataRole.EditRole)
    assert _names(model, _child(model, "Prod", "Web")) == ["Web2", "zeta"]
    fresh = SessionStore(store.path)
    fresh.load()
    assert fresh.find("Prod/Web/zeta").profile.host == "web1.example.com"


def test_a_folder_renamed_inline_takes_its_contents_along(store: SessionStore,
                                                          qtmodeltester: ModelTester) -> None:
    model = SessionTreeModel(store)
    qtmodeltester.check(model)
    assert model.setData(_child(model, "Prod"), "Live", Qt.ItemDataRole.EditRole)
    assert _names(model) == ["archive", "Live", "staging"]
    web1 = _child(model, "Live", "Web", "web1")
    assert web1.data(FOLDER_ROLE) == ("Live", "Web")
    assert _child(model, "Live", "Web").data(FOLDER_ROLE) == ("Live", "Web")
    assert model.index_for_folder(("Live", "Web")) == _child(model, "Live", "Web")
    fresh = SessionStore(store.path)
    fresh.load()
    assert fresh.find("Live/Web/web1").id == web1.data(SESSION_ID_ROLE)


def test_renaming_a_folder_onto_a_sibling_merges_them(store: SessionStore, qtbot: QtBot,
                                                      qtmodeltester: ModelTester) -> None:
    model = SessionTreeModel(store)
    qtmodeltester.check(model)
    with qtbot.waitSignal(model.modelReset):
        assert model.setData(_child(model, "archive"), "Prod", Qt.ItemDataRole.EditRole)
    assert _names(model) == ["Prod", "staging"]


@pytest.mark.parametrize("name", ["", "  ", "a/b"])
def test_an_unusable_name_is_refused_with_a_message(store: SessionStore, qtbot: QtBot,
                                                    name: str) -> None:
    model = SessionTreeModel(store)
    with qtbot.waitSignal(model.error_occurred) as blocker:
        assert not model.setData(_child(model, "staging"), name, Qt.ItemDataRole.EditRole)
    assert "name" in blocker.args[0]
    assert _names(model)[-1] == "staging"


def test_a_failed_save_is_reported_and_undone(store: SessionStore, qtbot: QtBot) -> None:
    store.path.write_text('{"format": "sshdesk-sessions", "version": 99, "sessions": []}')
    store.load()  # a newer sshdesk's file: this one must not write it
    store.path.write_text('{"format": "sshdesk-sessions", "version": 1, "sessions": []}')
    store.add(_session("kept", "k.example.com"))  # only in memory
    model = SessionTreeModel(store)
    with qtbot.waitSignal(model.error_occurred) as blocker:
        assert not model.setData(_child(model, "kept"), "other", Qt.ItemDataRole.EditRole)
    assert "newer" in blocker.args[0]
    assert store.sessions() == []  # re-read from the file


def test_dropping_sessions_on_a_folder_moves_them_for_good(store: SessionStore,
                                                           qtmodeltester: ModelTester) -> None:
    model = SessionTreeModel(store)
    qtmodeltester.check(model)
    dragged = [_child(model, "staging"), _child(model, "Prod", "db")]
    data = model.mimeData(dragged)
    assert data is not None
    ids = bytes(data.data(MIME_TYPE).data()).decode().split("\n")
    assert ids == [_id(store, "staging"), _id(store, "db")]
    target = _child(model, "archive")
    assert model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, 0, target)
    assert not model.canDropMimeData(data, Qt.DropAction.CopyAction, -1, 0, target)
    assert not model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, 0,
                                     _child(model, "Prod", "Web", "web1"))
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0, target)
    assert _names(model, _child(model, "archive")) == ["db", "staging"]
    fresh = SessionStore(store.path)
    fresh.load()
    assert fresh.get(ids[0]).folder == fresh.get(ids[1]).folder == ("archive",)


def test_dropping_on_the_empty_space_moves_to_the_root(store: SessionStore,
                                                       qtmodeltester: ModelTester) -> None:
    model = SessionTreeModel(store)
    qtmodeltester.check(model)
    data = model.mimeData([_child(model, "Prod", "Web", "web1")])
    assert data is not None
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, QModelIndex())
    assert "web1" in _names(model)
    fresh = SessionStore(store.path)
    fresh.load()
    assert fresh.find("web1").folder == ()


def test_foreign_or_stale_drops_change_nothing(store: SessionStore) -> None:
    model = SessionTreeModel(store)
    foreign = QMimeData()
    foreign.setText("web1")
    assert not model.canDropMimeData(foreign, Qt.DropAction.MoveAction, -1, 0, QModelIndex())
    assert not model.dropMimeData(foreign, Qt.DropAction.MoveAction, -1, 0, QModelIndex())
    stale = QMimeData()
    stale.setData(MIME_TYPE, b"no-such-id")
    assert not model.dropMimeData(stale, Qt.DropAction.MoveAction, -1, 0, QModelIndex())
    assert _names(model) == ["archive", "Prod", "staging"]


# --- the filter ---


@pytest.fixture
def filtered(store: SessionStore, qtmodeltester: ModelTester) -> SessionFilterModel:
    proxy = SessionFilterModel()
    proxy.setSourceModel(SessionTreeModel(store, proxy))
    qtmodeltester.check(proxy)
    return proxy


@pytest.mark.parametrize(("text", "expected"), [
    ("WEB2", ["Prod", "Prod/Web", "Prod/Web/Web2"]),  # the name, any case
    ("10.0.0", ["Prod", "Prod/db"]),  # the host
    ("alice", ["staging"]),  # the user
    ("nginx", ["Prod", "Prod/Web", "Prod/Web/web1"]),  # a tag
    ("deploy web1", ["Prod", "Prod/Web", "Prod/Web/web1"]),  # every word must appear
    ("prod sql", ["Prod", "Prod/db"]),  # a folder's name counts for what it holds
    ("arch", ["archive"]),
    ("nothing-like-it", []),
])
def test_filtering_keeps_matches_and_their_folders(filtered: SessionFilterModel, text: str,
                                                   expected: list[str]) -> None:
    filtered.set_filter_text(text)
    assert _shown(filtered) == expected
    assert filtered.filter_text() == text.lower()


def test_clearing_the_filter_shows_everything_again(filtered: SessionFilterModel) -> None:
    everything = _shown(filtered)
    filtered.set_filter_text("web1")
    filtered.set_filter_text("   ")
    assert _shown(filtered) == everything


def test_the_filter_follows_renames_and_reloads(filtered: SessionFilterModel,
                                               store: SessionStore) -> None:
    filtered.set_filter_text("web")
    source = filtered.sourceModel()
    assert isinstance(source, SessionTreeModel)
    assert source.setData(source.index_for_session(_id(store, "web1")), "front",
                          Qt.ItemDataRole.EditRole)
    assert _shown(filtered) == ["Prod", "Prod/Web", "Prod/Web/front", "Prod/Web/Web2"]
    store.remove(_id(store, "Web2"))
    store.save()
    source.reload()
    assert _shown(filtered) == ["Prod", "Prod/Web", "Prod/Web/front"]


def test_two_thousand_sessions_build_and_filter(tmp_path: Path,
                                                qtmodeltester: ModelTester) -> None:
    store = SessionStore(tmp_path / "big.json")
    store.load()
    for number in range(2000):
        folder = (f"team{number % 10}", f"env{number % 4}") if number % 3 else ()
        store.add(_session(f"host{number}", f"h{number}.example.com", f"u{number % 7}",
                           folder, tags=(f"rack{number % 50}",)))
    store.save()
    model = SessionTreeModel(store)
    proxy = SessionFilterModel()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    assert len([p for p in _shown(model) if p.rsplit("/", 1)[-1].startswith("host")]) == 2000
    proxy.set_filter_text("rack7 u3")
    hits = {p.rsplit("/", 1)[-1] for p in _shown(proxy) if "host" in p}
    expected = {f"host{n}" for n in range(2000) if n % 50 == 7 and n % 7 == 3}
    assert hits == expected
    model.reload()
    assert {p.rsplit("/", 1)[-1] for p in _shown(proxy) if "host" in p} == expected


def test_a_drop_through_the_filter_goes_to_the_folder_whatever_the_row(
        filtered: SessionFilterModel, store: SessionStore) -> None:
    source = filtered.sourceModel()
    assert isinstance(source, SessionTreeModel)
    data = filtered.mimeData([filtered.mapFromSource(source.index_for_session(
        _id(store, "staging")))])
    archive = filtered.mapFromSource(source.index_for_folder(("archive",)))
    # Qt's own mapping would send (row -1, column 0) to the root.
    assert filtered.canDropMimeData(data, Qt.DropAction.MoveAction, -1, 0, archive)
    assert filtered.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0, archive)
    fresh = SessionStore(store.path)
    fresh.load()
    assert fresh.find("staging").folder == ("archive",)


def test_the_filter_works_on_any_model_with_search_texts(qtmodeltester: ModelTester) -> None:
    source = QStandardItemModel()
    folder = QStandardItem("Prod")
    folder.setData("prod", SEARCH_TEXT_ROLE)
    for name in ("web1", "db"):
        item = QStandardItem(name)
        item.setData(name, SEARCH_TEXT_ROLE)
        folder.appendRow(item)
    source.appendRow(folder)
    proxy = SessionFilterModel()
    proxy.setSourceModel(source)
    qtmodeltester.check(proxy)
    proxy.set_filter_text("prod db")
    assert _shown(proxy) == ["Prod", "Prod/db"]


def test_a_note_that_looks_like_html_shows_as_typed(store: SessionStore) -> None:
    store.update(replace(store.find("staging"), note="<b>not bold</b> & co"))
    model = SessionTreeModel(store)
    tooltip = _child(model, "staging").data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip == ("<qt>alice@stage.example.com:22<br>&lt;b&gt;not bold&lt;/b&gt; "
                       "&amp; co</qt>")
