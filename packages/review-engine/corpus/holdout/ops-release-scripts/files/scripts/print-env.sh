#!/usr/bin/env bash
# Prints the effective configuration of a host, masking anything that looks like a secret.
set -euo pipefail

env | sort | while IFS='=' read -r name value; do
  case "$name" in
    *PASSWORD*|*SECRET*|*TOKEN*|*KEY*) echo "$name=********" ;;
    *) echo "$name=$value" ;;
  esac
done
echo "hostname: $(hostname -f)"
echo "release:  $(readlink /srv/api/current | xargs basename)"
