"""The terminal: the emulator core adapter (no Qt) and the widget that paints it."""
