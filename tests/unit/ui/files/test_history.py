"""Back and forward: visits, steps, and the forward history dropped by a new visit."""

from sshdesk.ui.files.history import History


def test_back_and_forward() -> None:
    history = History()
    assert history.current is None and history.target(-1) is None
    for path in ("/a", "/b", "/c"):
        history.visit(path)
    assert history.target(-1) == "/b" and history.target(1) is None
    history.step(-1)
    history.step(-1)
    assert history.current == "/a" and history.target(1) == "/b"
    history.visit("/d")
    assert history.target(1) is None and history.target(-1) == "/a"
    history.visit("/d")  # the same folder again is no new step
    assert history.target(-1) == "/a"


def test_a_step_beyond_the_ends_does_nothing() -> None:
    history = History()
    history.visit("/a")
    history.step(-1)
    history.step(1)
    assert history.current == "/a"


def test_old_visits_are_forgotten() -> None:
    history = History(limit=3)
    for path in ("/1", "/2", "/3", "/4"):
        history.visit(path)
    history.step(-1)
    history.step(-1)
    assert history.current == "/2" and history.target(-1) is None
