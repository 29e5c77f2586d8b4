import json
import sys
import time


class JsonLineLogger:
    """Minimal structured logger: one JSON object per line on stdout (read by the log shipper)."""

    def __init__(self, name: str, stream=sys.stdout):
        self.name = name
        self.stream = stream

    def _emit(self, level: str, message: str, **fields) -> None:
        record = {"ts": time.time(), "level": level, "logger": self.name, "msg": message, **fields}
        print(json.dumps(record), file=self.stream, flush=True)

    def info(self, message: str, **fields) -> None:
        self._emit("info", message, **fields)

    def error(self, message: str, **fields) -> None:
        self._emit("error", message, **fields)
