"""Qt item models over core data (saved sessions, …), for the views of :mod:`sshdesk.ui`."""
