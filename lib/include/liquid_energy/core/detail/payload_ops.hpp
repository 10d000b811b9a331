#pragma once

#include <cstddef>
#include <new>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <type_traits>
#include <typeinfo>
#include <utility>

#include <boost/describe/members.hpp>
#include <boost/json/object.hpp>
#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>
#include <boost/mp11/algorithm.hpp>

namespace liquid_energy::core::detail {

/// What an event record needs to hold a typed payload without knowing its type: the type's
/// identity and size, how to move it in, destroy it, and convert it to and from a JSON object.
struct PayloadOps {
    const std::type_info& type;
    std::size_t size;
    std::size_t alignment;
    void (*move_construct)(void* to, void* from);
    void (*destroy)(void* object) noexcept;
    /// The payload as a JSON object whose memory comes from `storage`; throws
    /// std::invalid_argument when the type converts to a JSON value that is not an object.
    boost::json::object (*to_json)(const void* object, boost::json::storage_ptr storage);
    /// Constructs the payload at `to` from a JSON object; throws std::invalid_argument naming the
    /// field that failed (for described structs) or the conversion's own reason.
    void (*from_json)(const boost::json::object& from, void* to);
};

template <typename T>
struct is_optional : std::false_type {};
template <typename T>
struct is_optional<std::optional<T>> : std::true_type {};

/// Throws std::invalid_argument("field 'FIELD': REASON"), or just REASON without a field.
[[noreturn]] void throw_field_error(std::string_view field, std::string_view reason);

/// Converts field by field, so that a failure names its field; a missing `std::optional` member
/// stays empty.
template <typename T>
T described_from_json(const boost::json::object& from) {
    T result{};
    using Members = boost::describe::describe_members<T, boost::describe::mod_public>;
    boost::mp11::mp_for_each<Members>([&](auto member) {
        auto& field = result.*member.pointer;
        using Field = std::remove_cvref_t<decltype(field)>;
        const boost::json::value* value = from.if_contains(member.name);
        if (value == nullptr) {
            if constexpr (is_optional<Field>::value) return;
            throw_field_error(member.name, "missing");
        }
        try {
            field = boost::json::value_to<Field>(*value);
        } catch (const std::exception& error) {
            throw_field_error(member.name, error.what());
        }
    });
    return result;
}

template <typename T>
T from_json_object(const boost::json::object& from) {
    if constexpr (boost::describe::has_describe_members<T>::value) {
        return described_from_json<T>(from);
    } else {
        try {
            return boost::json::value_to<T>(boost::json::value(from));
        } catch (const std::exception& error) {
            throw_field_error("", error.what());
        }
    }
}

[[noreturn]] void throw_not_an_object(const std::type_info& type);

template <typename T>
const PayloadOps& payload_ops() {
    static const PayloadOps ops{
        typeid(T),
        sizeof(T),
        alignof(T),
        [](void* to, void* from) { new (to) T(std::move(*static_cast<T*>(from))); },
        [](void* object) noexcept { static_cast<T*>(object)->~T(); },
        [](const void* object, boost::json::storage_ptr storage) {
            boost::json::value value =
                boost::json::value_from(*static_cast<const T*>(object), std::move(storage));
            if (!value.is_object()) throw_not_an_object(typeid(T));
            return std::move(value.get_object());
        },
        [](const boost::json::object& from, void* to) { new (to) T(from_json_object<T>(from)); },
    };
    return ops;
}

}  // namespace liquid_energy::core::detail
