import subprocess
from pathlib import Path

import pytest

from sshdesk.core.errors import KeyFileError, PassphraseRequiredError
from sshdesk.core.keys import load_private_key, public_blob_beside
from tests.helpers.stubs import ScriptedPrompter


def keygen(path: Path, kind: str = "ed25519", passphrase: str = "") -> Path:
    subprocess.run(["ssh-keygen", "-q", "-t", kind, "-N", passphrase, "-f", str(path)],
                   check=True)
    return path


def test_plain_key_loads_without_questions(tmp_path: Path) -> None:
    prompter = ScriptedPrompter()
    key = load_private_key(keygen(tmp_path / "k"), "h", None, prompter)
    assert key is not None and key.get_name() == "ssh-ed25519"
    assert prompter.asked == []
    assert public_blob_beside(tmp_path / "k") == key.asbytes()


def test_encrypted_key_uses_the_given_passphrase(tmp_path: Path) -> None:
    prompter = ScriptedPrompter()
    key = load_private_key(keygen(tmp_path / "k", "ecdsa", "right-pass"), "h", "right-pass",
                           prompter)
    assert key is not None and prompter.asked == []


def test_encrypted_key_asks_again_after_a_wrong_passphrase(tmp_path: Path) -> None:
    path = keygen(tmp_path / "k", "ed25519", "right-pass")
    prompter = ScriptedPrompter(passphrases=["wrong-one", "right-pass"])
    assert load_private_key(path, "h", None, prompter) is not None
    assert prompter.asked == [("passphrase", (str(path), False)),
                              ("passphrase", (str(path), True))]


def test_encrypted_key_without_any_answer_is_skipped(tmp_path: Path) -> None:
    path = keygen(tmp_path / "k", "ed25519", "right-pass")
    assert load_private_key(path, "h", None, ScriptedPrompter()) is None


def test_only_wrong_passphrases_give_a_clear_error(tmp_path: Path) -> None:
    path = keygen(tmp_path / "k", "rsa", "right-pass")
    prompter = ScriptedPrompter(passphrases=["a-wrong", "b-wrong", "c-wrong"])
    with pytest.raises(PassphraseRequiredError) as caught:
        load_private_key(path, "h", None, prompter)
    assert "wrong" in caught.value.message
    assert "a-wrong" not in caught.value.describe()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\n", ["PuTTY", "puttygen"]),
        (b"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA user@host\n", ["public key", ".pub"]),
        (b"-----BEGIN DSA PRIVATE KEY-----\nxx\n", ["DSA", "ssh-keygen -t ed25519"]),
        (b"just some text\n", ["not a private key"]),
        (b"-----BEGIN OPENSSH PRIVATE KEY-----\nbroken\n-----END OPENSSH PRIVATE KEY-----\n",
         ["not a key"]),
    ],
)
def test_unusable_files_are_explained(tmp_path: Path, content: bytes, words: list[str]) -> None:
    path = tmp_path / "key"
    path.write_bytes(content)
    with pytest.raises(KeyFileError) as caught:
        load_private_key(path, "h", None, ScriptedPrompter())
    text = caught.value.describe()
    for word in words:
        assert word in text


def test_missing_key_file(tmp_path: Path) -> None:
    with pytest.raises(KeyFileError, match="does not exist"):
        load_private_key(tmp_path / "nope", "h", None, ScriptedPrompter())
