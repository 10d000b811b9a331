# Sourced by the session scripts. `fail MESSAGE` reports the failure with the last lines of every
# log in $work, then exits 1.
fail() {
    echo "FAILED: $*" >&2
    for log in "$work"/*.log; do
        echo "--- $(basename "$log")" >&2
        tail -n 40 "$log" >&2
    done
    exit 1
}
