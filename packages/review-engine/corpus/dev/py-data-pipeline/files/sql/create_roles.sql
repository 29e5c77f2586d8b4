-- Roles for the analytics warehouse. Run once per environment as the owner.
BEGIN;

CREATE SCHEMA IF NOT EXISTS analytics;

CREATE ROLE etl_loader LOGIN PASSWORD 'Wn6tRb2Xq9Lm4Kz8';
GRANT USAGE ON SCHEMA analytics TO etl_loader;
GRANT INSERT, SELECT ON ALL TABLES IN SCHEMA analytics TO etl_loader;

CREATE ROLE dashboards NOLOGIN;
GRANT USAGE ON SCHEMA analytics TO dashboards;
GRANT SELECT ON ALL TABLES IN SCHEMA analytics TO dashboards;

-- Analysts log in with their SSO account (pg_hba: ldap), never with a password.
CREATE ROLE analyst_ro LOGIN IN ROLE dashboards;

ALTER DEFAULT PRIVILEGES IN SCHEMA analytics GRANT SELECT ON TABLES TO dashboards;

COMMIT;
