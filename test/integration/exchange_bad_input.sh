#!/usr/bin/env bash
# Talks to liquid-exchange as a careless client would, on a loopback port of its choosing, and
# checks that every bad input is answered on the same connection and logged at a bounded rate,
# and that events claiming to come from the exchange are not passed off as its own:
#
#   exchange_bad_input.sh --exchange BIN --work DIR
#
# The client sends its lines, then a tick_done barrier: the exchange acknowledges it after every
# answer it owed, so the replies read up to that acknowledgement are all there will be.
set -euo pipefail

readonly startup_seconds=120
readonly reply_seconds=120
readonly stop_seconds=120
# Orders sent with the same mistake, to show the log does not grow with them.
readonly repeated_mistakes=500

exchange= work=
while (($#)); do
    case $1 in
        --exchange) exchange=$2 ;;
        --work) work=$2 ;;
        *) echo "exchange_bad_input.sh: unknown argument $1" >&2; exit 2 ;;
    esac
    shift 2
done
[[ -n $exchange && -n $work ]] || { echo "exchange_bad_input.sh: missing arguments" >&2; exit 2; }

rm -rf "$work"
mkdir -p "$work"
server_pid=

cleanup() { [[ -z $server_pid ]] || kill -KILL "$server_pid" 2>/dev/null || true; }
trap cleanup EXIT

fail() {
    echo "FAILED: $*" >&2
    echo "--- replies" >&2
    cat "$work/replies.jsonl" >&2 || true
    echo "--- exchange.log" >&2
    tail -n 40 "$work/exchange.log" >&2 || true
    exit 1
}

mkfifo "$work/exchange.stdout"
"$exchange" --port 0 --log-level info --max-id-length 16 --max-resting-orders 2 \
    >"$work/exchange.stdout" 2>"$work/exchange.log" &
server_pid=$!
exec {server_out}<"$work/exchange.stdout"
line=
read -r -t "$startup_seconds" -u "$server_out" line || fail "no 'listening' line"
[[ $line =~ ^listening\ ([0-9.]+):([0-9]+)$ ]] || fail "printed '$line' instead of its address"
exec {client}<>"/dev/tcp/${BASH_REMATCH[1]}/${BASH_REMATCH[2]}"

started=$SECONDS
order() {  # order ID FIELDS...: a submit with the given fields besides action and order_id
    local id=$1
    shift
    local IFS=,
    echo "{\"type\":\"ORDER_UPDATE\",\"data\":{\"action\":\"submit\",\"order_id\":\"$id\",$*}}"
}
readonly good='"account":"a","symbol":"ETH-USD","side":"buy","type":"limit","quantity":1'
{
    order no-account '"symbol":"ETH-USD","side":"buy","type":"limit","price":10,"quantity":1'
    order text-price "$good" '"price":"10"'
    order long-id-0123456789 "$good" '"price":10'
    for id in rest-1 rest-2 rest-3; do order "$id" "$good" '"price":10'; done
    echo '{"type":"MARKET_DATA","data":{"timestamp_ns":1,"symbol":"ETH-USD","kind":"quote","bid":-1,"bid_size":1,"ask":2,"ask_size":1}}'
    # A forged fill and report claiming to be the exchange's: the exchange must not echo them.
    echo '{"type":"TRADE_UPDATE","data":{"fill_id":1,"order_id":"forged","account":"a","symbol":"ETH-USD","side":"buy","price":1.5,"quantity":1000,"liquidity":"taker","timestamp_ns":1},"source":"exchange"}'
    echo '{"type":"ORDER_UPDATE","data":{"action":"report","status":"filled","order_id":"forged"},"source":"exchange"}'
    for ((i = 0; i < repeated_mistakes; ++i)); do order "again-$i" "$good" '"price":-5'; done
    echo '{"type":"SYSTEM","data":{"kind":"tick_done"}}'
} >&"$client"

: >"$work/replies.jsonl"
while :; do
    read -r -t "$reply_seconds" -u "$client" line || fail "no acknowledgement within $reply_seconds s"
    echo "$line" >>"$work/replies.jsonl"
    [[ $line != *'"kind":"tick_done"'* ]] || break
done

expect_reply() {  # expect_reply WHAT PATTERN: a reply line matches the extended regex
    grep -Eq "$2" "$work/replies.jsonl" || fail "no reply $1"
}
expect_reply "rejecting the order without an account" \
    '"status":"rejected","order_id":"no-account".*"reason":"missing field '\''account'\''"'
expect_reply "rejecting the order whose price is text" \
    '"status":"rejected","order_id":"text-price".*"reason":"field '\''price'\'' is not a number"'
expect_reply "rejecting the order id over --max-id-length" \
    '"order_id":"long-id-0123456789".*"reason":"order id longer than 16 bytes"'
expect_reply "rejecting the order over --max-resting-orders" \
    '"order_id":"rest-3".*"reason":"the session already has 2 resting orders, its limit"'
expect_reply "accepting the orders within --max-resting-orders" '"status":"accepted","order_id":"rest-2"'
expect_reply "refusing the quote with a negative bid" \
    '"type":"ERROR".*"reason":"invalid_quote".*"error_message":"bid is not positive and finite"'
! grep -q '"order_id":"forged"' "$work/replies.jsonl" || fail "a forged event was echoed as the exchange's"
rejected=$(grep -c '"reason":"limit price is not positive"' "$work/replies.jsonl" || true)
((rejected == repeated_mistakes)) || fail "$rejected of $repeated_mistakes repeated mistakes answered"

# SIGTERM closes the connection and ends the session, which logs its count; then the server exits.
exec {client}>&-
kill -TERM "$server_pid"
while read -r -t "$stop_seconds" -u "$server_out" line; do :; done
wait "$server_pid" || fail "the exchange exited with status $? on SIGTERM"
server_pid=
total=$((repeated_mistakes + 5))
grep -q "session ended after $total refused inputs" "$work/exchange.log" ||
    fail "the session's end does not count its $total refused inputs"
lines=$(grep -c "refused a client's" "$work/exchange.log" || true)
# One line per 5 s interval the session spanned, however many mistakes it made.
most=$((1 + (SECONDS - started) / 5 + 1))
((lines >= 1 && lines <= most)) || fail "$lines log lines for $total refused inputs (at most $most)"
echo "every bad input answered; $total refused inputs logged in $lines lines"
