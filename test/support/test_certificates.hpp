#pragma once

#include <filesystem>

namespace liquid_energy::test {

/// PEM files for TLS tests, made afresh by `make_test_certificates`: a CA, a server and a client
/// certificate it signed (both for 127.0.0.1, ::1 and localhost), each with its key, and a second
/// CA that signed neither.
struct TestCertificates {
    std::filesystem::path ca;
    std::filesystem::path server_certificate;
    std::filesystem::path server_key;
    std::filesystem::path client_certificate;
    std::filesystem::path client_key;
    std::filesystem::path other_ca;
};

/// Writes the files into `directory`, created if need be, with new keys (ECDSA P-256) and
/// certificates valid from an hour ago for a day. Throws std::runtime_error when OpenSSL fails.
TestCertificates make_test_certificates(const std::filesystem::path& directory);

}  // namespace liquid_energy::test
