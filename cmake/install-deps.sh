#!/usr/bin/env bash
# Installs what building, testing and running Liquid Energy needs on Debian 12.
set -euo pipefail
sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
sudo_if_needed apt-get update -qq
sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    g++ cmake ninja-build \
    libboost1.81-dev libboost-log1.81-dev libboost-test1.81-dev libboost-json1.81-dev \
    libboost-program-options1.81-dev >/dev/null
