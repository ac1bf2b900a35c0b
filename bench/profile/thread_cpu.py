#!/usr/bin/env python3
"""CPU seconds of every stack JVM between two moments, split by thread kind (C1 and C2 JIT compiler threads, GC and
VM threads, the application's own), from /proc/<pid>/task/*/stat. bench/ab/measure.sh runs it around the cold phase
to show how much of a cold stack's CPU is the JIT compiling the message path.

Usage: thread_cpu.py START_LOG END_FILE OUT
  waits until START_LOG says "Courier is ready", takes the first reading, waits until END_FILE exists, takes the
  second, and writes the difference per process and in total to OUT. The load generator's JVM is left out.
"""
import os
import re
import sys
import time

TICKS = os.sysconf('SC_CLK_TCK')


def kind(thread_name):
    if thread_name.startswith('C2 Compiler'):
        return 'C2'
    if thread_name.startswith('C1 Compiler'):
        return 'C1'
    if thread_name.startswith(('VM Thread', 'GC Thread', 'G1 ', 'VM Periodic')):
        return 'GC/VM'
    return 'app'


def process_label(pid, command):
    service = re.search(r'extracted/([a-z-]+)\.jar', command) or re.search(r'(local-stack|benchmark)', command)
    label = (service.group(1) if service else 'java') + ' ' + pid
    port = re.search(r'--server\.port=(\d+)', command)
    return label + (':' + port.group(1) if port else '')


def reading():
    """{process label: {thread kind: CPU seconds so far}} of every java process."""
    result = {}
    for pid in filter(str.isdigit, os.listdir('/proc')):
        try:
            argv = open(f'/proc/{pid}/cmdline', 'rb').read().split(b'\0')
            if not argv[0].endswith(b'java'):
                continue
            label = process_label(pid, b' '.join(argv).decode(errors='replace'))
            kinds = {}
            for tid in os.listdir(f'/proc/{pid}/task'):
                try:
                    name = open(f'/proc/{pid}/task/{tid}/comm').read().strip()
                    fields = open(f'/proc/{pid}/task/{tid}/stat').read().rsplit(')', 1)[1].split()
                except OSError:
                    continue  # the thread ended between the listing and the read
                seconds = (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime
                kinds[kind(name)] = kinds.get(kind(name), 0) + seconds
            result[label] = kinds
        except OSError:
            continue
    return result


def main(start_log, end_file, out):
    while not (os.path.exists(start_log) and 'Courier is ready' in open(start_log, errors='replace').read()):
        time.sleep(0.2)
    before, started = reading(), time.time()
    while not os.path.exists(end_file):
        time.sleep(0.2)
    after, ended = reading(), time.time()
    totals, lines = {}, []
    for label, kinds in sorted(after.items()):
        if label.startswith('benchmark'):
            continue
        spent = {k: v - before.get(label, {}).get(k, 0) for k, v in kinds.items()}
        for k, v in spent.items():
            totals[k] = totals.get(k, 0) + v
        lines.append(label + ': ' + ', '.join(f'{k} {v:.1f}' for k, v in sorted(spent.items())))
    total = sum(totals.values())
    with open(out, 'w') as f:
        f.write(f'CPU s by thread kind over {ended - started:.1f} s\n' + '\n'.join(lines) + '\n')
        f.write('total: ' + ', '.join(f'{k} {v:.1f} ({100 * v / total:.0f} %)' for k, v in sorted(totals.items()))
                + f'; all {total:.1f}\n')


if __name__ == '__main__':
    main(*sys.argv[1:4])
