#!/usr/bin/env bash
# One A/B leg of docs/performance.md: a fresh local stack (its own data folder), the cold-start run (the first 3,000
# messages at 100/s after it says ready), then warm steady runs; every figure from the benchmark's steady phase
# (CPU of every stack process from /proc, latency percentiles). Usage: bench/ab/measure.sh LABEL [RATE...]
# Environment: anything bin/courier-local takes (COURIER_PROPERTIES, COURIER_JVM_OPTIONS, ...; SPRING_* variables reach
# every service), RUNS (per rate, default 4: the first is not averaged), SECONDS_PER_RUN (default 40) and
# IDLE_SECONDS (CPU with no traffic after the warm-up, default 60).
set -euo pipefail
cd "$(dirname "$0")/../.."
label=${1:?label}; shift
rates=${*:-100}
out=bench-results/ab/$label; mkdir -p "$out"; rm -f "$out"/cold* "$out"/steady-*
source bin/use-jdk21.sh
export COURIER_DATA=${COURIER_DATA:-/tmp/courier-ab-data}
rm -rf "$COURIER_DATA"
export COURIER_PROPERTIES="${COURIER_PROPERTIES:-auth-service:courier.auth.password-hash-strength=4}"
bin/courier-local > "$out/stack.log" 2>&1 &
stack=$!
trap 'kill $stack 2>/dev/null; wait $stack 2>/dev/null || true' EXIT
until grep -q "Courier is ready" "$out/stack.log"; do
  kill -0 $stack 2>/dev/null || { echo "stack died"; tail -20 "$out/stack.log"; exit 1; }
  sleep 1
done
grep "Courier is up" "$out/stack.log"
# The cold phase's CPU by thread kind (JIT compilers, GC, the application), until the warm-up starts.
python3 bench/profile/thread_cpu.py "$out/stack.log" "$out/steady-${1:-100}.txt" "$out/cold-threads.txt" &
B="java -jar benchmark/target/benchmark-0.1.0-SNAPSHOT-exec.jar steady"
$B --warmup 0 --runs 1 --messages 3000 --rate 100 --out "$out/cold.json" | grep -v "^bench:" | tee "$out/cold.txt"
first=1
for rate in $rates; do
  warm=0; idle=0; [ $first = 1 ] && warm=6000 && idle=${IDLE_SECONDS:-60}; first=0
  $B --warmup $warm --idle $idle --runs "${RUNS:-4}" --messages $((rate * ${SECONDS_PER_RUN:-40})) --rate "$rate" \
    --out "$out/steady-$rate.json" \
    | grep -v "^bench:\|^direct:" | tee "$out/steady-$rate.txt"
done
