"""Sizes, rates, durations and times as the panes and the panel show them."""

import time

from sshdesk.ui.files.formatting import human_duration, human_rate, human_size, local_time


def test_sizes(qapp) -> None:
    assert human_size(0) == "0 B"
    assert human_size(1023) == "1023 B"
    assert human_size(1024) == "1.0 KiB"
    assert human_size(1_258_291) == "1.2 MiB"
    assert human_size(5 * 1024**5 * 2048) == "10240.0 PiB"
    assert human_rate(12.3 * 1024 * 1024) == "12.3 MiB/s"


def test_durations() -> None:
    assert human_duration(42) == "0:42"
    assert human_duration(725.4) == "12:05"
    assert human_duration(3 * 3600 + 4 * 60 + 5) == "3:04:05"
    assert human_duration(-3) == "0:00"


def test_times_are_local() -> None:
    now = int(time.time())
    assert local_time(now) == time.strftime("%Y-%m-%d %H:%M", time.localtime(now))
    assert local_time(10**20) == ""
