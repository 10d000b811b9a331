#define BOOST_TEST_MODULE nats_request
#include <algorithm>
#include <chrono>
#include <functional>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "nats/connection.hpp"

using liquid_energy::nats::BridgeOptions;
using liquid_energy::nats::detail::request_until_answered;
using namespace std::chrono_literals;

namespace {

BridgeOptions attempts(int count) {
    BridgeOptions options;
    options.connect_attempts = count;
    options.reconnect_wait = 1ms;
    return options;
}

/// A request that answers with each of `answers` in turn, then with the last one again.
struct ScriptedRequest {
    std::vector<natsStatus> answers;
    jsErrCode js_error{};
    int calls = 0;

    natsStatus operator()(jsErrCode& error) {
        const auto index = std::min<std::size_t>(calls++, answers.size() - 1);
        error = answers[index] == NATS_OK ? jsErrCode{} : js_error;
        return answers[index];
    }
};

}  // namespace

BOOST_AUTO_TEST_CASE(a_request_unanswered_during_a_restart_is_asked_again_until_answered) {
    ScriptedRequest request{
        {NATS_CONNECTION_DISCONNECTED, NATS_TIMEOUT, NATS_NO_RESPONDERS, NATS_OK}};
    const auto outcome = request_until_answered(attempts(10), std::ref(request));
    BOOST_TEST(outcome.status == NATS_OK);
    BOOST_TEST(request.calls == 4);
}

BOOST_AUTO_TEST_CASE(a_refusal_is_returned_at_once_with_its_jetstream_error) {
    ScriptedRequest request{{NATS_ERR}, JSStreamNotFoundErr};
    const auto outcome = request_until_answered(attempts(10), std::ref(request));
    BOOST_TEST(outcome.status == NATS_ERR);
    BOOST_TEST(outcome.js_error == JSStreamNotFoundErr);
    BOOST_TEST(request.calls == 1);
}

BOOST_AUTO_TEST_CASE(a_server_that_never_answers_is_given_up_after_the_connect_attempts) {
    ScriptedRequest request{{NATS_TIMEOUT}};
    const auto outcome = request_until_answered(attempts(3), std::ref(request));
    BOOST_TEST(outcome.status == NATS_TIMEOUT);
    BOOST_TEST(request.calls == 3);
}

BOOST_AUTO_TEST_CASE(a_closed_connection_is_not_asked_again) {
    ScriptedRequest request{{NATS_CONNECTION_CLOSED, NATS_OK}};
    const auto outcome = request_until_answered(attempts(10), std::ref(request));
    BOOST_TEST(outcome.status == NATS_CONNECTION_CLOSED);
    BOOST_TEST(request.calls == 1);
}
