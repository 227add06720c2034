"""Files in an S3-compatible object store: the portal served by gunicorn with `S3_BUCKET` set,
against moto's S3 emulator on loopback. Hearing attachments, PDF snapshots and meeting packets
are written to the bucket (and nowhere on the app server's disk) and read back intact."""

from __future__ import annotations

import hashlib
import http.client
import io
import json
import re
import secrets
import uuid

import boto3
import pytest
from moto.server import ThreadedMotoServer

from bench import common
from tests.deploy.conftest import unstarted_portal

pytestmark = pytest.mark.service

BUCKET = "medborger-files"
REGION = "eu-north-1"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(scope="module")
def s3():
    port = common.free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="medborger-test",
        aws_secret_access_key="medborger-test-secret",
        region_name=REGION,
    )
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    yield endpoint, client
    server.stop()


@pytest.fixture(scope="module")
def portal_on_s3(portal_cluster, tmp_path_factory, s3):
    endpoint, _ = s3
    work = tmp_path_factory.mktemp("s3")
    with unstarted_portal(portal_cluster, work) as portal:
        portal.environment.update(
            {
                "S3_BUCKET": BUCKET,
                "S3_ENDPOINT_URL": endpoint,
                "S3_REGION": REGION,
                "AWS_ACCESS_KEY_ID": "medborger-test",
                "AWS_SECRET_ACCESS_KEY": "medborger-test-secret",
                # A folder that must stay empty: nothing may land on the app server's disk.
                "MEDIA_ROOT": str(work / "must-stay-empty"),
            }
        )
        port = portal.start_server(workers=2)
        yield portal, port, work / "must-stay-empty"


def stored(client, key: str) -> bytes:
    return client.get_object(Bucket=BUCKET, Key=key)["Body"].read()


def multipart(fields: dict[str, str], files: list[tuple[str, str, bytes, str]]):
    boundary = uuid.uuid4().hex
    body = io.BytesIO()
    for name, value in fields.items():
        body.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
        )
        body.write(f"{value}\r\n".encode())
    for name, filename, data, content_type in files:
        body.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
        )
        body.write(data + b"\r\n")
    body.write(f"--{boundary}--\r\n".encode())
    return body.getvalue(), f"multipart/form-data; boundary={boundary}"


def get(port: int, path: str):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def test_a_version_pdf_is_stored_in_the_bucket_and_streamed_back(portal_on_s3, s3):
    portal, port, local = portal_on_s3
    _, client = s3
    status, headers, body = get(port, portal.seeded["pdf_path"])
    assert status == 200
    assert hashlib.sha256(body).hexdigest() == headers["X-Content-SHA256"]

    key, sha256 = portal.query(
        "select file, sha256 from policy_snapshot where kind = 'version' order by id desc limit 1"
    )[0]
    assert stored(client, key) == body
    assert hashlib.sha256(stored(client, key)).hexdigest() == sha256
    assert not any(local.rglob("*.pdf"))


def test_a_hearing_attachment_is_stored_in_the_bucket_and_downloaded_back(portal_on_s3, s3):
    portal, port, local = portal_on_s3
    _, client = s3
    path = portal.seeded["pages"]["Hearing page"]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        cookie, token = common.form_session(conn, path)
    finally:
        conn.close()
    attachment = b"%PDF-1.4\n% Et bilag fra Seniorforeningen\n" + secrets.token_bytes(2048)
    body, content_type = multipart(
        {
            "csrfmiddlewaretoken": token,
            "website": "",
            "kind": "person",
            "name": "Bent Bilag",
            "email": "bent.bilag@example.org",
            "text": "Et høringssvar med et bilag, gemt i objektlageret.",
            "consent": "yes",
            "idempotency_key": secrets.token_hex(16),
        },
        [("attachments", "forslag.pdf", attachment, "application/pdf")],
    )
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        status, _ = common.post(conn, path, body=body, cookie=cookie, content_type=content_type)
    finally:
        conn.close()
    assert status == 302

    key, pk = portal.query(
        "select a.file, a.id from engagement_hearingattachment a "
        "join engagement_hearingresponse r on r.id = a.response_id "
        "where r.email = 'bent.bilag@example.org'"
    )[0]
    assert stored(client, key) == attachment
    assert not any(p.is_file() for p in local.rglob("*"))

    # Published (as staff would after review), the attachment is downloaded through the portal.
    portal.query(
        "update engagement_hearingresponse set status = 'published' "
        "where email = 'bent.bilag@example.org' returning id"
    )
    status, _, downloaded = get(port, f"/hoering/bilag/{pk}/")
    assert status == 200
    assert downloaded == attachment


def test_a_meeting_packet_is_stored_in_the_bucket(portal_on_s3, s3):
    portal, _, local = portal_on_s3
    _, client = s3
    made = portal.manage(
        "shell",
        "-c",
        "import json\n"
        "from django.utils import timezone\n"
        "from policy.models import PolicyVersion\n"
        "from process.models import Body, Handling, Process\n"
        "from process.services import packet_edition_issue\n"
        "version = PolicyVersion.objects.filter(status='published').order_by('-number').first()\n"
        "process = Process.objects.get(policy=version.policy)\n"
        "body, _ = Body.objects.get_or_create(name='Kultur- og Fritidsudvalget')\n"
        "handling = Handling.objects.create(process=process, body=body, version=version,"
        " meeting_date=timezone.localdate(), agenda_item_title='Medborgerpolitik')\n"
        "packet = packet_edition_issue(handling=handling, user=None).snapshot\n"
        "data = packet.file.open('rb').read()\n"
        "print(json.dumps({'key': packet.file.name, 'sha256': packet.sha256, 'size': len(data)}))\n",
    )
    packet = json.loads(made.strip().splitlines()[-1])
    data = stored(client, packet["key"])
    assert data.startswith(b"%PDF-")
    assert len(data) == packet["size"]
    assert hashlib.sha256(data).hexdigest() == packet["sha256"]
    assert not any(p.is_file() for p in local.rglob("*"))
