#pragma once

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "wait_until.hpp"

extern char** environ;

namespace liquid_energy::test {

/// A `nats-server -js` of the test's own, on a free loopback port with its store in a fresh
/// temporary folder: started by the constructor, stopped (SIGTERM) and removed by the destructor.
/// `stop` and `start` restart it on the same port and store, as an outage would.
class NatsServer {
  public:
    NatsServer() : dir_(make_dir()) {
        launch("-1");
        port_ = read_port();
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
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
        const int spawned =
            ::posix_spawnp(&pid_, "nats-server", &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        if (spawned != 0) throw std::runtime_error("cannot run nats-server: is it installed?");
    }

    // The server writes its ports file once it accepts clients.
    std::string read_port() const {
        std::string text;
        const std::regex url(R"(nats://[^:"]+:(\d+))");
        std::smatch match;
        const bool ready = wait_until([&] {
            std::ifstream in(ports_file());
            text.assign(std::istreambuf_iterator<char>(in), {});
            return std::regex_search(text, match, url);
        });
        if (!ready) throw std::runtime_error("nats-server did not start: see " + dir_.string());
        return match[1].str();
    }

    std::filesystem::path dir_;
    pid_t pid_ = -1;
    std::string port_;
};

}  // namespace liquid_energy::test
