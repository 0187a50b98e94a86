"""The file manager: two panes (this computer and the server), and the transfer panel."""
