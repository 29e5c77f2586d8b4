-- Read-only user for the BI tool (MySQL 8).
CREATE USER IF NOT EXISTS 'bi_reader'@'10.20.%' IDENTIFIED BY 'Mv3Lq8Zx5Wk2Rt7N';
GRANT SELECT ON copperleaf.orders TO 'bi_reader'@'10.20.%';
GRANT SELECT ON copperleaf.customers TO 'bi_reader'@'10.20.%';

-- Service account for the API: password set by the deploy pipeline (ALTER USER ... from Vault).
CREATE USER IF NOT EXISTS 'api'@'10.20.%' IDENTIFIED WITH caching_sha2_password;
GRANT SELECT, INSERT, UPDATE, DELETE ON copperleaf.* TO 'api'@'10.20.%';

CREATE TABLE IF NOT EXISTS copperleaf.api_tokens (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  token_sha256 CHAR(64) NOT NULL UNIQUE,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

INSERT INTO copperleaf.api_tokens (name, token_sha256) VALUES
  ('bi-export', 'f2c7e9a1b4d8036e5a9c1f7b3d2e8a4c6b0f9d1e3a5c7b2d4f6e8a0c1b3d5e7f');
