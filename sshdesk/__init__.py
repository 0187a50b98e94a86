"""sshdesk: a desktop SSH terminal and SFTP file manager."""

__version__ = "0.1.0"
