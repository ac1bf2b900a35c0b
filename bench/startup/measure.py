#!/usr/bin/env python3
"""Where a start of the local stack goes.

Starts bin/courier-local, waits for "Courier is ready", prints the wall time and, per process, the CPU seconds it
used until then (utime + stime from /proc/<pid>/stat), then stops the stack. A first run after a build also trains
the AOT caches. Keep the machine quiet for a fair figure.

Usage: bench/startup/measure.py [runs]       (environment as for bin/courier-local, e.g. COURIER_DATA)
"""
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections import defaultdict

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def name_of(pid):
    with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
        command = cmdline.read().replace(b"\0", b" ").decode(errors="replace")
    if "local-stack" in command:
        return "launcher and Kafka broker"
    service = re.search(r"([a-z-]+-service)/target", command)
    if service:
        return service.group(1)
    if "postgres" in command:
        return "postgresql"
    return None


def session_pids(sid):
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.getsid(int(entry)) == sid:
                    yield int(entry)
            except OSError:
                pass


def run_once(number):
    with tempfile.NamedTemporaryFile("w+", suffix=".log") as log:
        started = time.monotonic()
        launcher = subprocess.Popen([os.path.join(ROOT, "bin", "courier-local")], cwd=ROOT, stdout=log,
                                    stderr=subprocess.STDOUT, start_new_session=True)
        while True:
            log.seek(0)
            output = log.read()
            if "Courier is ready" in output:
                break
            if launcher.poll() is not None:
                sys.exit("the stack did not start:\n" + output)
            time.sleep(0.2)
        ready = time.monotonic() - started
        cpu, count = defaultdict(float), defaultdict(int)
        for pid in session_pids(launcher.pid):
            try:
                name = name_of(pid)
                if name:
                    cpu[name] += cpu_seconds(pid)
                    count[name] += 1
            except OSError:
                pass
        print(f"## run {number}: ready in {ready:.1f} s, {sum(cpu.values()):.0f} CPU s in all")
        print("| process | CPU s until ready |\n| --- | --- |")
        for name in sorted(cpu, key=cpu.get, reverse=True):
            instances = f" (×{count[name]})" if count[name] > 1 and "service" in name else ""
            print(f"| {name}{instances} | {cpu[name]:.1f} |")
        for line in output.splitlines():
            if re.search(r"started in|AOT|trained", line):
                print("    " + line.strip())
        os.killpg(launcher.pid, signal.SIGINT)
        try:
            launcher.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(launcher.pid, signal.SIGKILL)


if __name__ == "__main__":
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    for run in range(1, runs + 1):
        run_once(run)
