// The input path of JsonLineConnector, without a socket: the bytes a peer sends, cut into reads,
// framed into lines and each line decoded. Whatever the bytes, each line is an event that
// survives the wire, or a refusal that says why in valid UTF-8, and the report of a refused line
// survives the wire too (a JsonLineWriter may forward it). A line is malformed exactly when
// Boost.JSON's own parser refuses it or it repeats a key in an object (Boost.JSON keeps one of
// them); a number Boost.JSON reads as infinity is refused as an invalid value.
#include <cstddef>
#include <cstdint>
#include <string>

#include <boost/json/parse.hpp>

#include "fuzz_support.hpp"
#include "liquid_energy/core/event.hpp"
#include "liquid_energy/wire/json_line.hpp"

using namespace liquid_energy;
using fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::read_lines(data, size, [](const wire::LineFramer::Frame& frame) {
        const auto decoded = wire::decode_json_line(frame.text);
        boost::system::error_code boost_error;
        boost::json::parse(frame.text, boost_error);
        const bool malformed = !decoded.event && decoded.error == wire::LineError::malformed;
        const bool repeats_a_key =
            malformed && decoded.message.find("duplicate key") != std::string::npos;
        require(malformed == (boost_error || repeats_a_key),
                "a line is malformed exactly when Boost.JSON refuses it or it repeats a key");
        require(decoded.event || decoded.error != wire::LineError::invalid_value || !boost_error,
                "a number out of range is refused only in a line Boost.JSON reads");
        if (decoded.event) {
            require(decoded.message.empty(), "an accepted line has no refusal message");
            fuzz::through_the_wire(*decoded.event);
            return;
        }
        require(decoded.error == wire::LineError::malformed ||
                    decoded.error == wire::LineError::wrong_type ||
                    decoded.error == wire::LineError::invalid_value,
                "a line is refused as malformed, of a wrong type or with an invalid value");
        fuzz::require_message(decoded.message);
        const auto excerpt = wire::utf8_excerpt(frame.text, 256);
        require(excerpt.size() <= 256, "the excerpt of a line is bounded");
        fuzz::through_the_wire(core::Event(core::EventType::ERROR,
                                           {{"error_message", decoded.message},
                                            {"reason", wire::to_string(decoded.error)},
                                            {"line", excerpt}},
                                           "fuzzer"));
    });
    return 0;
}
