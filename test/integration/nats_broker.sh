# Shell functions for a nats-server -js of a test's own, sourced by the test scripts. The caller
# sets `work` (the store and the ports file go there), `startup_seconds` and `stop_seconds`, and
# defines `fail`; `start_broker -1` picks a free loopback port and sets `port`, `start_broker
# "$port"` restarts on it with the same store; the caller kills $broker_pid on its way out.

# Waits up to `seconds` for `condition` (a command) to hold.
wait_for() {
    local seconds=$1
    shift
    local deadline=$((SECONDS + seconds))
    until "$@"; do
        ((SECONDS < deadline)) || return 1
        sleep 0.1
    done
}

port_file_written() { compgen -G "$work/ports/*.ports" >/dev/null; }
broker_answers() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

# Starts the broker on `port` (-1 at first: any free one, then read from its ports file).
start_broker() {
    mkdir -p "$work/ports"
    nats-server -js -a 127.0.0.1 -p "$1" -sd "$work/store" --ports_file_dir "$work/ports" \
        >>"$work/nats-server.log" 2>&1 &
    broker_pid=$!
    if [[ $1 == -1 ]]; then
        wait_for "$startup_seconds" port_file_written || fail "nats-server wrote no ports file"
        [[ $(cat "$work"/ports/*.ports) =~ nats://127\.0\.0\.1:([0-9]+) ]] ||
            fail "nats-server's ports file names no client port"
        port=${BASH_REMATCH[1]}
    fi
    wait_for "$startup_seconds" broker_answers || fail "nats-server does not answer on $port"
}

stop_broker() {
    kill -TERM "$broker_pid"
    timeout "$stop_seconds" tail --pid="$broker_pid" -f /dev/null ||
        fail "nats-server did not exit within $stop_seconds s of SIGTERM"
    rm -f "$work"/ports/*.ports
}

