"""Every translation is complete, current with the code, and keeps the placeholders."""

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = sorted((ROOT / "resources" / "translations").glob("sshdesk_*.ts"))
PLACEHOLDER = re.compile(r"\{[a-z_]+(?::[^}]*)?\}")


def messages(ts: Path) -> list[ElementTree.Element]:
    return list(ElementTree.parse(ts).getroot().iter("message"))


def test_there_is_a_simplified_chinese_translation() -> None:
    assert [ts.name for ts in TRANSLATIONS] == ["sshdesk_zh_CN.ts"]


@pytest.mark.parametrize("ts", TRANSLATIONS, ids=lambda p: p.stem)
def test_every_message_is_translated_and_keeps_its_placeholders(ts: Path) -> None:
    problems = []
    for message in messages(ts):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        text = translation.text or ""
        if translation.get("type") in ("unfinished", "vanished", "obsolete") or not text:
            problems.append(f"untranslated: {source!r}")
        elif sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
            problems.append(f"placeholders differ: {source!r} -> {text!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("ts", TRANSLATIONS, ids=lambda p: p.stem)
def test_translation_covers_every_string_in_the_code(ts: Path, tmp_path: Path) -> None:
    """lupdate over the code adds no new string (run scripts/update_translations.sh)."""
    copy = tmp_path / ts.name
    shutil.copy(ts, copy)
    sources = sorted(str(p) for p in (ROOT / "sshdesk").rglob("*.py"))
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    subprocess.run([str(lupdate), "-no-obsolete", "-locations", "none", *sources, "-ts",
                    str(copy)], check=True, capture_output=True, cwd=ROOT, timeout=60)
    new = [m.findtext("source") for m in messages(copy)
           if (m.find("translation") is not None
               and m.find("translation").get("type") == "unfinished")]  # type: ignore[union-attr]
    assert not new, "strings missing from the translation:\n" + "\n".join(map(str, new))
