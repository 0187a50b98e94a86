"""Which side a path belongs to, and how paths travel in a drag.

A drag out of a pane carries :data:`MIME_TYPE`: the side it came from and the full paths,
as JSON (which keeps an undecodable name's escape characters). A drag from this computer's
pane also carries ``file://`` URLs, for other programs. Drops from other programs arrive
as ``text/uri-list``: local files.
"""

import enum
import json
import os
import urllib.parse

from PySide6.QtCore import QByteArray, QMimeData, QUrl

MIME_TYPE = "application/x-sshdesk-files"


class Side(enum.Enum):
    """A pane's side: files on this computer or on the server."""

    LOCAL = "local"
    REMOTE = "remote"


def encode(side: Side, paths: list[str]) -> QMimeData:
    """Mime data for dragging ``paths`` out of the ``side`` pane."""
    data = QMimeData()
    payload = json.dumps({"side": side.value, "paths": paths})  # ASCII: surrogates escaped
    data.setData(MIME_TYPE, QByteArray(payload.encode("ascii")))
    if side is Side.LOCAL:
        data.setUrls([QUrl(_file_url(path)) for path in paths])
    return data


def decode(data: QMimeData) -> tuple[Side, list[str]] | None:
    """The side and paths a drag carries: ours, or local files from another program;
    ``None`` for anything else."""
    if data.hasFormat(MIME_TYPE):
        try:
            payload = json.loads(bytes(data.data(MIME_TYPE).data()).decode("ascii"))
            return Side(payload["side"]), [str(path) for path in payload["paths"]]
        except (ValueError, KeyError, TypeError):
            return None
    paths = [path for url in data.urls() if (path := _local_path(url)) is not None]
    return (Side.LOCAL, paths) if paths else None


def _file_url(path: str) -> str:
    return "file://" + urllib.parse.quote(os.fsencode(path))


def _local_path(url: QUrl) -> str | None:
    """A ``file://`` URL's path, byte for byte (``QUrl.toLocalFile`` would replace the
    bytes of a name that is not UTF-8)."""
    if url.scheme() != "file":
        return None
    encoded = url.path(QUrl.ComponentFormattingOption.FullyEncoded)
    return os.fsdecode(urllib.parse.unquote_to_bytes(encoded)) or None
