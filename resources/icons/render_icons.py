#!/usr/bin/env python3
"""Render the sshdesk app icon (sshdesk.svg) into the hicolor icon theme layout.

Usage (from anywhere, with the project venv):

    python resources/icons/render_icons.py

Writes resources/icons/hicolor/<N>x<N>/apps/io.github.sshdesk.sshdesk.png for
every size in SIZES (16 px comes from the hand-tuned sshdesk-16.svg, the rest
from sshdesk.svg) and copies sshdesk.svg to hicolor/scalable/apps/.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

# Must be set before any Qt module is imported so no display is needed.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

APP_ID = "io.github.sshdesk.sshdesk"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
HERE = Path(__file__).resolve().parent
SOURCE = HERE / "sshdesk.svg"
# Hand-tuned pixel-grid variants for sizes where the full artwork turns to mush.
SMALL_SOURCES = {16: HERE / "sshdesk-16.svg"}
THEME = HERE / "hicolor"


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    renderers: dict[Path, QSvgRenderer] = {}
    for source in {SOURCE, *SMALL_SOURCES.values()}:
        renderer = QSvgRenderer(str(source))
        if not renderer.isValid():
            print(f"error: cannot parse {source}", file=sys.stderr)
            return 1
        renderers[source] = renderer

    for size in SIZES:
        renderer = renderers[SMALL_SOURCES.get(size, SOURCE)]
        out = THEME / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        out.parent.mkdir(parents=True, exist_ok=True)
        if not render(renderer, size).save(str(out), "PNG"):
            print(f"error: cannot write {out}", file=sys.stderr)
            return 1
        print(out.relative_to(HERE))

    scalable = THEME / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SOURCE, scalable)
    print(scalable.relative_to(HERE))
    return 0


if __name__ == "__main__":
    sys.exit(main())
