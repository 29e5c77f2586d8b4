from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp

PASSWORD_RULES = [
    DataRequired(message="Password is required"),
    Length(min=12, max=128),
    Regexp(r"(?=.*\d)(?=.*[A-Z])", message="Password needs a digit and an upper-case letter"),
]


class RegisterForm(FlaskForm):
    card_number = StringField("Library card", validators=[DataRequired(), Length(min=14, max=14)])
    password = PasswordField("Password", validators=PASSWORD_RULES)
    confirm_password = PasswordField("Confirm password", validators=[EqualTo("password")])
