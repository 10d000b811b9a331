#!/usr/bin/env bash
# Runs liquid-feed and liquid-exchange on loopback ports of their own choosing (port 0), then
# liquid-trader against the addresses they print, and leaves the trader's --summary-json in
# WORK/trader_summary.json and every program's stderr in WORK/*.log:
#
#   tcp_session.sh --feed BIN --exchange BIN --trader BIN --data FILE --work DIR
#                  [--feed-option OPT]... [--exchange-option OPT]... [--trader-option OPT]...
#                  [--trader-fails-with TEXT]
#
# Fails if a server does not print where it listens, if the trader exits with a status other
# than 0 (with --trader-fails-with: other than 1, or without TEXT in its log), or if a server
# does not exit with 0 on SIGTERM, each within a deadline. Every child still running is killed
# on the way out.
set -euo pipefail

# Generous: a sanitizer build on a shared two-core machine starts and runs slowly. A passing
# run never waits for them.
readonly startup_seconds=120
readonly session_seconds=900
readonly stop_seconds=120

feed= exchange= trader= data= work= trader_fails_with=
feed_options=() exchange_options=() trader_options=()
while (($#)); do
    case $1 in
        --feed) feed=$2 ;;
        --exchange) exchange=$2 ;;
        --trader) trader=$2 ;;
        --data) data=$2 ;;
        --work) work=$2 ;;
        --feed-option) feed_options+=("$2") ;;
        --exchange-option) exchange_options+=("$2") ;;
        --trader-option) trader_options+=("$2") ;;
        --trader-fails-with) trader_fails_with=$2 ;;
        *) echo "tcp_session.sh: unknown argument $1" >&2; exit 2 ;;
    esac
    shift 2
done
[[ -n $feed && -n $exchange && -n $trader && -n $data && -n $work ]] || { echo "tcp_session.sh: missing arguments" >&2; exit 2; }

rm -rf "$work"
mkdir -p "$work"
children=()

cleanup() {
    for pid in "${children[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

source "$(dirname "$0")/session_support.sh"

# Starts a server whose first line on stdout is "listening HOST:PORT" and sets `address` to
# HOST:PORT. Its stdout is a FIFO held open here: the line is read as soon as it is written, and
# the end of the FIFO tells when the server has exited.
start_server() {
    local name=$1
    shift
    mkfifo "$work/$name.stdout"
    "$@" --port 0 >"$work/$name.stdout" 2>"$work/$name.log" &
    children+=($!)
    server_pids[$name]=$!
    local fd
    exec {fd}<"$work/$name.stdout"
    server_fds[$name]=$fd
    local line= read_status=0
    read -r -t "$startup_seconds" -u "$fd" line || read_status=$?
    ((read_status <= 128)) || fail "$name did not print where it listens within $startup_seconds s"
    ((read_status == 0)) || fail "$name exited before printing where it listens"
    [[ $line =~ ^listening\ (.+)$ ]] || fail "$name printed '$line' instead of its address"
    address=${BASH_REMATCH[1]}
}

# Stops a server with SIGTERM and expects exit status 0 within the deadline.
stop_server() {
    local name=$1 line= read_status=0
    kill -TERM "${server_pids[$name]}" 2>/dev/null || true
    while read -r -t "$stop_seconds" -u "${server_fds[$name]}" line || read_status=$?; do
        ((read_status == 0)) || break
    done
    ((read_status <= 128)) || fail "$name did not exit within $stop_seconds s of SIGTERM"
    local status=0
    wait "${server_pids[$name]}" || status=$?
    ((status == 0)) || fail "$name exited with status $status on SIGTERM"
}

declare -A server_pids server_fds
start_server feed "$feed" --data "$data" --log-level info \
    "${feed_options[@]}"
feed_address=$address
start_server exchange "$exchange" --log-level info \
    "${exchange_options[@]}"
exchange_address=$address

status=0
timeout --signal=KILL "$session_seconds" \
    "$trader" --feed "$feed_address" --exchange "$exchange_address" \
    --summary-json "$work/trader_summary.json" --log-level info "${trader_options[@]}" \
    >"$work/trader.stdout" 2>"$work/trader.log" || status=$?
if [[ -n $trader_fails_with ]]; then
    ((status == 1)) || fail "liquid-trader exited with status $status instead of failing"
    grep -qF -- "$trader_fails_with" "$work/trader.log" ||
        fail "liquid-trader's log does not say '$trader_fails_with'"
else
    ((status == 0)) || fail "liquid-trader exited with status $status (137: after $session_seconds s)"
fi
stop_server feed
stop_server exchange
cat "$work/trader.stdout"
