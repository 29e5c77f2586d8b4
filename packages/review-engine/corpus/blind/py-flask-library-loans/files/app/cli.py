import click
from flask.cli import with_appcontext

from .loans.models import Loan


@click.group()
def loans():
    """Loan administration."""


@loans.command("overdue")
@click.option("--branch", default=None)
@with_appcontext
def overdue(branch):
    rows = Loan.query.all()
    for loan in rows:
        click.echo(f"{loan.id}\t{loan.due_on}")
    print(f"{len(rows)} overdue")
