// A consumer process killed with SIGKILL and started again under the same durable name: what
// it had handled but not acked is redelivered to its successor, which handles each message once,
// and nothing it had acked comes back. The consumer is nats_probe_consumer, the last argument.
#define BOOST_TEST_MODULE nats_consumer_crash
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/use_future.hpp>
#include <boost/test/unit_test.hpp>

#include "liquid_energy/core.hpp"
#include "liquid_energy/nats/bridge.hpp"
#include "nats_server.hpp"
#include "wait_until.hpp"

using namespace std::chrono_literals;
namespace core = liquid_energy::core;
using liquid_energy::test::NatsServer;
using liquid_energy::test::wait_until;

namespace {

constexpr std::int64_t events = 200;
constexpr std::int64_t hold_after = 50;
// nats_probe_consumer's max_pending_acks.
constexpr std::int64_t max_unacked = 16;

/// nats_probe_consumer on `server` with `durable`, writing to `output`; killed if this dies.
pid_t start_consumer(const NatsServer& server, const std::string& output, std::int64_t hold) {
    const auto& suite = boost::unit_test::framework::master_test_suite();
    std::vector<std::string> args{suite.argv[suite.argc - 1], server.url(), "crash-test", output,
                                  std::to_string(hold)};
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) ::_exit(127);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    BOOST_REQUIRE(pid > 0);
    return pid;
}

std::vector<std::int64_t> lines_of(const std::filesystem::path& path) {
    std::vector<std::int64_t> values;
    std::ifstream in(path);
    for (std::int64_t value = 0; in >> value;) values.push_back(value);
    return values;
}

int end_of(pid_t pid, int signal) {
    ::kill(pid, signal);
    int status = 0;
    ::waitpid(pid, &status, 0);
    return status;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_consumer_killed_with_sigkill_hands_its_unacked_messages_to_its_successor) {
    NatsServer server;
    const auto dir =
        std::filesystem::temp_directory_path() / ("nats-crash-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto first_output = dir / "first.txt";
    const auto second_output = dir / "second.txt";

    core::EventEngine producer({.threads = 1});
    liquid_energy::nats::BridgeOptions options;
    options.servers = {server.url()};
    options.export_types = {core::EventType::MARKET_DATA};
    liquid_energy::nats::Bridge exporter(producer, options);
    producer.start();
    exporter.start();
    for (std::int64_t seq = 0; seq < events; ++seq) {
        BOOST_REQUIRE(
            producer.put(core::Event(core::EventType::MARKET_DATA, {{"seq", seq}}, "feed")));
    }
    BOOST_REQUIRE(wait_until([&] { return exporter.stats().acknowledged == events; }, 60s));

    const pid_t first = start_consumer(server, first_output, hold_after);
    BOOST_REQUIRE(wait_until(
        [&] { return lines_of(first_output).size() == static_cast<std::size_t>(hold_after); },
        60s));
    const int killed = end_of(first, SIGKILL);
    BOOST_REQUIRE(WIFSIGNALED(killed) && WTERMSIG(killed) == SIGKILL);

    const pid_t second = start_consumer(server, second_output, 0);
    // The successor gets what came after the hold at once, and the held message once its ack
    // wait has passed.
    const auto successor_has_the_rest = [&] {
        const auto handled = lines_of(second_output);
        const std::set<std::int64_t> seen(handled.begin(), handled.end());
        for (std::int64_t seq = hold_after - 1; seq < events; ++seq) {
            if (seen.count(seq) == 0) return false;
        }
        return true;
    };
    BOOST_REQUIRE(wait_until(successor_has_the_rest, 60s));
    const int stopped = end_of(second, SIGTERM);
    BOOST_TEST((WIFEXITED(stopped) && WEXITSTATUS(stopped) == 0));

    const auto handled_first = lines_of(first_output);
    const auto handled_second = lines_of(second_output);
    const std::set<std::int64_t> second_set(handled_second.begin(), handled_second.end());
    BOOST_TEST(second_set.size() == handled_second.size(), "the successor handled a message twice");
    for (const auto seq : handled_first) {
        // Only what the first consumer had not acked comes back: at most its unacked window.
        if (second_set.count(seq) != 0) BOOST_TEST(seq >= hold_after - max_unacked);
    }

    exporter.async_stop(boost::asio::use_future).get();
    producer.stop();
    std::filesystem::remove_all(dir);
}
