"""The sessions sidebar: search, activation, the context menu's changes, the recent list."""

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMenu, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from sshdesk.core.sessions import SessionStore
from sshdesk.ui import messages
from sshdesk.ui.sidebar import FILTER_DELAY_MS, RECENT_COUNT, SessionSidebar
from tests.helpers.sessions import saved_session

_session = saved_session


@pytest.fixture
def store(tmp_path: Path) -> SessionStore:
    """Prod/Web/{web1, web2}, Prod/db, staging (root), and an empty folder "archive"."""
    store = SessionStore(tmp_path / "sessions.json")
    store.load()
    store.add(_session("web1", "web1.example.com", "deploy", ("Prod", "Web"), tags=("nginx",),
                       last_used=300.0))
    store.add(_session("web2", "web2.example.com", "deploy", ("Prod", "Web"), last_used=100.0))
    store.add(_session("db", "10.0.0.5", "postgres", ("Prod",)))
    store.add(_session("staging", "stage.example.com", "alice", last_used=200.0))
    store.add_folder(("archive",))
    store.save()
    return store


@pytest.fixture
def sidebar(qtbot: QtBot, store: SessionStore) -> SessionSidebar:
    widget = SessionSidebar(store)
    qtbot.addWidget(widget)
    widget.resize(320, 640)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _fresh(store: SessionStore) -> SessionStore:
    """What another process reads from the file."""
    other = SessionStore(store.path)
    other.load()
    return other


def _index(sidebar: SessionSidebar, name: str) -> QModelIndex:
    """The tree's index of a session (by name) or a folder (by path "A/B")."""
    model = sidebar.model
    session = next((s for s in model.store.sessions() if s.name == name), None)
    source = (model.index_for_session(session.id) if session is not None
              else model.index_for_folder(tuple(name.split("/"))))
    return sidebar.filter_model.mapFromSource(source)


def _shown(sidebar: SessionSidebar, parent: QModelIndex | None = None) -> list[str]:
    """The names of the rows the tree shows (inside expanded folders), depth first."""
    parent = parent or QModelIndex()
    model = sidebar.filter_model
    names = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        names.append(index.data())
        if sidebar.tree.isExpanded(index):
            names += _shown(sidebar, index)
    return names


def _action(menu: QMenu, text: str) -> None:
    for action in menu.actions():
        if action.text() == text:
            action.trigger()
            return
    raise AssertionError(f"no action {text!r} in {[a.text() for a in menu.actions()]}")


def _double_click(qtbot: QtBot, widget: QWidget, position: QPoint) -> None:
    # QTest's double-click alone lacks the first press of a real one, which item views
    # need to know the double-click's item.
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=position)
    qtbot.mouseDClick(widget, Qt.MouseButton.LeftButton, pos=position)


def _search(qtbot: QtBot, sidebar: SessionSidebar, text: str) -> None:
    sidebar.search.setText(text)
    qtbot.waitUntil(lambda: sidebar.filter_model.filter_text() == " ".join(text.lower().split()))


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Answers every confirmation with Yes and records its text."""
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *_args: object) -> object:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


# --- connecting ---


def test_double_click_on_a_session_asks_to_connect(qtbot: QtBot, sidebar: SessionSidebar,
                                                   store: SessionStore) -> None:
    assert sidebar.select_session(store.find("web2").id)
    rect = sidebar.tree.visualRect(_index(sidebar, "web2"))
    with qtbot.waitSignal(sidebar.connect_requested) as blocker:
        _double_click(qtbot, sidebar.tree.viewport(), rect.center())
    assert blocker.args == [store.find("web2").id]


def test_enter_on_a_session_asks_to_connect(qtbot: QtBot, sidebar: SessionSidebar,
                                            store: SessionStore) -> None:
    sidebar.tree.setCurrentIndex(_index(sidebar, "staging"))
    with qtbot.waitSignal(sidebar.connect_requested) as blocker:
        qtbot.keyClick(sidebar.tree, Qt.Key.Key_Return)
    assert blocker.args == [store.find("staging").id]
    assert sidebar.current_session_id() == store.find("staging").id


def test_a_folder_does_not_connect(qtbot: QtBot, sidebar: SessionSidebar) -> None:
    sidebar.tree.setCurrentIndex(_index(sidebar, "archive"))
    with qtbot.assertNotEmitted(sidebar.connect_requested):
        qtbot.keyClick(sidebar.tree, Qt.Key.Key_Return)
    assert sidebar.current_session_id() is None


def test_recent_lists_the_last_used_first(qtbot: QtBot, sidebar: SessionSidebar,
                                          store: SessionStore) -> None:
    recent = sidebar.recent
    assert [recent.item(row).text() for row in range(recent.count())] == [
        "web1", "staging", "web2"]
    for number in range(10):
        store.add(_session(f"lab{number}", "lab.example.com", last_used=1000.0 + number))
    store.touch(store.find("db").id, 5000.0)
    store.save()
    sidebar.reload()
    assert recent.count() == RECENT_COUNT
    assert [recent.item(row).text() for row in range(4)] == ["db", "lab9", "lab8", "lab7"]
    rect = recent.visualItemRect(recent.item(0))
    with qtbot.waitSignal(sidebar.connect_requested) as blocker:
        _double_click(qtbot, recent.viewport(), rect.center())
    assert blocker.args == [store.find("db").id]


def test_recent_is_hidden_while_nothing_was_used(qtbot: QtBot, tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "unused.json")
    store.load()
    store.add(_session("never", "n.example.com"))
    widget = SessionSidebar(store)
    qtbot.addWidget(widget)
    widget.show()
    assert not widget.recent.isVisible()


# --- searching ---


def test_a_search_shows_matches_with_their_folders_open(qtbot: QtBot,
                                                         sidebar: SessionSidebar) -> None:
    _search(qtbot, sidebar, "nginx")
    assert _shown(sidebar) == ["Prod", "Web", "web1"]
    _search(qtbot, sidebar, "postgres")
    assert _shown(sidebar) == ["Prod", "db"]
    _search(qtbot, sidebar, "ALICE")
    assert _shown(sidebar) == ["staging"]


def test_escape_clears_the_search_and_reopens_the_folders_as_they_were(
        qtbot: QtBot, sidebar: SessionSidebar) -> None:
    sidebar.set_expanded_folders([("Prod",)])
    before = _shown(sidebar)
    _search(qtbot, sidebar, "web")
    assert sidebar.tree.isExpanded(_index(sidebar, "Prod/Web"))
    qtbot.keyClick(sidebar.search, Qt.Key.Key_Escape)
    assert sidebar.search.text() == ""
    qtbot.waitUntil(lambda: sidebar.filter_model.filter_text() == "")
    assert _shown(sidebar) == before
    assert sidebar.expanded_folders() == [("Prod",)]


def test_ctrl_f_in_the_sidebar_focuses_the_search(qtbot: QtBot,
                                                  sidebar: SessionSidebar) -> None:
    sidebar.activateWindow()
    qtbot.waitUntil(sidebar.isActiveWindow)
    sidebar.tree.setFocus()
    qtbot.keyClick(sidebar.tree, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert sidebar.search.hasFocus()
    assert sidebar.search.placeholderText() == "Search sessions"


def test_two_thousand_sessions_filter_as_typed(qtbot: QtBot, tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "big.json")
    store.load()
    for number in range(2000):
        folder = (f"team{number % 10}", f"env{number % 4}") if number % 3 else ()
        store.add(_session(f"host{number}", f"h{number}.example.com", f"u{number % 7}",
                           folder, tags=(f"rack{number % 50}",)))
    store.save()
    widget = SessionSidebar(store)
    qtbot.addWidget(widget)
    widget.show()
    for text in ("h", "ho", "host1", "host12", "host123"):
        widget.search.setText(text)  # one filter for the lot once filtering proves slow
    qtbot.waitUntil(lambda: widget.filter_model.filter_text() == "host123",
                    timeout=FILTER_DELAY_MS * 20)
    shown = {n for n in _shown(widget) if n.startswith("host")}
    assert shown == {f"host{n}" for n in range(2000) if f"host{n}".startswith("host123")}


# --- changing sessions ---


def test_duplicate_adds_a_saved_copy_beside_it(qtbot: QtBot, sidebar: SessionSidebar,
                                               store: SessionStore) -> None:
    original = store.find("web1")
    with qtbot.waitSignal(sidebar.session_duplicated) as blocker:
        _action(sidebar.build_context_menu(_index(sidebar, "web1")), "Duplicate")
    copy = _fresh(store).find("web1 (copy)")
    assert blocker.args == [original.id, copy.id]
    assert copy.id != original.id and copy.folder == ("Prod", "Web")
    assert copy.profile == original.profile and copy.tags == original.tags
    assert copy.last_used is None
    assert sidebar.current_session_id() == copy.id
    _action(sidebar.build_context_menu(_index(sidebar, "web1")), "Duplicate")
    assert _fresh(store).find("web1 (copy 2)").folder == ("Prod", "Web")


def test_delete_asks_then_forgets_the_session(qtbot: QtBot, sidebar: SessionSidebar,
                                              store: SessionStore,
                                              answers: list[str]) -> None:
    db = store.find("db")
    with qtbot.waitSignal(sidebar.session_deleted) as blocker:
        _action(sidebar.build_context_menu(_index(sidebar, "db")), "Delete…")
    assert answers == ["Delete the session “Prod/db”?"]
    assert blocker.args == [[db]]
    assert _fresh(store).get(db.id) is None
    assert not _index(sidebar, "db").isValid()


def test_delete_answered_no_keeps_the_session(qtbot: QtBot, sidebar: SessionSidebar,
                                              store: SessionStore,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_args: QMessageBox.StandardButton.No)
    with qtbot.assertNotEmitted(sidebar.session_deleted):
        _action(sidebar.build_context_menu(_index(sidebar, "db")), "Delete…")
    assert _fresh(store).find("db")


def test_rename_edits_the_name_in_place(qtbot: QtBot, sidebar: SessionSidebar,
                                        store: SessionStore) -> None:
    web2_id = store.find("web2").id
    _action(sidebar.build_context_menu(_index(sidebar, "web2")), "Rename")
    editor = sidebar.tree.findChild(QLineEdit)
    assert editor is not None
    editor.setText("app")  # sorts before web1: the row moves while the editor commits
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next loop pass
    qtbot.waitUntil(lambda: _fresh(store).get(web2_id).name == "app")
    qtbot.waitUntil(lambda: sidebar.tree.findChild(QLineEdit) is None)
    assert _shown(sidebar) == ["archive", "Prod", "Web", "app", "web1", "db", "staging"]
    assert sidebar.current_session_id() == web2_id
    assert sidebar.recent.item(2).text() == "app"


def test_session_menu_asks_for_connect_and_edit(qtbot: QtBot, sidebar: SessionSidebar,
                                                store: SessionStore) -> None:
    menu = sidebar.build_context_menu(_index(sidebar, "web2"))
    with qtbot.waitSignal(sidebar.connect_requested) as connect:
        _action(menu, "Connect")
    with qtbot.waitSignal(sidebar.edit_requested) as edit:
        _action(menu, "Edit…")
    assert connect.args == edit.args == [store.find("web2").id]


# --- changing folders ---


def test_new_session_here_names_the_folder(qtbot: QtBot, sidebar: SessionSidebar) -> None:
    with qtbot.waitSignal(sidebar.new_session_requested) as in_folder:
        _action(sidebar.build_context_menu(_index(sidebar, "Prod/Web")), "New session here…")
    empty_space = sidebar.build_context_menu(QModelIndex())
    assert [a.text() for a in empty_space.actions()] == ["New session here…", "New folder…"]
    with qtbot.waitSignal(sidebar.new_session_requested) as at_root:
        _action(empty_space, "New session here…")
    assert in_folder.args == [("Prod", "Web")]
    assert at_root.args == [()]


def test_new_folder_asks_for_a_name_and_is_saved(sidebar: SessionSidebar, store: SessionStore,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *_args: (" Lab ", True))
    _action(sidebar.build_context_menu(_index(sidebar, "Prod")), "New folder…")
    assert ("Prod", "Lab") in _fresh(store).folders()
    assert sidebar.tree.currentIndex() == _index(sidebar, "Prod/Lab")
    assert sidebar.tree.isExpanded(_index(sidebar, "Prod"))


def test_a_folder_name_with_a_slash_is_refused(qtbot: QtBot, sidebar: SessionSidebar,
                                               store: SessionStore,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *_args: ("a/b", True))
    with qtbot.waitSignal(messages.bridge().message_posted) as blocker:
        assert sidebar.new_folder() is None
    assert "/" in blocker.args[0].text
    assert _fresh(store).folders() == store.folders()


def test_delete_folder_says_how_many_sessions_go_with_it(qtbot: QtBot, sidebar: SessionSidebar,
                                                         store: SessionStore,
                                                         answers: list[str]) -> None:
    inside = {store.find(name).id for name in ("web1", "web2", "db")}
    with qtbot.waitSignal(sidebar.session_deleted) as blocker:
        _action(sidebar.build_context_menu(_index(sidebar, "Prod")), "Delete folder…")
    assert answers == ["Delete the folder “Prod” and the 3 sessions it holds?"]
    assert {s.id for s in blocker.args[0]} == inside
    fresh = _fresh(store)
    assert [s.name for s in fresh.sessions()] == ["staging"]
    assert fresh.folders() == [("archive",)]


def test_deleting_an_empty_folder_deletes_no_session(qtbot: QtBot, sidebar: SessionSidebar,
                                                     store: SessionStore,
                                                     answers: list[str]) -> None:
    with qtbot.assertNotEmitted(sidebar.session_deleted):
        _action(sidebar.build_context_menu(_index(sidebar, "archive")), "Delete folder…")
    assert answers == ["Delete the folder “archive”? It holds no sessions."]
    assert _fresh(store).folders() == [("Prod",), ("Prod", "Web")]


# --- keeping the view ---


def test_reload_keeps_the_selection_and_the_open_folders(sidebar: SessionSidebar,
                                                         store: SessionStore) -> None:
    sidebar.set_expanded_folders([("Prod",), ("Prod", "Web")])
    sidebar.select_session(store.find("web2").id)
    other = _fresh(store)
    other.add(_session("new", "new.example.com", folder=("Prod", "Web")))
    other.save()
    store.load()
    sidebar.reload()
    assert sidebar.current_session_id() == store.find("web2").id
    assert sidebar.expanded_folders() == [("Prod",), ("Prod", "Web")]
    assert "new" in _shown(sidebar)


def test_a_drop_moves_the_session_and_keeps_the_view(sidebar: SessionSidebar,
                                                     store: SessionStore) -> None:
    sidebar.set_expanded_folders([("Prod",)])
    sidebar.select_session(store.find("db").id)
    proxy = sidebar.filter_model
    data = proxy.mimeData([_index(sidebar, "db")])
    assert proxy.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0, _index(sidebar, "archive"))
    assert _fresh(store).find("db").folder == ("archive",)
    assert sidebar.current_session_id() == store.find("db").id
    assert sidebar.tree.isExpanded(_index(sidebar, "Prod"))
    assert sidebar.tree.isExpanded(_index(sidebar, "archive"))  # to show the selection
    # What the view does after a drag that ended in a move: it must not delete the session.
    current = sidebar.tree.currentIndex()
    assert not proxy.removeRows(current.row(), 1, current.parent())
    assert _fresh(store).find("db").folder == ("archive",)


def test_renaming_a_folder_onto_a_sibling_merges_them(qtbot: QtBot, sidebar: SessionSidebar,
                                                      store: SessionStore) -> None:
    _action(sidebar.build_context_menu(_index(sidebar, "archive")), "Rename folder")
    editor = sidebar.tree.findChild(QLineEdit)
    assert editor is not None
    editor.setText("Prod")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: sidebar.model.rowCount() == 2)
    assert _fresh(store).folders() == [("Prod",), ("Prod", "Web")]
    assert [sidebar.model.index(row, 0).data() for row in range(2)] == ["Prod", "staging"]


def test_the_delete_key_deletes_the_selected_session(qtbot: QtBot, sidebar: SessionSidebar,
                                                     store: SessionStore,
                                                     answers: list[str]) -> None:
    sidebar.activateWindow()
    qtbot.waitUntil(sidebar.isActiveWindow)
    sidebar.select_session(store.find("web2").id)
    sidebar.tree.setFocus()
    with qtbot.waitSignal(sidebar.session_deleted):
        qtbot.keyClick(sidebar.tree, Qt.Key.Key_Delete)
    assert answers == ["Delete the session “Prod/Web/web2”?"]
