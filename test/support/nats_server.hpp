#pragma once

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "wait_until.hpp"

extern char** environ;

namespace liquid_energy::test {

/// A `nats-server -js` of the test's own, on a free loopback port with its store in a fresh
/// temporary folder: started by the constructor, stopped (SIGTERM) and removed by the destructor.
/// `stop` and `start` restart it on the same port and store, as an outage would. The server gets
/// SIGKILL if the thread that started it dies first, so a test that exits without destructors
/// (a sanitizer report with halt_on_error, abort, a CTest timeout) leaves no server behind: start
/// it from the test's main thread.
class NatsServer {
  public:
    NatsServer() : dir_(make_dir()) {
        try {
            launch("-1");
            port_ = read_port();
        } catch (...) {
            // No destructor runs for a constructor that throws.
            stop();
            std::filesystem::remove_all(dir_);
            throw;
        }
    }
    ~NatsServer() {
        stop();
        std::filesystem::remove_all(dir_);
    }
    NatsServer(const NatsServer&) = delete;
    NatsServer& operator=(const NatsServer&) = delete;

    std::string url() const { return "nats://127.0.0.1:" + port_; }
    const std::string& port() const { return port_; }

    /// SIGTERM, then waits for the exit.
    void stop() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGTERM);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
    }

    /// A new server on the same port and store; returns once it accepts clients.
    void start() {
        launch(port_);
        read_port();
    }

  private:
    static std::filesystem::path make_dir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "nats-test-XXXXXX");
        if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        return pattern;
    }

    std::filesystem::path ports_file() const {
        return dir_ / ("nats-server_" + std::to_string(pid_) + ".ports");
    }

    void launch(const std::string& port) {
        const std::string store = (dir_ / "store").string();
        const std::string ports = dir_.string();
        const std::string log = (dir_ / "server.log").string();
        std::vector<std::string> args{"nats-server", "-js", "-a",  "127.0.0.1",        "-p",
                                      port,          "-sd", store, "--ports_file_dir", ports,
                                      "-l",          log};
        std::vector<char*> argv;
        for (auto& arg : args) argv.push_back(arg.data());
        argv.push_back(nullptr);
        // Not the test's stdout: a server left by a crashed test must not hold CTest's pipe.
        const int null_fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
        if (null_fd < 0) throw std::runtime_error("cannot open /dev/null");
        const pid_t parent = ::getpid();
        pid_ = ::fork();
        if (pid_ == 0) {
            // Only async-signal-safe calls between fork and exec.
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (::getppid() != parent) ::_exit(127);  // the parent died before prctl
            ::dup2(null_fd, 1);
            ::dup2(null_fd, 2);
            ::execvp("nats-server", argv.data());
            ::_exit(127);
        }
        ::close(null_fd);
        if (pid_ < 0) throw std::runtime_error("cannot fork for nats-server");
        // execvp failing shows as the child's exit before the ports file appears.
    }

    // The server writes its ports file once it accepts clients. Parsed by hand: GCC 12 at -O2
    // with ASan warns (-Wmaybe-uninitialized, an error here) inside <regex>.
    std::string read_port() const {
        std::string port;
        const bool ready = wait_until([&] {
            std::ifstream in(ports_file());
            const std::string text(std::istreambuf_iterator<char>(in), {});
            const auto scheme = text.find("nats://");
            if (scheme == std::string::npos) return false;
            const auto colon = text.find(':', scheme + 7);
            if (colon == std::string::npos) return false;
            const auto end = text.find_first_not_of("0123456789", colon + 1);
            if (end == std::string::npos || end == colon + 1) return false;
            port = text.substr(colon + 1, end - colon - 1);
            return true;
        });
        if (!ready) throw std::runtime_error("nats-server did not start: see " + dir_.string());
        return port;
    }

    std::filesystem::path dir_;
    pid_t pid_ = -1;
    std::string port_;
};

}  // namespace liquid_energy::test
