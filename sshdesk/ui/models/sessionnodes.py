"""The tree behind the sessions model, without Qt: folder and session nodes, each level
sorted folders first, then by name regardless of case.

:class:`~sshdesk.ui.models.sessiontree.SessionTreeModel` owns one :class:`SessionTree` and
tells the views what changes in it.
"""

import bisect
import itertools
from collections.abc import Callable, Iterable
from dataclasses import replace

from sshdesk.core.sessions import SavedSession

FOLDER = "folder"
SESSION = "session"


class Node:
    """One row: a folder (``session`` None) or a session. The root is the folder ``()``.

    Attributes:
        key: Names the node in :attr:`SessionTree.nodes` (a QModelIndex's internal id).
        parent: The folder node it is in; None for the root.
        folder: A folder's own path, or the path of the folder a session is in.
        children: Sub-folders, then sessions, sorted.
        row: Its place among its parent's children.
        kind: :data:`FOLDER` or :data:`SESSION`.
        session: The session of a session node.
        name: What the row shows.
        search_text: What a search matches against, lower-cased.
    """

    __slots__ = ("children", "folder", "key", "kind", "name", "parent", "row", "search_text",
                 "session")

    def __init__(self, key: int, parent: "Node | None", folder: tuple[str, ...],
                 session: SavedSession | None = None) -> None:
        self.key = key
        self.parent = parent
        self.folder = folder
        self.children: list[Node] = []
        self.row = 0
        self.kind = FOLDER if session is None else SESSION
        self.session = session
        self.name = ""
        self.search_text = ""
        self.refresh()

    def refresh(self) -> None:
        """Derives the name and the search text from the folder path or the session."""
        session = self.session
        if session is None:
            self.name = self.folder[-1] if self.folder else ""
            self.search_text = self.name.lower()
        else:
            self.name = session.name
            profile = session.profile
            self.search_text = " ".join(
                (session.name, profile.host, profile.username, *session.tags)).lower()


def sort_key(node: Node) -> tuple[bool, str, str]:
    """Folders first, then names regardless of case (the exact name breaks ties)."""
    return node.kind != FOLDER, node.name.casefold(), node.name


class SessionTree:
    """The nodes of a store's folders and sessions.

    Attributes:
        root: The root folder.
        nodes: Every node by key. Keys are never reused, so a key from before a rebuild
            finds nothing rather than some other node.
        folders: Folder nodes by path, the root's ``()`` included.
        sessions: Session nodes by session id.
    """

    def __init__(self) -> None:
        self._keys = itertools.count(1)
        self.root = Node(0, None, ())
        self.nodes: dict[int, Node] = {0: self.root}
        self.folders: dict[tuple[str, ...], Node] = {(): self.root}
        self.sessions: dict[str, Node] = {}

    def build(self, folders: Iterable[tuple[str, ...]],
              sessions: Iterable[SavedSession]) -> None:
        """Replaces every node: one pass over folders and sessions, then a sort per level."""
        self.root = Node(0, None, ())
        self.nodes = {0: self.root}
        self.folders = {(): self.root}
        self.sessions = {}
        for folder in folders:
            self._folder_node(tuple(folder))
        for session in sessions:
            node = self._add(self._folder_node(session.folder), session.folder, session)
            self.sessions[session.id] = node
        for folder_node in self.folders.values():
            folder_node.children.sort(key=sort_key)
            for row, child in enumerate(folder_node.children):
                child.row = row

    def _folder_node(self, folder: tuple[str, ...]) -> Node:
        node = self.folders.get(folder)
        if node is None:  # parents are made on the way, whatever order folders come in
            node = self._add(self._folder_node(folder[:-1]), folder)
            self.folders[folder] = node
        return node

    def _add(self, parent: Node, folder: tuple[str, ...],
             session: SavedSession | None = None) -> Node:
        node = Node(next(self._keys), parent, folder, session)
        parent.children.append(node)
        self.nodes[node.key] = node
        return node

    def search_texts(self, parent: Node, row: int) -> list[str]:
        """The search text of a row and those of the folders above it, nearest first."""
        if not 0 <= row < len(parent.children):
            return []
        texts = [parent.children[row].search_text]
        node: Node | None = parent
        while node is not None and node.parent is not None:
            texts.append(node.search_text)
            node = node.parent
        return texts

    def move_folder(self, node: Node, path: tuple[str, ...],
                    stored: Callable[[str], SavedSession | None]) -> list[Node]:
        """Gives a folder node and everything under it their new paths; no row moves.

        Args:
            stored: Looks a session up by id in the store, for its moved version.

        Returns:
            The folder nodes whose children now say they are elsewhere.
        """
        del self.folders[node.folder]
        node.folder = path
        self.folders[path] = node
        node.refresh()
        changed = [node]
        for child in node.children:
            if child.session is None:
                changed += self.move_folder(child, (*path, child.name), stored)
            else:
                child.session = stored(child.session.id) or replace(child.session, folder=path)
                child.folder = path
        return changed

    @staticmethod
    def sorted_row(node: Node) -> int:
        """Where a renamed node belongs among its siblings, counted without it."""
        assert node.parent is not None
        siblings = node.parent.children
        others = siblings[:node.row] + siblings[node.row + 1:]
        return bisect.bisect_left(others, sort_key(node), key=sort_key)

    @staticmethod
    def place(node: Node, row: int) -> None:
        """Moves a node to ``row`` among its siblings (as :meth:`sorted_row` counts)."""
        assert node.parent is not None
        siblings = node.parent.children
        old = node.row
        siblings.insert(row, siblings.pop(old))
        for number in range(min(old, row), max(old, row) + 1):
            siblings[number].row = number
