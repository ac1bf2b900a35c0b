#!/usr/bin/env bash
# Records a JFR CPU profile of every JVM of a running local stack for N seconds (default 30) while the caller puts
# load on it, then prints the hottest methods and packages per process. Usage: bench/profile/profile-stack.sh OUT [S]
set -euo pipefail
out=${1:?output folder}; seconds=${2:-30}
mkdir -p "$out"
JDK=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
for pid in $(pgrep -f -- '-service.jar|local-stack-.*-exec.jar'); do
  name=$(tr '\0' ' ' < /proc/$pid/cmdline | grep -o -- '--server.port=[0-9]*\|[a-z-]*-service.jar\|local-stack' | tr '\n' '_')
  "$JDK/bin/jcmd" "$pid" JFR.start name=prof settings=profile duration=${seconds}s filename="$out/$pid-${name}.jfr" >/dev/null &
done
wait
sleep $((seconds + 3))
for f in "$out"/*.jfr; do
  "$JDK/bin/jfr" print --events jdk.ExecutionSample "$f" > "${f%.jfr}.txt" || true
done
python3 "$(dirname "$0")/top-frames.py" "$out"/*.txt
