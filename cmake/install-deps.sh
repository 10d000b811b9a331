#!/usr/bin/env bash
# Installs what building, testing and running Liquid Energy needs on Debian 12. With the argument
# `fuzz`, also clang 14, libFuzzer and llvm-symbolizer, for the fuzz preset.
set -euo pipefail
packages=(g++ cmake ninja-build
    libboost1.81-dev libboost-log1.81-dev libboost-test1.81-dev libboost-json1.81-dev
    libboost-program-options1.81-dev libssl-dev libnats-dev nats-server)
case "${1:-}" in
    "") ;;
    fuzz) packages+=(clang-14 libclang-rt-14-dev llvm-14) ;;
    *) echo "usage: $0 [fuzz]" >&2; exit 2 ;;
esac
sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
sudo_if_needed apt-get update -qq
sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${packages[@]}" >/dev/null
