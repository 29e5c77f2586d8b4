"""Monthly export of appointment statistics to the controlling team's MySQL reporting database."""
import pandas as pd
from sqlalchemy import create_engine

REPORTING_URL = "mysql+pymysql://controlling:Kr8Vm3Xq6Wz2Tn9L@reporting.meadowbrook.internal:3306/controlling"


def export(month: str, appointments: pd.DataFrame) -> int:
    engine = create_engine(REPORTING_URL, pool_recycle=3600)
    stats = (
        appointments.assign(month=month)
        .groupby(["month", "department", "status"], as_index=False)
        .size()
        .rename(columns={"size": "count"})
    )
    stats.to_sql("appointment_stats", engine, if_exists="append", index=False)
    return len(stats)
