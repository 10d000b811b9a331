#include "liquid_energy/nats/subject.hpp"

#include "liquid_energy/core/event_type.hpp"

namespace liquid_energy::nats {

namespace {

bool keeps(unsigned char byte) {
    return (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
           (byte >= '0' && byte <= '9') || byte == '_' || byte == '-';
}

}  // namespace

std::string escape_subject_token(std::string_view text) {
    if (text.empty()) return "%";
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string token;
    token.reserve(text.size());
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (keeps(byte)) {
            token += c;
        } else {
            token += '%';
            token += hex[byte >> 4];
            token += hex[byte & 0xF];
        }
    }
    return token;
}

std::string subject_for(std::string_view prefix, const core::Event& event) {
    std::string subject(prefix);
    subject += '.';
    subject += escape_subject_token(core::to_string(event.type()));
    subject += '.';
    subject += escape_subject_token(event.source().value_or(std::string()));
    return subject;
}

}  // namespace liquid_energy::nats
