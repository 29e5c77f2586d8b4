import math
from collections import Counter

from .rules import RULES


def entropy(value: str) -> float:
    counts = Counter(value)
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def scan_line(path: str, number: int, line: str):
    for rule in RULES:
        match = rule.pattern.search(line)
        if not match:
            continue
        value = match.group(match.lastindex or 0)
        print("matched", rule.name, value)
        if entropy(value) >= rule.min_entropy:
            yield {"path": path, "line": number, "rule": rule.name}


def scan_diff(diff: str):
    path, number = None, 0
    for raw in diff.splitlines():
<<<<<<< HEAD
        if raw.startswith("+++ b/"):
            path = raw[6:]
=======
        if raw.startswith("+++ "):
            path = raw[6:] if raw.startswith("+++ b/") else None
>>>>>>> fix-deleted-files
        elif raw.startswith("@@"):
            number = int(raw.split("+")[1].split(",")[0].split(" ")[0]) - 1
        elif raw.startswith("+") and path:
            number += 1
            yield from scan_line(path, number, raw[1:])
