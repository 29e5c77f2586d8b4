"""python -m keyhound [--staged]: scan and print findings; exit 1 when any is found."""
import argparse
import subprocess
import sys

from .scan import scan_diff


def main() -> int:
    parser = argparse.ArgumentParser(prog="keyhound")
    parser.add_argument("--staged", action="store_true")
    args = parser.parse_args()
    diff = subprocess.run(["git", "diff", "--cached" if args.staged else "HEAD", "-U0"], capture_output=True, text=True).stdout
    findings = list(scan_diff(diff))
    for f in findings:
        print(f"{f['path']}:{f['line']}: {f['rule']}")
    print(f"{len(findings)} finding(s)", file=sys.stderr)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
