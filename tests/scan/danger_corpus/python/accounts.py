"""Account helpers: password storage, reset tokens, API client, XML import."""
import hashlib
import hmac
import os
import random
import secrets
import ssl
import string
import tempfile
import urllib.request
import xml.etree.ElementTree as ET
import xml.sax
import xml.sax.handler
from xml.dom import minidom

import jwt
import psycopg2
import requests
from lxml import etree
from Crypto.Cipher import AES, DES

SERVICE_URL = "https://billing.internal.example.com/api"
ADMIN_USER = "admin"
ADMIN_PASSWORD = "{{rand:6:a-z}}2024!"  # hookagent-expect: CWE-798


def connect_db():
    return psycopg2.connect(host="db.internal", dbname="accounts", user="svc_accounts",
                            password="{{rand:10:A-Za-z0-9}}")  # hookagent-expect: CWE-798


def connect_db_from_env():
    return psycopg2.connect(host=os.environ["DB_HOST"], dbname="accounts",
                            user=os.environ["DB_USER"], password=os.environ["DB_PASSWORD"])


def hash_password(password: str) -> str:
    return hashlib.md5(password.encode()).hexdigest()  # hookagent-expect: CWE-328


def hash_password_sha1(password: str, salt: str) -> str:
    return hashlib.sha1((salt + password).encode("utf-8")).hexdigest()  # hookagent-expect: CWE-328


def hash_password_safe(password: str) -> bytes:
    salt = os.urandom(16)
    return salt + hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600_000)


def file_digest(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(65536), b""):
            h.update(chunk)
    return h.hexdigest()


def reset_token() -> str:
    return "".join(random.choice(string.ascii_letters + string.digits) for _ in range(32))  # hookagent-expect: CWE-338


def one_time_code() -> int:
    return random.randint(100000, 999999)  # hookagent-expect: CWE-338


def session_id() -> str:
    return "%032x" % random.getrandbits(128)  # hookagent-expect: CWE-338


def reset_token_safe() -> str:
    return secrets.token_urlsafe(32)


def shuffle_questions(questions):
    rng = random.Random(42)
    rng.shuffle(questions)
    return questions


def sign(payload: bytes, key: bytes) -> str:
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def encrypt_legacy(key: bytes, data: bytes) -> bytes:
    cipher = DES.new(key, DES.MODE_ECB)  # hookagent-expect: CWE-327
    return cipher.encrypt(data)


def encrypt_card(key: bytes, data: bytes) -> bytes:
    cipher = AES.new(key, AES.MODE_ECB)  # hookagent-expect: CWE-327
    return cipher.encrypt(data)


def encrypt_safe(key: bytes, data: bytes):
    cipher = AES.new(key, AES.MODE_GCM)
    ct, tag = cipher.encrypt_and_digest(data)
    return cipher.nonce, ct, tag


def fetch_invoices(account_id: str):
    resp = requests.get(f"{SERVICE_URL}/invoices/{account_id}", verify=False, timeout=10)  # hookagent-expect: CWE-295
    return resp.json()


def fetch_invoices_safe(account_id: str):
    return requests.get(f"{SERVICE_URL}/invoices/{account_id}", timeout=10).json()


def open_legacy(url: str):
    ctx = ssl._create_unverified_context()  # hookagent-expect: CWE-295
    return urllib.request.urlopen(url, context=ctx).read()


def decode_token(token: str):
    return jwt.decode(token, options={"verify_signature": False})  # hookagent-expect: CWE-347


def decode_token_safe(token: str, key: str):
    return jwt.decode(token, key, algorithms=["HS256"])


def import_accounts(xml_bytes: bytes):
    parser = etree.XMLParser(resolve_entities=True)  # hookagent-expect: CWE-611
    root = etree.fromstring(xml_bytes, parser)
    return [a.get("id") for a in root.iter("account")]


def import_accounts_safe(xml_bytes: bytes):
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.fromstring(xml_bytes, parser)


class ProfileHandler(xml.sax.ContentHandler):
    def __init__(self):
        super().__init__()
        self.fields = {}


def find_account(doc, username: str):
    return doc.xpath("//account[@name='" + username + "']")  # hookagent-expect: CWE-643


def find_account_safe(doc, username: str):
    return doc.xpath("//account[@name=$name]", name=username)


def parse_profile(stream):
    handler = ProfileHandler()
    parser = xml.sax.make_parser()
    parser.setFeature(xml.sax.handler.feature_external_ges, True)  # hookagent-expect: CWE-611
    parser.setContentHandler(handler)
    parser.parse(stream)
    return handler.fields


def parse_profile_text(text: str):
    return minidom.parseString(text)


def parse_settings(path: str):
    return ET.parse(path).getroot()


def scratch_file():
    path = tempfile.mktemp(suffix=".csv")  # hookagent-expect: CWE-377
    return open(path, "w")


def scratch_file_safe():
    return tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False)


def publish_report(path: str):
    os.chmod(path, 0o777)  # hookagent-expect: CWE-732


def publish_report_safe(path: str):
    os.chmod(path, 0o640)
