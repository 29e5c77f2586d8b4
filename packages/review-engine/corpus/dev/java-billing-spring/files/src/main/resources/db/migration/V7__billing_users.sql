-- Operators of the billing back office. Passwords are bcrypt hashes; the plain values live in the vault.
CREATE TABLE dbo.backoffice_users (
    id            BIGINT IDENTITY PRIMARY KEY,
    username      NVARCHAR(64)  NOT NULL UNIQUE,
    password_hash NVARCHAR(100) NOT NULL,
    role          NVARCHAR(32)  NOT NULL,
    created_at    DATETIME2     NOT NULL DEFAULT SYSUTCDATETIME()
);

INSERT INTO dbo.backoffice_users (username, password_hash, role) VALUES
    ('finance-lead', '$2a$12$u8Lw2Rk7Nq4Vx9Tz1Mb3CeHs6YdF0gJ5aKoP2iT7rE9wQ4nM6vB8', 'ADMIN'),
    ('collections', '$2a$12$p3Zc9Vx2Lm7Rk4Nq8Wt1JeHs6YdF0gJ5aKoP2iT7rE9wQ4nM6vC1', 'AGENT');

CREATE INDEX ix_backoffice_users_role ON dbo.backoffice_users (role);
