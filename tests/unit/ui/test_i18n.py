from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from sshdesk.core import i18n as core_i18n
from sshdesk.core.errors import ConnectRefusedError
from sshdesk.ui import i18n


@pytest.fixture
def restore(qapp: QApplication) -> Iterator[None]:
    """Leaves the app in English, as other tests expect."""
    before = set(qapp.findChildren(QTranslator))
    yield
    core_i18n.install_translator(lambda text: text)
    QLocale.setDefault(QLocale("C"))
    for translator in set(qapp.findChildren(QTranslator)) - before:
        QCoreApplication.removeTranslator(translator)


def test_chinese_ui_and_core_messages(restore: None) -> None:
    assert i18n.install(QCoreApplication.instance(), "zh_CN") == "zh_CN"  # type: ignore[arg-type]
    assert QCoreApplication.translate("MainWindow", "&Session") == "会话(&S)"
    error = ConnectRefusedError("db1:2222")
    assert "拒绝" in error.message
    assert error.host == "db1:2222"


def test_unknown_language_stays_english(restore: None) -> None:
    assert i18n.install(QCoreApplication.instance(), "xx_YY") == "en"  # type: ignore[arg-type]
    assert QCoreApplication.translate("MainWindow", "&Session") == "&Session"


def test_compiled_translation_is_cached() -> None:
    source = i18n.TRANSLATIONS / "sshdesk_zh_CN.ts"
    first = i18n.compiled(source)
    assert first is not None and first.is_file()
    assert i18n.compiled(source) == first
    assert i18n.available_languages() == ["zh_CN"]
