"""A real S3-compatible server for the object-storage tests: moto's standalone server in a subprocess.

Not a mock of boto3: django-storages talks HTTP to it as it would to a bucket in production, presigned
URLs are fetched over HTTP, and anonymous requests are refused as S3 refuses them (403 on a private
object).
"""

import contextlib
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

import boto3
import pytest
from django.core.files.storage import default_storage
from storages.backends.s3 import S3Storage

from tests.ports import free_port

# Any keys do for moto; they only have to be the same for the portal and the test's own client.
ACCESS_KEY = "ccm-test-access-key"
SECRET_KEY = "ccm-test-secret-key"  # moto's, not a secret
REGION = "us-east-1"


@contextlib.contextmanager
def moto_server() -> Iterator[str]:
    """moto's server on a free port; yields its endpoint URL, stops it afterwards."""
    port = free_port()
    moto = Path(sys.executable).with_name("moto_server")
    command = [str(moto)] if moto.exists() else [sys.executable, "-m", "moto.server"]
    server = subprocess.Popen(
        [*command, "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(endpoint + "/moto-api/", timeout=2)  # noqa: S310 - our own server
                break
            except urllib.error.HTTPError:
                break  # it answers
            except OSError:
                time.sleep(0.05)
        else:
            raise RuntimeError("moto_server did not start")
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


@dataclass
class Bucket:
    endpoint: str
    name: str

    @property
    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )

    def keys(self) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def plain_url(self, key: str) -> str:
        """The object's address without a signature: what anyone could try."""
        return f"{self.endpoint}/{self.name}/{key}"

    @property
    def storage(self) -> dict:
        """The `default` entry of STORAGES, as settings.py builds it from the AWS_* variables."""
        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": self.name,
                "endpoint_url": self.endpoint,
                "access_key": ACCESS_KEY,
                "secret_key": SECRET_KEY,
                "region_name": REGION,
                "default_acl": None,
                "file_overwrite": False,
                "querystring_auth": True,
                "querystring_expire": 60,
            },
        }


def new_bucket(endpoint: str) -> Bucket:
    """A bucket of the test's own (names must be DNS-valid)."""
    bucket = Bucket(endpoint=endpoint, name=f"ccm-test-files-{uuid.uuid4().hex[:12]}")
    bucket.client.create_bucket(Bucket=bucket.name)
    return bucket


def fetch(url: str) -> tuple[int, bytes, Message]:
    """A plain HTTP GET outside the portal (a browser following the redirect, or anyone guessing)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - the test's own server
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers


@pytest.fixture(scope="session")
def s3_endpoint():
    with moto_server() as endpoint:
        yield endpoint


@pytest.fixture
def bucket(settings, s3_endpoint):
    """The default storage in a bucket of this test's own, as settings.py makes it from AWS_* variables."""
    bucket = new_bucket(s3_endpoint)
    settings.STORAGES = {**settings.STORAGES, "default": bucket.storage}
    # Django's storages handler and default_storage start again on the setting's change.
    assert isinstance(default_storage, S3Storage)
    return bucket
