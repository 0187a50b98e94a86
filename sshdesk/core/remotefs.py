"""Remote files over SFTP, as plain records; paramiko's SFTPClient stays inside.

One :class:`RemoteFiles` belongs to one thread: paramiko deadlocks when threads share an
``SFTPClient`` (paramiko issues #718, #1836). :meth:`Connection.open_sftp` hands each
thread its own.
"""

import errno
import stat
from dataclasses import dataclass

import paramiko

from sshdesk.core.errors import ConnectionLostError, RemoteFileError
from sshdesk.core.i18n import tr


@dataclass(frozen=True)
class RemoteEntry:
    """One directory entry.

    Attributes:
        name: The file name (no folder part).
        size: Size in bytes.
        mtime: Modification time, seconds since the epoch.
        mode: POSIX mode bits including the file type.
    """

    name: str
    size: int
    mtime: int
    mode: int

    @property
    def is_dir(self) -> bool:
        return stat.S_ISDIR(self.mode)

    @property
    def is_link(self) -> bool:
        return stat.S_ISLNK(self.mode)


class RemoteFiles:
    """File operations on one SFTP session. Every method is blocking."""

    def __init__(self, client: paramiko.SFTPClient, host: str) -> None:
        self._client = client
        self._host = host

    def list_folder(self, path: str) -> list[RemoteEntry]:
        """Lists a folder (without ``.`` and ``..``), sorted by name.

        Raises:
            RemoteFileError: The folder does not exist, is not a folder, or is not readable.
            ConnectionLostError: The connection broke.
        """
        try:
            attributes = self._client.listdir_attr(path)
        except OSError as error:
            raise self._file_error(tr("list folder"), path, error) from error
        except (EOFError, paramiko.SSHException) as error:
            raise ConnectionLostError(self._host, str(error)) from error
        return sorted(
            (RemoteEntry(a.filename, a.st_size or 0, a.st_mtime or 0, a.st_mode or 0)
             for a in attributes),
            key=lambda entry: entry.name,
        )

    def stat(self, path: str) -> RemoteEntry:
        """Describes one path (following symlinks)."""
        try:
            a = self._client.stat(path)
        except OSError as error:
            raise self._file_error(tr("read file information"), path, error) from error
        except (EOFError, paramiko.SSHException) as error:
            raise ConnectionLostError(self._host, str(error)) from error
        name = path.rstrip("/").rsplit("/", 1)[-1] or "/"
        return RemoteEntry(name, a.st_size or 0, a.st_mtime or 0, a.st_mode or 0)

    def close(self) -> None:
        self._client.close()

    def _file_error(self, operation: str, path: str, error: OSError) -> RemoteFileError:
        reasons = {
            errno.ENOENT: (tr("no such file or folder"), tr("Check the path.")),
            errno.EACCES: (tr("permission denied"),
                           tr("Log in as a user allowed to read it, or ask its owner.")),
        }
        reason, hint = reasons.get(error.errno or 0, (error.strerror or str(error), ""))
        return RemoteFileError(self._host, operation, path, reason, hint)
