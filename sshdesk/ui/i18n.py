"""Choosing and installing the UI language.

Translations live as Qt Linguist sources (``resources/translations/sshdesk_<locale>.ts``)
and are compiled with ``pyside6-lrelease`` at run time into the cache folder the first time
they are needed (and again whenever the source changes), so no build step is needed. The
modules this needs are imported only when there is a translation to load (and lrelease's
only when it must run): an English start skips them.
"""

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from sshdesk.core import i18n as core_i18n
from sshdesk.resources import RESOURCES

log = logging.getLogger(__name__)

TRANSLATIONS = RESOURCES / "translations"
#: The context lupdate gives the core's plain ``tr()`` calls (no enclosing QObject).
CORE_CONTEXT = ""


def available_languages() -> list[str]:
    """Locales with a translation, e.g. ``["zh_CN"]`` (English is the source language)."""
    return sorted(p.stem.removeprefix("sshdesk_") for p in TRANSLATIONS.glob("sshdesk_*.ts"))


def _source_for(locale: str) -> Path | None:
    for name in (locale, locale.split("_")[0]):
        candidate = TRANSLATIONS / f"sshdesk_{name}.ts"
        if candidate.is_file():
            return candidate
    return None


def compiled(source: Path) -> Path | None:
    """The ``.qm`` for a ``.ts`` file, compiling it when missing or out of date."""
    import hashlib  # imported late: see the module docstring

    import platformdirs

    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    cache = Path(platformdirs.user_cache_dir("sshdesk", appauthor=False)) / "translations"
    target = cache / f"{source.stem}-{digest}.qm"
    if target.is_file():
        return target
    import subprocess

    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    cache.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run([str(lrelease), "-silent", str(source), "-qm", str(target)],
                       check=True, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as error:
        log.warning("cannot compile %s: %s", source, error)
        return None
    return target


def install(app: QCoreApplication, language: str | None = None) -> str:
    """Installs the translation for ``language`` (default: the system's locale).

    Returns:
        The locale in use, e.g. ``"zh_CN"``, or ``"en"`` when untranslated.
    """
    locale = language or QLocale.system().name()
    source = _source_for(locale)
    if source is None:
        return "en"
    qm = compiled(source)
    translator = QTranslator(app)
    if qm is None or not translator.load(str(qm)):
        return "en"
    app.installTranslator(translator)
    _install_qt_base(app, locale)
    core_i18n.install_translator(lambda text: QCoreApplication.translate(CORE_CONTEXT, text))
    QLocale.setDefault(QLocale(locale))
    return locale


def _install_qt_base(app: QCoreApplication, locale: str) -> None:
    """Qt's own strings (standard buttons, file dialogs), when Qt ships them."""
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for catalogue in ("qtbase", "qt"):
        qt_translator = QTranslator(app)
        if qt_translator.load(f"{catalogue}_{locale}", folder):
            app.installTranslator(qt_translator)
            return
