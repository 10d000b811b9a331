#pragma once

#include <filesystem>
#include <string>
#include <string_view>

// The optional shared-secret handshake of the JSON-line servers (README, "Trust model"): a client
// of a server started with --auth-token-file sends, as its first line,
//   {"type":"SYSTEM","data":{"auth_token":"<the token>"}}
// and the server answers a wrong or missing token with an ERROR line and closes the connection.
namespace liquid_apps {

/// The first line of `file`, the token. Throws UsageError when the file cannot be read or the
/// token is empty.
std::string read_auth_token(const std::filesystem::path& file);

/// The handshake line a client sends, newline included.
std::string auth_line(std::string_view token);

/// Whether the first line a client sent (newline excluded) offers `token`. Compares in constant
/// time whatever the lengths (the SHA-256 of both through CRYPTO_memcmp), so that the time taken
/// tells nothing of the token.
bool offers_token(std::string_view line, std::string_view token);

}  // namespace liquid_apps
