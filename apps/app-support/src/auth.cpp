#include "liquid_apps/auth.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <array>
#include <fstream>

#include "liquid_apps/cli.hpp"
#include "liquid_energy/wire/json_line.hpp"

namespace liquid_apps {
namespace {

using Digest = std::array<unsigned char, 32>;

Digest sha256(std::string_view text) {
    Digest digest{};
    unsigned int size = 0;
    EVP_Digest(text.data(), text.size(), digest.data(), &size, EVP_sha256(), nullptr);
    return digest;
}

}  // namespace

std::string read_auth_token(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::string token;
    if (!in || !std::getline(in, token) || token.empty()) {
        throw UsageError{"--auth-token-file: cannot read a token from '" + file.string() + "'"};
    }
    return token;
}

std::string auth_line(std::string_view token) {
    namespace core = liquid_energy::core;
    namespace wire = liquid_energy::wire;
    return wire::encode_json_line(
        core::Event(core::EventType::SYSTEM, {{"auth_token", token}}, "auth"));
}

bool offers_token(std::string_view line, std::string_view token) {
    const auto decoded = liquid_energy::wire::decode_json_line(line);
    if (!decoded.event || decoded.event->type() != liquid_energy::core::EventType::SYSTEM) {
        return false;
    }
    const auto* offered = decoded.event->data().if_contains("auth_token");
    const std::string_view offered_token =
        offered != nullptr && offered->is_string() ? std::string_view(offered->get_string()) : "";
    const auto expected = sha256(token);
    const auto given = sha256(offered_token);
    return CRYPTO_memcmp(expected.data(), given.data(), expected.size()) == 0;
}

}  // namespace liquid_apps
