#!/usr/bin/env bash
# The sample programs over NATS JetStream: a nats-server -js of its own on a free loopback port
# with its store in WORK, liquid-exchange --nats, liquid-feed --nats publishing the data, then
# each named liquid-trader --nats at once, in lockstep unless --free-run. Leaves each trader's --summary-json in
# WORK/<name>_summary.json and every program's stderr in WORK/*.log:
#
#   nats_session.sh --feed BIN --exchange BIN --trader BIN --data FILE --work DIR
#                   [--trader-name NAME]... [--restart-broker] [--broker-down] [--free-run]
#
# --restart-broker: once the exchange has opened every trader's session, the broker is
# stopped (SIGTERM) and started again on the same port and store (trader_summary_check
# broker-outage then holds each summary to liquid-demo's, with both links' outages counted).
# --broker-down: the broker is stopped before the trader starts, which must give up with exit
# status 2 and say why.
#
# Fails if a program does not get ready, exits with an unexpected status, or does not end within
# its deadline. Every child still running is killed on the way out.
set -euo pipefail

# Generous: a sanitizer build on a shared two-core machine starts and runs slowly. A passing
# run never waits for them.
readonly startup_seconds=120
readonly session_seconds=900
readonly stop_seconds=120

feed= exchange= trader= data= work= restart_broker= broker_down= pacing=--lockstep
trader_names=()
while (($#)); do
    case $1 in
        --feed) feed=$2 ;;
        --exchange) exchange=$2 ;;
        --trader) trader=$2 ;;
        --data) data=$2 ;;
        --work) work=$2 ;;
        --trader-name) trader_names+=("$2") ;;
        --restart-broker) restart_broker=1; shift; continue ;;
        --broker-down) broker_down=1; shift; continue ;;
        --free-run) pacing=--threads=2; shift; continue ;;
        *) echo "nats_session.sh: unknown argument $1" >&2; exit 2 ;;
    esac
    shift 2
done
[[ -n $feed && -n $exchange && -n $trader && -n $data && -n $work ]] || { echo "nats_session.sh: missing arguments" >&2; exit 2; }
((${#trader_names[@]})) || trader_names=(trader)

rm -rf "$work"
mkdir -p "$work"
children=()
broker_pid=

cleanup() {
    for pid in "${children[@]}" $broker_pid; do kill -KILL "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

source "$(dirname "$0")/session_support.sh"

source "$(dirname "$0")/nats_broker.sh"

start_broker -1
url=nats://127.0.0.1:$port

if [[ -n $broker_down ]]; then
    stop_broker
    status=0
    timeout --signal=KILL "$session_seconds" "$trader" --nats "$url" --lockstep \
        >"$work/trader.stdout" 2>"$work/trader.log" || status=$?
    ((status == 2)) || fail "liquid-trader exited with status $status instead of 2"
    grep -qF "cannot connect to $url" "$work/trader.log" ||
        fail "liquid-trader's log does not say it cannot connect to $url"
    exit 0
fi

# The exchange prints "consuming SUBJECT on stream NAME" once connected; its stdout is a FIFO
# held open here, whose end tells when it has exited.
mkfifo "$work/exchange.stdout"
"$exchange" --nats "$url" --log-level info >"$work/exchange.stdout" 2>"$work/exchange.log" &
exchange_pid=$!
children+=($exchange_pid)
exec {exchange_fd}<"$work/exchange.stdout"
line= read_status=0
read -r -t "$startup_seconds" -u "$exchange_fd" line || read_status=$?
((read_status == 0)) || fail "liquid-exchange did not say it is consuming within $startup_seconds s"
[[ $line == consuming* ]] || fail "liquid-exchange printed '$line'"

status=0
timeout --signal=KILL "$session_seconds" "$feed" --nats "$url" --data "$data" --log-level info \
    >"$work/feed.stdout" 2>"$work/feed.log" || status=$?
((status == 0)) || fail "liquid-feed exited with status $status"

declare -A trader_pids
for name in "${trader_names[@]}"; do
    timeout --signal=KILL "$session_seconds" "$trader" --nats "$url" --name "$name" "$pacing" \
        --summary-json "$work/${name}_summary.json" --log-level info \
        >"$work/$name.stdout" 2>"$work/$name.log" &
    trader_pids[$name]=$!
    children+=($!)
done

# Every trader's session, so that the restart finds each of them connected on both links.
sessions_began() {
    local name
    for name in "${trader_names[@]}"; do
        grep -qF "trader $name's session began" "$work/exchange.log" || return 1
    done
}
if [[ -n $restart_broker ]]; then
    wait_for "$startup_seconds" sessions_began || fail "the exchange did not open every session"
    stop_broker
    start_broker "$port"
fi

for name in "${trader_names[@]}"; do
    status=0
    wait "${trader_pids[$name]}" || status=$?
    ((status == 0)) || fail "liquid-trader $name exited with status $status (137: after $session_seconds s)"
    cat "$work/$name.stdout"
done

kill -TERM "$exchange_pid"
while read -r -t "$stop_seconds" -u "$exchange_fd" line || read_status=$?; do
    ((read_status == 0)) || break
done
((read_status <= 128)) || fail "liquid-exchange did not exit within $stop_seconds s of SIGTERM"
status=0
wait "$exchange_pid" || status=$?
((status == 0)) || fail "liquid-exchange exited with status $status on SIGTERM"
