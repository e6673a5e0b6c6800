"""A Python client generated from the OpenAPI document imports, and drives a proposal
from draft to submission against a running server: the document says what the API does."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.core.management import call_command

from tests.api.workflows.test_proposals import body as proposal_body

PACKAGE = "diaspora_api_client"

# Files come back as bytes (openapi-python-client reads only octet-stream as a file);
# no formatter runs on the generated code.
GENERATOR_CONFIG = """\
package_name_override: diaspora_api_client
post_hooks: []
content_type_overrides:
  application/pdf: application/octet-stream
  image/jpeg: application/octet-stream
  image/png: application/octet-stream
"""


def generate_client(folder: Path) -> ModuleType:
    """Write the schema, generate a client package into `folder` and import all of it."""
    schema = folder / "schema.yml"
    call_command("spectacular", "--file", str(schema))
    config = folder / "generator.yml"
    config.write_text(GENERATOR_CONFIG)
    command = [sys.executable, "-m", "openapi_python_client", "generate", "--path", str(schema)]
    command += ["--config", str(config), "--meta", "none", "--output-path", str(folder / PACKAGE)]
    generated = subprocess.run(  # the generator's own command line, as CI would run it
        command,
        capture_output=True,
        text=True,
        check=False,
    )
    assert generated.returncode == 0, generated.stdout + generated.stderr
    assert "WARNING" not in generated.stdout, generated.stdout
    sys.path.insert(0, str(folder))
    package = importlib.import_module(PACKAGE)
    for module in pkgutil.walk_packages(package.__path__, f"{PACKAGE}."):
        importlib.import_module(module.name)
    return package


@pytest.fixture(scope="module")
def api_client(tmp_path_factory: pytest.TempPathFactory, django_db_blocker: Any) -> Iterator[Any]:
    folder = tmp_path_factory.mktemp("generated-client")
    with django_db_blocker.unblock():
        package = generate_client(folder)
    yield package
    sys.path.remove(str(folder))
    for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
        del sys.modules[name]


# A server in a thread: real transactions, and the migrations' data put back afterwards.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("reference_data_put_back")
def test_the_generated_client_submits_a_proposal_it_drafted(
    api_client: Any, live_server: Any, cast: dict[str, Any]
) -> None:
    from diaspora_api_client import AuthenticatedClient, Client
    from diaspora_api_client.api.auth import auth_token_create
    from diaspora_api_client.api.proposals import proposals_create, proposals_transitions_fire
    from diaspora_api_client.models import (
        AuthTokenRequest,
        BudgetLineRequest,
        Proposal,
        ProposalRequest,
        ProposalStatusEnum,
        ProposalsTransitionsFireName,
        ProposalTransitionRequest,
        Token,
    )

    anonymous = Client(base_url=live_server.url, raise_on_unexpected_status=True)
    token = auth_token_create.sync(
        client=anonymous, body=AuthTokenRequest(username="assoc_paris", password="demo")
    )
    assert isinstance(token, Token), token
    member = AuthenticatedClient(
        base_url=live_server.url, token=token.token, prefix="Token", raise_on_unexpected_status=True
    )

    # The body another test sends as plain JSON, read into the generated model.
    request = ProposalRequest.from_dict(proposal_body(cast["call"], cast["paris"]))
    assert isinstance(request.budget_lines[0], BudgetLineRequest)
    draft = proposals_create.sync(client=member, body=request)
    assert isinstance(draft, Proposal), draft
    assert draft.status == ProposalStatusEnum.DRAFT
    assert sum(line.amount for line in draft.budget_lines) == 10_000_000

    submitted = proposals_transitions_fire.sync(
        id=draft.id,
        name=ProposalsTransitionsFireName.SUBMIT,
        client=member,
        body=ProposalTransitionRequest(expected_state=ProposalStatusEnum.DRAFT.value),
    )
    assert isinstance(submitted, Proposal), submitted
    assert submitted.status == ProposalStatusEnum.SUBMITTED
    assert submitted.reference == draft.reference
