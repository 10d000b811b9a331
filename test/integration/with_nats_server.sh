#!/usr/bin/env bash
# Runs a command beside a nats-server -js of its own on a free loopback port (nats_broker.sh),
# each argument's @NATS_URL@ replaced by the server's URL, and exits with the command's status:
#
#   with_nats_server.sh WORK COMMAND [ARG]...
set -euo pipefail

readonly startup_seconds=120
readonly stop_seconds=120

work=$1
shift
rm -rf "$work"
mkdir -p "$work"
broker_pid=
trap '[[ -z $broker_pid ]] || kill -KILL "$broker_pid" 2>/dev/null || true' EXIT

source "$(dirname "$0")/session_support.sh"

source "$(dirname "$0")/nats_broker.sh"
start_broker -1
args=("${@//@NATS_URL@/nats://127.0.0.1:$port}")
status=0
"${args[@]}" || status=$?
stop_broker
exit "$status"
