import pytest
from tests.test_dashboard import DASHBOARD, busy_newsroom
from tests.test_dashboard import newsroom, scripty  # noqa
pytestmark = pytest.mark.django_db
@pytest.mark.parametrize("days", [7, 90])
def test_shot(client, users, newsroom, days):
    busy_newsroom(users, 40)
    client.force_login(users.editor)
    html = client.get(DASHBOARD, {"days": days}).text
    css = open("claims/static/claims/app.css").read() + open("claims/static/claims/dashboard.css").read()
    html = html.replace('<link rel="stylesheet" href="/static/claims/app.css">', f"<style>{css}</style>")
    open(f"/tmp/dash{days}.html", "w").write(html)
