#!/usr/bin/env bash
# Deploys a tagged release of the Copperleaf API to the production hosts.
set -euo pipefail

TAG="${1:?usage: deploy.sh <tag>}"
HOSTS=(api-1.copperleaf.internal api-2.copperleaf.internal)
RELEASE_API="https://releases.copperleaf.example/api"

# mark the release as deploying in the release dashboard
curl -fsS -X POST "$RELEASE_API/releases/$TAG/deploying" \
  -H "Authorization: Bearer eyJhbGciOiJSUzI1NiIsImtpZCI6InJlbC0yMDI0In0.eyJzdWIiOiJkZXBsb3ktYm90IiwiYXVkIjoicmVsZWFzZXMiLCJzY29wZSI6InJlbGVhc2VzOndyaXRlIiwiaWF0IjoxNzI3NzQwODAwfQ.Nq8Vz3Kx7Lw2Rt9Mb5Hc1Yp6Df4Gs0Ja2Ue8OiPk3Tz7Qx1Lm9Vc4Rb6Nw2Kt8Hs3Yd5Fg0Ja7Ue1Oi4Pc9Ks2Mt6Xw3Nr8Lq1Vz5Hb2Yd7Fg0Ja4Ue9Oi6Pc3Ks8Mt1Xw5Nr2Lq7Vz0Hb4Yd9Fg3Ja6Ue1Oi8Pc5Ks2Mt7Xw0Nr4Lq9Vz3Hb8Yd6Fg1Ja5Ue2Oi7Pc0Ks4Mt9Xw3Nr6Lq2Vz8Hb5Yd1Fg4Ja7Ue0Oi3Pc"

for host in "${HOSTS[@]}"; do
  echo "==> $host"
  ssh -o BatchMode=yes "deploy@$host" "cd /srv/api && ./bin/switch-release $TAG"
done

# record the deployment
psql "postgresql://release_admin:Xk4Wn8Qz2Vt6Lm9R@releases-db.copperleaf.internal:5432/releases" \
  -c "INSERT INTO deployments (tag, deployed_at) VALUES ('$TAG', now())"

echo "deployed $TAG to ${#HOSTS[@]} hosts"
