"""The Qt user interface: windows, models, dialogs."""
