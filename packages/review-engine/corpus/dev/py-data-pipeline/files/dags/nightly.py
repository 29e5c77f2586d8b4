"""Airflow DAG: the nightly orbit-etl run, with a Slack message on failure."""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.bash import BashOperator
from airflow.providers.slack.operators.slack import SlackAPIPostOperator

DEFAULT_ARGS = {
    "owner": "data-platform",
    "retries": 2,
    "retry_delay": timedelta(minutes=10),
}

with DAG(
    dag_id="orbit_etl_nightly",
    start_date=datetime(2024, 9, 1),
    schedule="15 2 * * *",
    catchup=False,
    default_args=DEFAULT_ARGS,
    tags=["orbit", "etl"],
) as dag:
    run = BashOperator(task_id="run", bash_command="orbit-etl run {{ ds }}")

    notify_failure = SlackAPIPostOperator(
        task_id="notify_failure",
        token="xoxb-7391046285-5820417736190-Hq2VxN8mLr4TzK7cWp1JbY5s",
        channel="#data-alerts",
        text="orbit_etl_nightly failed for {{ ds }}",
        trigger_rule="one_failed",
    )

    run >> notify_failure
