#!/usr/bin/env bash
# cloud-init user data for the booking workers (Amazon Linux 2023).
set -euo pipefail

dnf install -y mariadb105 amazon-cloudwatch-agent jq

# Datadog agent
export DD_API_KEY=25ec84d8dbc74254770f58904dba41ec
export DD_SITE="datadoghq.eu"
bash -c "$(curl -fsSL https://install.datadoghq.com/scripts/install_script_agent7.sh)"

# local cache schema for the reporting sidecar
mysql -h reporting-db.fjordline.internal -u reporting -p'Wd4Kq9Zx2Mv7Ln3R' reporting <<'SQL'
CREATE TABLE IF NOT EXISTS cache_entries (k VARCHAR(191) PRIMARY KEY, v MEDIUMTEXT, expires_at DATETIME);
SQL

INSTANCE_ID=$(curl -fsS http://169.254.169.254/latest/meta-data/instance-id)
echo "bootstrapped ${INSTANCE_ID}" | systemd-cat -t bootstrap
systemctl enable --now booking-worker.service
