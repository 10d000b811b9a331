#include "test_certificates.hpp"

#include <memory>
#include <stdexcept>
#include <string>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace liquid_energy::test {
namespace {

template <typename T, void (*Free)(T*)>
struct Freer {
    void operator()(T* pointer) const { Free(pointer); }
};
using Key = std::unique_ptr<EVP_PKEY, Freer<EVP_PKEY, EVP_PKEY_free>>;
using Certificate = std::unique_ptr<X509, Freer<X509, X509_free>>;
using Extension = std::unique_ptr<X509_EXTENSION, Freer<X509_EXTENSION, X509_EXTENSION_free>>;
using File = std::unique_ptr<BIO, Freer<BIO, BIO_free_all>>;

[[noreturn]] void fail(const std::string& what) {
    char reason[256] = {};
    ERR_error_string_n(ERR_get_error(), reason, sizeof reason);
    throw std::runtime_error("making test certificates: " + what + ": " + reason);
}

void check(bool succeeded, const std::string& what) {
    if (!succeeded) fail(what);
}

Key new_key() {
    Key key(EVP_EC_gen("P-256"));
    check(key != nullptr, "generating a key");
    return key;
}

void add_extension(X509* certificate, X509* issuer, int nid, const char* value) {
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, issuer, certificate, nullptr, nullptr, 0);
    const Extension extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value));
    check(extension != nullptr && X509_add_ext(certificate, extension.get(), -1) == 1,
          std::string("adding the extension ") + value);
}

/// A certificate for `key` named `common_name`, signed by `issuer_key` as `issuer` (itself when
/// null).
Certificate new_certificate(EVP_PKEY* key, const char* common_name, long serial, X509* issuer,
                            EVP_PKEY* issuer_key) {
    Certificate certificate(X509_new());
    check(certificate != nullptr, "allocating a certificate");
    auto* made = certificate.get();
    auto* signer = issuer != nullptr ? issuer : made;
    constexpr long hour = 3600;
    check(X509_set_version(made, 2) == 1 &&
              ASN1_INTEGER_set(X509_get_serialNumber(made), serial) == 1 &&
              X509_gmtime_adj(X509_getm_notBefore(made), -hour) != nullptr &&
              X509_gmtime_adj(X509_getm_notAfter(made), 24 * hour) != nullptr &&
              X509_set_pubkey(made, key) == 1 &&
              X509_NAME_add_entry_by_txt(X509_get_subject_name(made), "CN", MBSTRING_ASC,
                                         reinterpret_cast<const unsigned char*>(common_name), -1,
                                         -1, 0) == 1 &&
              X509_set_issuer_name(made, X509_get_subject_name(signer)) == 1,
          std::string("filling in ") + common_name);
    add_extension(made, signer, NID_subject_key_identifier, "hash");
    if (issuer == nullptr) {
        add_extension(made, signer, NID_basic_constraints, "critical,CA:TRUE");
        add_extension(made, signer, NID_key_usage, "critical,keyCertSign,cRLSign");
    } else {
        add_extension(made, signer, NID_authority_key_identifier, "keyid");
        add_extension(made, signer, NID_basic_constraints, "critical,CA:FALSE");
        add_extension(made, signer, NID_key_usage, "critical,digitalSignature");
        add_extension(made, signer, NID_ext_key_usage, "serverAuth,clientAuth");
        add_extension(made, signer, NID_subject_alt_name, "IP:127.0.0.1,IP:::1,DNS:localhost");
    }
    check(X509_sign(made, issuer_key != nullptr ? issuer_key : key, EVP_sha256()) != 0,
          std::string("signing ") + common_name);
    return certificate;
}

File open_for_writing(const std::filesystem::path& path) {
    File file(BIO_new_file(path.c_str(), "w"));
    check(file != nullptr, "opening " + path.string());
    return file;
}

void write_certificate(X509* certificate, const std::filesystem::path& path) {
    check(PEM_write_bio_X509(open_for_writing(path).get(), certificate) == 1,
          "writing " + path.string());
}

void write_key(EVP_PKEY* key, const std::filesystem::path& path) {
    check(PEM_write_bio_PrivateKey(open_for_writing(path).get(), key, nullptr, nullptr, 0, nullptr,
                                   nullptr) == 1,
          "writing " + path.string());
    std::filesystem::permissions(
        path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

/// Writes a key and a certificate for it that `ca` signed.
void write_signed_pair(const char* common_name, long serial, X509* ca, EVP_PKEY* ca_key,
                       const std::filesystem::path& certificate_path,
                       const std::filesystem::path& key_path) {
    const auto key = new_key();
    write_certificate(new_certificate(key.get(), common_name, serial, ca, ca_key).get(),
                      certificate_path);
    write_key(key.get(), key_path);
}

}  // namespace

TestCertificates make_test_certificates(const std::filesystem::path& directory) {
    std::filesystem::create_directories(directory);
    const TestCertificates files{.ca = directory / "ca.pem",
                                 .server_certificate = directory / "server.pem",
                                 .server_key = directory / "server.key",
                                 .client_certificate = directory / "client.pem",
                                 .client_key = directory / "client.key",
                                 .other_ca = directory / "other_ca.pem"};
    const auto ca_key = new_key();
    const auto ca = new_certificate(ca_key.get(), "liquid-energy test CA", 1, nullptr, nullptr);
    write_certificate(ca.get(), files.ca);
    write_signed_pair("liquid-energy test server", 2, ca.get(), ca_key.get(),
                      files.server_certificate, files.server_key);
    write_signed_pair("liquid-energy test client", 3, ca.get(), ca_key.get(),
                      files.client_certificate, files.client_key);
    const auto other_key = new_key();
    write_certificate(
        new_certificate(other_key.get(), "liquid-energy other CA", 4, nullptr, nullptr).get(),
        files.other_ca);
    return files;
}

}  // namespace liquid_energy::test
