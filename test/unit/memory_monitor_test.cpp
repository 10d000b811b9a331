#define BOOST_TEST_MODULE memory_monitor
#include <chrono>

#include <boost/test/unit_test.hpp>

#include "liquid_energy/core/event_engine.hpp"
#include "liquid_energy/trading/memory_monitor.hpp"
#include "recording_listener.hpp"

using namespace liquid_energy::trading;
using liquid_energy::core::EventEngine;
using liquid_energy::core::EventType;
using liquid_energy::test::field;
using liquid_energy::test::RecordingListener;

BOOST_AUTO_TEST_CASE(parses_resident_and_peak_sizes_in_bytes) {
    const auto usage = parse_memory_usage(
        "Name:\tliquid-demo\nVmPeak:\t  300000 kB\nVmHWM:\t    8292 kB\nVmRSS:\t    7000 kB\n");
    BOOST_REQUIRE(usage.has_value());
    BOOST_TEST(usage->resident_bytes == 7000U * 1024U);
    BOOST_TEST(usage->peak_resident_bytes == 8292U * 1024U);
}

BOOST_AUTO_TEST_CASE(a_status_without_both_fields_gives_nothing) {
    BOOST_TEST(!parse_memory_usage("VmRSS:\t7000 kB\n").has_value());
    BOOST_TEST(!parse_memory_usage("VmRSSx:\t7000 kB\nVmHWM:\t1 kB\n").has_value());
    BOOST_TEST(!parse_memory_usage("VmRSS:\tlots\nVmHWM:\t1 kB\n").has_value());
}

BOOST_AUTO_TEST_CASE(this_process_has_a_resident_size_below_its_peak) {
    const auto usage = read_memory_usage();
    BOOST_REQUIRE(usage.has_value());
    BOOST_TEST(usage->resident_bytes > 0U);
    BOOST_TEST(usage->peak_resident_bytes >= usage->resident_bytes);
}

BOOST_AUTO_TEST_CASE(publishes_samples_until_stopped_and_then_lets_the_engine_stop) {
    EventEngine engine({.threads = 1});
    auto recorder = std::make_shared<RecordingListener>("recorder", std::vector{EventType::INFO});
    engine.register_listener(recorder);
    MemoryMonitor monitor(engine, std::chrono::milliseconds(5), "memory");
    engine.start();
    monitor.start();
    BOOST_REQUIRE(recorder->wait_for_count(3));
    monitor.stop();
    // With the timer still armed, stop() would wait for the worker thread forever.
    engine.stop();

    const auto events = recorder->events();
    for (const auto& event : events) {
        BOOST_TEST(event.data().at("kind").as_string() == "memory");
        BOOST_TEST(field(event, "resident_bytes") > 0);
        BOOST_TEST(*event.source() == "memory");
    }
    BOOST_TEST(monitor.peak_resident_bytes() >=
               static_cast<std::uint64_t>(field(events.front(), "peak_resident_bytes")));
    BOOST_TEST(engine.stats().rejected == 0U);
}
