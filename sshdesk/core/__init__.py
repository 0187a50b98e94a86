"""The Qt-free core: connections, host keys, authentication, files and transfers.

Nothing under this package imports Qt, the terminal or the UI; the CLI and the GUI both
stand on it.
"""
