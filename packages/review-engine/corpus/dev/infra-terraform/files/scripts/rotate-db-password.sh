#!/usr/bin/env bash
# Rotates the bookings database password: generates one, stores it in Secrets Manager, applies it.
set -euo pipefail

SECRET_ID="fjordline/prod/bookings-db"
NEW_PASSWORD="$(openssl rand -base64 24 | tr -d '/+=' | cut -c1-24)"

aws secretsmanager put-secret-value --secret-id "$SECRET_ID" --secret-string "$NEW_PASSWORD" >/dev/null
aws rds modify-db-instance --db-instance-identifier bookings-prod \
  --master-user-password "$NEW_PASSWORD" --apply-immediately >/dev/null

echo "rotated $SECRET_ID"
echo "the new password is in Secrets Manager; restart the booking workers to pick it up"
