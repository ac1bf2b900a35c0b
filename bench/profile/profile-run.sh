#!/usr/bin/env bash
# A fresh local stack, warmed up, then one-to-one load at RATE/s while every JVM records a JFR profile for 30 s;
# prints the hottest methods and layers per process. Usage: bench/profile/profile-run.sh OUT [RATE]
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:?output folder}; rate=${2:-300}
mkdir -p "$out"
source bin/use-jdk21.sh
export COURIER_DATA=${COURIER_DATA:-/tmp/courier-ab-data}
rm -rf "$COURIER_DATA"
export COURIER_PROPERTIES="${COURIER_PROPERTIES:-auth-service:courier.auth.password-hash-strength=4}"
bin/courier-local > "$out/stack.log" 2>&1 &
stack=$!
trap 'kill $stack 2>/dev/null; wait $stack 2>/dev/null || true' EXIT
until grep -q "Courier is ready" "$out/stack.log"; do kill -0 $stack; sleep 1; done
B="java -jar benchmark/target/benchmark-0.1.0-SNAPSHOT-exec.jar steady"
$B --warmup 6000 --runs 1 --messages $((rate * 20)) --rate "$rate" > /dev/null
( sleep 15; bench/profile/profile-stack.sh "$out" 30 > "$out/profile.txt" ) &
profiler=$!
$B --warmup 0 --runs 1 --messages $((rate * 60)) --rate "$rate" | grep -v "^bench:\|^direct:" | tee "$out/load.txt"
wait $profiler
cat "$out/profile.txt"
