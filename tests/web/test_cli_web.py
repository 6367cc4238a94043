"""``edi-gateway web user|token``: accounts and tokens from the command line, audited."""

from __future__ import annotations

from click.testing import CliRunner

from gateway.cli import main
from gateway.ledger import Ledger
from gateway.web import audit
from gateway.web.users import authenticate, principal_for_token


def test_user_and_token_lifecycle(ledger: Ledger) -> None:
    url = ["--database-url", str(ledger.engine.url)]
    runner = CliRunner()
    added = runner.invoke(main, ["web", "user", "add", "dana", "--role", "operator", "--password-stdin", *url],
                          input="long enough pw\n")
    assert added.exit_code == 0, added.output
    again = runner.invoke(main, ["web", "user", "add", "dana", "--password-stdin", *url], input="long enough pw\n")
    assert again.exit_code == 2 and "already exists" in again.output
    short = runner.invoke(main, ["web", "user", "add", "eve", "--password-stdin", *url], input="short\n")
    assert short.exit_code == 2 and "at least 8 characters" in short.output
    token = runner.invoke(main, ["web", "token", "create", "dana", "--name", "ci", *url]).output.strip()
    assert runner.invoke(main, ["web", "user", "role", "dana", "admin", *url]).exit_code == 0
    listing = runner.invoke(main, ["web", "user", "list", *url]).output
    assert listing == "dana\tadmin\tactive\n"
    with ledger.transaction() as s:
        who = principal_for_token(s, token)
        assert who is not None and (who.username, who.role) == ("dana", "admin")
        assert authenticate(s, "dana", "long enough pw") is not None
    assert runner.invoke(main, ["web", "user", "disable", "dana", *url]).exit_code == 0
    with ledger.transaction() as s:
        assert principal_for_token(s, token) is None and authenticate(s, "dana", "long enough pw") is None
        actions = [e.action for e in audit.recent(s)]
    assert actions == ["user_disable", "user_role", "token_create", "user_add"]
