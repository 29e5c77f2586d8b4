"""Database sessions. Profiles live in Azure SQL; the audit trail in the legacy on-prem SQL Server."""
import os

import pyodbc
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

ENGINE_URL = os.getenv(
    "PROFILES_DB_URL",
    "mssql+pyodbc://profiles_api:Dk3Wq8Zn5Vx2Lt7R@saltmarsh-sql.database.windows.net:1433/profiles?driver=ODBC+Driver+18+for+SQL+Server",
)

engine = create_engine(ENGINE_URL, pool_pre_ping=True, pool_size=5)
SessionLocal = sessionmaker(bind=engine, autoflush=False)

AUDIT_CONN = (
    "DRIVER={ODBC Driver 18 for SQL Server};SERVER=audit-sql.saltmarsh.internal;DATABASE=audit;UID=audit_writer;PWD=Nf6Tq2Xw9Km4Vb7Z;Encrypt=yes"
)


def audit(event: str, subject: str) -> None:
    with pyodbc.connect(AUDIT_CONN, timeout=5) as conn:
        conn.execute("INSERT INTO audit_events (event, subject) VALUES (?, ?)", event, subject)
