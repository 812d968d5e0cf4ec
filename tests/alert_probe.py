"""A spidermon action for tests: it writes the failed monitors to `$ALERT_PROBE_FILE`."""

from __future__ import annotations

import os
from pathlib import Path

from spidermon.core.actions import Action


class WriteAlert(Action):  # type: ignore[misc]
    def run_action(self) -> None:
        names = [result.monitor.monitor_name for result in self.result.monitors_failed_results]
        Path(os.environ["ALERT_PROBE_FILE"]).write_text("\n".join(names), encoding="utf-8")
