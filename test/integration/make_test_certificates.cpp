// Writes the TLS test certificates (support/test_certificates.hpp) into the directory given.
#include <exception>
#include <iostream>

#include "test_certificates.hpp"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: make_test_certificates DIRECTORY\n";
        return 2;
    }
    try {
        liquid_energy::test::make_test_certificates(argv[1]);
    } catch (const std::exception& error) {
        std::cerr << "make_test_certificates: " << error.what() << '\n';
        return 1;
    }
    return 0;
}
