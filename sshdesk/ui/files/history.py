"""A pane's back and forward history: the folders visited, as a browser keeps pages."""


class History:
    """Visited folders and where the pane stands among them.

    The pane moves only once a folder has opened: it asks for the folder to go back to,
    opens it, and then calls :meth:`step`, so a folder that fails to open changes nothing.
    """

    def __init__(self, limit: int = 100) -> None:
        self._paths: list[str] = []
        self._index = -1
        self._limit = limit

    @property
    def current(self) -> str | None:
        return self._paths[self._index] if self._paths else None

    def visit(self, path: str) -> None:
        """Records a folder opened anew: the forward history is dropped."""
        if path == self.current:
            return
        del self._paths[self._index + 1:]
        self._paths.append(path)
        if len(self._paths) > self._limit:
            del self._paths[0]
        self._index = len(self._paths) - 1

    def target(self, offset: int) -> str | None:
        """The folder ``offset`` steps away (-1: back, 1: forward), if there is one."""
        index = self._index + offset
        return self._paths[index] if 0 <= index < len(self._paths) else None

    def step(self, offset: int) -> None:
        """Moves ``offset`` steps, after :meth:`target`'s folder has opened."""
        if self.target(offset) is not None:
            self._index += offset
