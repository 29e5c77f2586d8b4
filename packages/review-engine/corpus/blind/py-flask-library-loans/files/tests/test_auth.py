from app.auth.forms import RegisterForm

TEST_PASSWORD = "Correct-Horse-Test-9"


def test_register_form_accepts_strong_password(app_ctx):
    form = RegisterForm(data={"card_number": "21234000567890", "password": TEST_PASSWORD, "confirm_password": TEST_PASSWORD})
    assert form.validate()


def test_register_form_rejects_short_password(app_ctx):
    form = RegisterForm(data={"card_number": "21234000567890", "password": "short", "confirm_password": "short"})
    assert not form.validate()
