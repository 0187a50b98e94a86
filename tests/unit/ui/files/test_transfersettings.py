"""Transfer settings: the dialog's fields, the stored options, and their way to the queues."""

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from sshdesk.core import paths
from sshdesk.core.transfer_state import ConflictPolicy, SymlinkPolicy, TransferOptions
from sshdesk.ui.files import transfersettings
from sshdesk.ui.files.transfercontrol import TransferControl
from sshdesk.ui.files.transferpanel import TransferPanel
from sshdesk.ui.files.transfersettings import (
    KIB,
    MIB,
    TransferSettingsDialog,
    load_options,
    save_options,
)
from tests.unit.ui.files.doubles import RecordingTransfers

CHOSEN = TransferOptions(slots=7, conflict=ConflictPolicy.NEWER,
                         symlinks=SymlinkPolicy.COPY_LINK, keep_times=False,
                         keep_permissions=False, bandwidth_limit=512 * KIB)


@pytest.fixture
def dialog(qtbot: QtBot) -> TransferSettingsDialog:
    dialog = TransferSettingsDialog(TransferOptions())
    qtbot.addWidget(dialog)
    return dialog


@pytest.fixture
def make_control(qtbot: QtBot) -> Iterator[Callable[[RecordingTransfers], TransferControl]]:
    controls: list[TransferControl] = []

    def make(transfers: RecordingTransfers) -> TransferControl:
        controls.append(TransferControl(transfers))
        return controls[-1]

    yield make
    for control in controls:
        control.shutdown()
        control.deleteLater()


def _raw_settings() -> QSettings:
    return QSettings(str(paths.config_dir() / "preferences.ini"), QSettings.Format.IniFormat)


# -- the dialog -------------------------------------------------------------------------

def test_options_fill_the_fields(dialog: TransferSettingsDialog) -> None:
    dialog.set_options(CHOSEN)
    assert dialog.slots.value() == 7
    assert dialog.limit_speed.isChecked() and dialog.speed.isEnabled()
    assert (dialog.speed.value(), dialog.speed_unit.currentText()) == (512, "KiB/s")
    assert dialog.conflict.currentText() == "Overwrite if newer"
    assert dialog.symlinks.currentText() == "Copy as links"
    assert not dialog.keep_times.isChecked() and not dialog.keep_permissions.isChecked()


def test_fields_give_the_options(dialog: TransferSettingsDialog) -> None:
    dialog.slots.setValue(2)
    dialog.limit_speed.setChecked(True)
    dialog.speed.setValue(3)
    dialog.speed_unit.setCurrentText("MiB/s")
    dialog.conflict.setCurrentText("Keep both (rename)")
    dialog.symlinks.setCurrentText("Skip")
    dialog.keep_times.setChecked(False)
    assert dialog.options() == TransferOptions(
        slots=2, conflict=ConflictPolicy.RENAME, symlinks=SymlinkPolicy.SKIP,
        keep_times=False, keep_permissions=True, bandwidth_limit=3 * MIB)


def test_defaults_show_as_unlimited(dialog: TransferSettingsDialog) -> None:
    assert not dialog.limit_speed.isChecked()
    assert not dialog.speed.isEnabled() and not dialog.speed_unit.isEnabled()
    assert dialog.conflict.currentText() == "Ask"
    assert dialog.symlinks.currentText() == "Copy what they point to"
    assert dialog.options() == TransferOptions()
    dialog.limit_speed.setChecked(True)
    assert dialog.speed.isEnabled() and dialog.speed_unit.isEnabled()
    dialog.limit_speed.setChecked(False)
    assert dialog.options().bandwidth_limit == 0


def test_only_the_guis_conflict_answers_are_offered(dialog: TransferSettingsDialog) -> None:
    texts = [dialog.conflict.itemText(i) for i in range(dialog.conflict.count())]
    assert texts == ["Ask", "Overwrite", "Skip", "Keep both (rename)", "Resume",
                     "Overwrite if newer"]
    assert (dialog.slots.minimum(), dialog.slots.maximum()) == (1, 10)


@pytest.mark.parametrize("conflict", transfersettings.CONFLICT_CHOICES)
@pytest.mark.parametrize("symlinks", list(SymlinkPolicy))
def test_every_choice_round_trips(dialog: TransferSettingsDialog, conflict: ConflictPolicy,
                                  symlinks: SymlinkPolicy) -> None:
    options = TransferOptions(conflict=conflict, symlinks=symlinks)
    dialog.set_options(options)
    assert dialog.options() == options


@pytest.mark.parametrize(("limit", "shown"), [
    (1 * KIB, (1, "KiB/s")), (1536 * KIB, (1536, "KiB/s")), (1 * MIB, (1, "MiB/s")),
    (250 * MIB, (250, "MiB/s")), (1000, (1, "KiB/s")),  # not whole KiB: rounded up
])
def test_speed_limits_round_trip(dialog: TransferSettingsDialog, limit: int,
                                 shown: tuple[int, str]) -> None:
    dialog.set_options(TransferOptions(slots=1, bandwidth_limit=limit, keep_times=False))
    assert (dialog.speed.value(), dialog.speed_unit.currentText()) == shown
    expected = shown[0] * (MIB if shown[1] == "MiB/s" else KIB)
    assert dialog.options() == TransferOptions(slots=1, bandwidth_limit=expected,
                                               keep_times=False)


def test_the_clis_fail_policy_shows_as_ask(dialog: TransferSettingsDialog) -> None:
    dialog.set_options(TransferOptions(conflict=ConflictPolicy.FAIL))
    assert dialog.options().conflict is ConflictPolicy.ASK


# -- stored options ---------------------------------------------------------------------

def test_nothing_saved_gives_the_defaults(qtbot: QtBot) -> None:
    assert load_options() == TransferOptions()


def test_saved_options_survive_a_reload(qtbot: QtBot) -> None:
    save_options(CHOSEN)
    assert load_options() == CHOSEN
    text = (paths.config_dir() / "preferences.ini").read_text()
    assert "[transfers]" in text and "conflict=newer" in text
    save_options(TransferOptions())
    assert load_options() == TransferOptions()


@pytest.mark.parametrize(("key", "raw"), [
    ("slots", "many"), ("slots", "0"), ("slots", "11"), ("slots", "true"),
    ("conflict", "bogus"), ("conflict", "fail"), ("symlinks", "hardlink"),
    ("keep_times", "maybe"), ("keep_permissions", "2"),
    ("bandwidth_limit", "fast"), ("bandwidth_limit", "-5"), ("bandwidth_limit", "1.5"),
])
def test_bad_stored_values_fall_back_to_defaults(qtbot: QtBot, key: str, raw: str) -> None:
    save_options(CHOSEN)
    settings = _raw_settings()
    settings.setValue(f"transfers/{key}", raw)
    settings.sync()
    loaded = load_options()
    assert getattr(loaded, key) == getattr(TransferOptions(), key)
    others = [name for name in ("slots", "conflict", "symlinks", "keep_times",
                                "keep_permissions", "bandwidth_limit") if name != key]
    assert all(getattr(loaded, name) == getattr(CHOSEN, name) for name in others)


def test_stored_text_values_are_read(qtbot: QtBot) -> None:
    settings = _raw_settings()
    for key, raw in (("slots", " 3 "), ("conflict", "resume"), ("symlinks", "skip"),
                     ("keep_times", "no"), ("keep_permissions", "0"),
                     ("bandwidth_limit", "2048")):
        settings.setValue(f"transfers/{key}", raw)
    settings.sync()
    assert load_options() == TransferOptions(
        slots=3, conflict=ConflictPolicy.RESUME, symlinks=SymlinkPolicy.SKIP,
        keep_times=False, keep_permissions=False, bandwidth_limit=2048)


# -- on to the queues -------------------------------------------------------------------

def test_a_new_control_applies_the_saved_options(
        qtbot: QtBot, make_control: Callable[[RecordingTransfers], TransferControl]) -> None:
    first = RecordingTransfers()
    make_control(first)
    qtbot.waitUntil(lambda: first.given_options() == [TransferOptions()])
    save_options(CHOSEN)
    second = RecordingTransfers()
    make_control(second)
    qtbot.waitUntil(lambda: second.given_options() == [CHOSEN])
    # The control made before the change got it too.
    qtbot.waitUntil(lambda: first.given_options() == [TransferOptions(), CHOSEN])


def test_a_shut_down_control_hears_no_more(
        qtbot: QtBot, make_control: Callable[[RecordingTransfers], TransferControl]) -> None:
    transfers = RecordingTransfers()
    control = make_control(transfers)
    qtbot.waitUntil(lambda: len(transfers.given_options()) == 1)
    control.shutdown()
    save_options(CHOSEN)
    qtbot.wait(100)
    assert transfers.given_options() == [TransferOptions()]


@pytest.fixture
def panel(qtbot: QtBot, transfers: RecordingTransfers,
          make_control: Callable[[RecordingTransfers], TransferControl]) -> TransferPanel:
    panel = TransferPanel(make_control(transfers))
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    qtbot.waitUntil(lambda: len(transfers.given_options()) == 1)
    return panel


def _open_settings(panel: TransferPanel) -> TransferSettingsDialog:
    assert panel.edit_settings.text() == "Settings…"
    panel.edit_settings.trigger()
    assert panel.settings_dialog is not None
    return panel.settings_dialog


def _press(dialog: TransferSettingsDialog, button: QDialogButtonBox.StandardButton) -> None:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    box.button(button).click()


def test_ok_in_the_panel_saves_and_applies(
        qtbot: QtBot, panel: TransferPanel, transfers: RecordingTransfers,
        make_control: Callable[[RecordingTransfers], TransferControl]) -> None:
    other = RecordingTransfers()  # another session's queue
    make_control(other)
    dialog = _open_settings(panel)
    assert dialog.options() == TransferOptions()
    dialog.set_options(CHOSEN)
    _press(dialog, QDialogButtonBox.StandardButton.Ok)
    qtbot.waitUntil(lambda: transfers.given_options() == [TransferOptions(), CHOSEN])
    qtbot.waitUntil(lambda: other.given_options() == [TransferOptions(), CHOSEN])
    assert load_options() == CHOSEN
    assert panel.settings_dialog is None
    assert _open_settings(panel).options() == CHOSEN  # opens with what was saved


def test_cancel_in_the_panel_changes_nothing(qtbot: QtBot, panel: TransferPanel,
                                             transfers: RecordingTransfers) -> None:
    dialog = _open_settings(panel)
    dialog.slots.setValue(9)
    _press(dialog, QDialogButtonBox.StandardButton.Cancel)
    assert panel.settings_dialog is None
    qtbot.wait(100)
    assert transfers.given_options() == [TransferOptions()]
    assert load_options() == TransferOptions()
