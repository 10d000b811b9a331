#include "precise_json.hpp"

#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/error.hpp>
#include <boost/json/value_stack.hpp>

namespace liquid_energy::wire::detail {
namespace {

using boost::json::string_view;
using boost::system::error_code;

/// The handler of boost::json::parser, but for the numbers that are not integers.
struct PreciseHandler {
    static constexpr std::size_t max_object_size = boost::json::object::max_size();
    static constexpr std::size_t max_array_size = boost::json::array::max_size();
    static constexpr std::size_t max_key_size = boost::json::string::max_size();
    static constexpr std::size_t max_string_size = boost::json::string::max_size();

    boost::json::value_stack stack;
    /// The text of the number being read, when it comes in parts.
    std::string number;
    /// Keys read, duplicates included: a parsed value holding fewer had a duplicate key, which
    /// boost::json resolves silently (last wins).
    std::size_t keys = 0;

    bool on_document_begin(error_code&) { return true; }
    bool on_document_end(error_code&) { return true; }
    bool on_object_begin(error_code&) { return true; }
    bool on_object_end(std::size_t size, error_code&) {
        keys += size;
        stack.push_object(size);
        return true;
    }
    bool on_array_begin(error_code&) { return true; }
    bool on_array_end(std::size_t size, error_code&) {
        stack.push_array(size);
        return true;
    }
    bool on_key_part(string_view part, std::size_t, error_code&) {
        stack.push_chars(part);
        return true;
    }
    bool on_key(string_view rest, std::size_t, error_code&) {
        stack.push_key(rest);
        return true;
    }
    bool on_string_part(string_view part, std::size_t, error_code&) {
        stack.push_chars(part);
        return true;
    }
    bool on_string(string_view rest, std::size_t, error_code&) {
        stack.push_string(rest);
        return true;
    }
    bool on_number_part(string_view part, error_code&) {
        number.append(part.data(), part.size());
        return true;
    }
    bool on_int64(std::int64_t value, string_view, error_code&) {
        number.clear();
        stack.push_int64(value);
        return true;
    }
    bool on_uint64(std::uint64_t value, string_view, error_code&) {
        number.clear();
        stack.push_uint64(value);
        return true;
    }
    bool on_double(double approximate, string_view rest, error_code& error) {
        number.append(rest.data(), rest.size());
        double exact = 0;
        const char* const end = number.data() + number.size();
        const auto result = std::from_chars(number.data(), end, exact);
        // Out of range keeps Boost's reading: 0 for an underflow (1e-400), infinity for 1e400.
        const bool read = result.ec == std::errc() && result.ptr == end;
        const double value = read ? exact : approximate;
        number.clear();
        if (!std::isfinite(value)) {
            error = make_error_code(JsonError::number_out_of_range);
            return false;
        }
        stack.push_double(value);
        return true;
    }
    bool on_bool(bool value, error_code&) {
        stack.push_bool(value);
        return true;
    }
    bool on_null(error_code&) {
        stack.push_null();
        return true;
    }
    bool on_comment_part(string_view, error_code&) { return true; }
    bool on_comment(string_view, error_code&) { return true; }
};

std::size_t count_keys(const boost::json::value& value) {
    std::size_t keys = 0;
    if (const auto* object = value.if_object()) {
        keys += object->size();
        for (const auto& member : *object) keys += count_keys(member.value());
    } else if (const auto* array = value.if_array()) {
        for (const auto& element : *array) keys += count_keys(element);
    }
    return keys;
}

class JsonErrorCategory : public boost::system::error_category {
  public:
    const char* name() const noexcept override { return "liquid_energy.json"; }
    std::string message(int value) const override {
        return static_cast<JsonError>(value) == JsonError::number_out_of_range
                   ? "number out of the range of a finite double"
                   : "duplicate key in an object";
    }
};

}  // namespace

error_code make_error_code(JsonError error) {
    static const JsonErrorCategory category;
    return {static_cast<int>(error), category};
}

boost::json::value parse_json_precisely(std::string_view text, error_code& error) {
    boost::json::basic_parser<PreciseHandler> parser(boost::json::parse_options{});
    parser.handler().stack.reset();
    const auto consumed = parser.write_some(false, text.data(), text.size(), error);
    if (error) return nullptr;
    if (consumed < text.size()) {
        error = boost::json::error::extra_data;
        return nullptr;
    }
    auto value = parser.handler().stack.release();
    if (count_keys(value) != parser.handler().keys) {
        error = make_error_code(JsonError::duplicate_key);
        return nullptr;
    }
    return value;
}

}  // namespace liquid_energy::wire::detail
