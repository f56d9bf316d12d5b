"""Configuration comes from the environment and refuses nonsense loudly."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Variables of the calling environment that would change what is being tested.
SCRUBBED = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "ESSOR_DEMO",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k" * 20 + "-production-secret-key-that-is-long-enough-0123456789",
    "ALLOWED_HOSTS": "essor.example.org",
}


def manage(*args: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
    base["ESSOR_VAR_DIR"] = str(tmp_path / "var")
    base.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
    )


def printed(result: subprocess.CompletedProcess) -> str:
    """The last line printed (Django's shell announces its automatic imports first)."""
    return result.stdout.strip().splitlines()[-1]


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION, tmp_path=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "peut-être"}, "DEBUG='peut-être' n'est pas un booléen"),
        ({"DEBUG": "0", "ALLOWED_HOSTS": "essor.example.org"}, "SECRET_KEY est obligatoire"),
        ({**PRODUCTION, "SECRET_KEY": "court"}, "au moins 50 caractères"),
        ({**PRODUCTION, "ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS est obligatoire"),
        (
            {"DEBUG": "1", "DATABASE_URL": "mysql://u:p@localhost/essor"},
            "seuls sqlite:///… et postgres://…",
        ),
        ({"DEBUG": "1", "EMAIL_PORT": "vingt-cinq"}, "EMAIL_PORT='vingt-cinq' n'est pas un entier"),
    ],
)
def test_nonsense_configuration_is_refused_with_its_name(tmp_path, env, message):
    result = manage("check", env=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert message in result.stderr


def test_development_secret_key_is_generated_once_and_kept(tmp_path):
    env = {"DEBUG": "1"}
    first = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY)",
        env=env,
        tmp_path=tmp_path,
    )
    second = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY)",
        env=env,
        tmp_path=tmp_path,
    )
    assert first.returncode == 0, first.stderr
    key_file = tmp_path / "var" / "secret_key"
    assert key_file.read_text().strip() == printed(first) == printed(second)
    assert len(printed(first)) >= 50
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"


def test_database_url_selects_the_database(tmp_path):
    env = {"DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'autre.sqlite3'}"}
    code = "from django.db import connection; print(connection.settings_dict['NAME'])"
    result = manage("shell", "-c", code, env=env, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert printed(result) == str(tmp_path / "autre.sqlite3")


def test_sqlite_runs_in_wal_mode_with_immediate_transactions(tmp_path):
    code = (
        "from django.db import connection\n"
        "cur = connection.cursor(); cur.execute('PRAGMA journal_mode'); print(cur.fetchone()[0])\n"
        "print(connection.settings_dict['OPTIONS']['transaction_mode'])"
    )
    result = manage("shell", "-c", code, env={"DEBUG": "1"}, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["wal", "IMMEDIATE"]
