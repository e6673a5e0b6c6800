"""Generated PDFs and uploaded pieces in an S3-compatible bucket (MEDIA_STORAGE=s3), on a
mock S3 (moto): stored there privately, read back only through the app's checked views."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from documents.integrity import file_sha256

BUCKET = "diaspora-media"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


@pytest.fixture
def bucket(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "eu-west-3",
        "MEDIA_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_REGION_NAME": "eu-west-3",
    }.items():
        monkeypatch.setenv(name, value)
    from config.deployment import media_storage

    with mock_aws():
        s3 = boto3.client("s3", region_name="eu-west-3")
        s3.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"}
        )
        settings.STORAGES = {**settings.STORAGES, "default": media_storage()}
        yield s3


def stored(s3: Any, key: str) -> bytes:
    body: bytes = s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()
    return body


def public(s3: Any, key: str) -> bool:
    grants = s3.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    return any(grant["Grantee"].get("URI") == ALL_USERS for grant in grants)


def test_an_agreement_is_stored_privately_in_the_bucket_and_downloaded_through_the_app(
    bucket, agreement, officer, client_for
):
    content = stored(bucket, agreement.file.name)
    assert hashlib.sha256(content).hexdigest() == agreement.sha256
    assert not public(bucket, agreement.file.name)
    response = client_for(officer).get(f"/documents/{agreement.pk}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content


def test_someone_who_does_not_see_the_proposal_cannot_download_it_from_the_bucket(
    bucket, agreement, caseworker1, client_for
):
    response = client_for(caseworker1).get(f"/documents/{agreement.pk}/download/")
    assert response.status_code == 404


def test_an_uploaded_piece_is_stored_privately_and_downloaded_through_the_app(
    bucket, signed_scan, officer, client_for
):
    content = stored(bucket, signed_scan.file.name)
    assert content == b"%PDF-" + b"0" * 2048
    assert not public(bucket, signed_scan.file.name)
    response = client_for(officer).get(f"/projects/attachments/{signed_scan.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content


def test_the_integrity_check_reads_the_bucket(bucket, agreement):
    assert file_sha256(agreement.file) == agreement.sha256
    bucket.delete_object(Bucket=BUCKET, Key=agreement.file.name)
    assert file_sha256(agreement.file) is None


def test_a_document_missing_from_the_bucket_is_not_found(bucket, agreement, officer, client_for):
    bucket.delete_object(Bucket=BUCKET, Key=agreement.file.name)
    response = client_for(officer).get(f"/documents/{agreement.pk}/download/")
    assert response.status_code == 404


def test_documents_reach_stored_files_only_through_the_storage_api():
    """No path on the disk: a file under MEDIA_ROOT on one server is not on the others.
    The renderer's fetcher alone opens files: the project's static ones (fonts, styles)."""
    import ast
    from pathlib import Path

    import documents

    offenders = []
    for source in Path(documents.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "open":
                offenders.append(f"{source.name}:{node.lineno} open()")
            if isinstance(node, ast.Attribute) and node.attr in {"path", "MEDIA_ROOT"}:
                offenders.append(f"{source.name}:{node.lineno} .{node.attr}")
    # fetcher.py reads the static folders (and URL paths), never the media.
    assert [entry for entry in offenders if not entry.startswith("fetcher.py:")] == []
