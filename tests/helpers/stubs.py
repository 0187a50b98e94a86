"""A scripted prompter: answers from lists and records every question asked."""

from dataclasses import dataclass, field

from sshdesk.core.prompts import HostKeyDecision, InteractivePrompt, UnknownHostKey


@dataclass
class ScriptedPrompter:
    """Answers prompts from queues; an empty queue answers None (nothing to give).

    Attributes:
        host_key: The answer to every unknown host key.
        passwords, passphrases: Answers given in order.
        rounds: For keyboard-interactive, a function of the prompts giving the answers.
        asked: Every question, as ``(kind, detail)``.
    """

    host_key: HostKeyDecision = HostKeyDecision.REFUSE
    passwords: list[str] = field(default_factory=list)
    passphrases: list[str] = field(default_factory=list)
    rounds: "object | None" = None
    asked: list[tuple[str, object]] = field(default_factory=list)

    def ask_host_key(self, key: UnknownHostKey) -> HostKeyDecision:
        self.asked.append(("host_key", key))
        return self.host_key

    def ask_password(self, host: str, username: str) -> str | None:
        self.asked.append(("password", username))
        return self.passwords.pop(0) if self.passwords else None

    def ask_passphrase(self, host: str, key_path: str, retry: bool) -> str | None:
        self.asked.append(("passphrase", (key_path, retry)))
        return self.passphrases.pop(0) if self.passphrases else None

    def ask_interactive(
        self, host: str, title: str, instructions: str, prompts: list[InteractivePrompt]
    ) -> list[str] | None:
        self.asked.append(("interactive", [p.text for p in prompts]))
        if self.rounds is None:
            return None
        return self.rounds(prompts)  # type: ignore[operator]

    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.asked]
