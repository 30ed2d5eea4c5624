# Task-style snippets, second set (written after the rules, to measure them).
import os
import pickle
import random
import sqlite3
import subprocess
import xml.etree.ElementTree as ET

import requests
from flask import Flask, request, make_response

app = Flask(__name__)


@app.route("/user")
def show_user():
    user_id = request.args.get("id")
    conn = sqlite3.connect("users.db")
    cursor = conn.cursor()
    query = "SELECT name, email FROM users WHERE id = " + user_id  # hookagent-expect: CWE-89
    cursor.execute(query)
    return str(cursor.fetchone())


@app.route("/greet")
def greet():
    name = request.args.get("name", "")
    resp = make_response("<p>Hello, " + name + "</p>")  # hookagent-expect: CWE-79
    return resp


@app.route("/convert")
def convert():
    filename = request.args.get("file")
    cmd = f"ffmpeg -i {filename} out.mp3"
    subprocess.run(cmd, shell=True, check=True)  # hookagent-expect: CWE-78
    return "done"


@app.route("/load", methods=["POST"])
def load():
    data = request.files["state"].read()
    obj = pickle.loads(data)  # hookagent-expect: CWE-502
    return str(obj)


@app.route("/fetch")
def fetch():
    target = request.args["target"]
    return requests.get("http://" + target + "/health", timeout=3).text  # hookagent-expect: CWE-918


def generate_password(length=12):
    chars = "abcdefghijklmnopqrstuvwxyz0123456789"
    return "".join(random.choice(chars) for _ in range(length))  # hookagent-expect: CWE-338


def delete_file(path):
    os.system("rm -f " + path)  # hookagent-expect: CWE-78


def read_config(name):
    base = "/etc/myapp/"
    with open(base + name) as f:  # hookagent-expect: CWE-22
        return f.read()


def parse_feed(xml_text):
    root = ET.fromstring(xml_text)
    return [item.findtext("title") for item in root.iter("item")]


def login(username, password):
    conn = sqlite3.connect("users.db")
    cur = conn.execute(
        "SELECT 1 FROM users WHERE username = '%s' AND password = '%s'" % (username, password)  # hookagent-expect: CWE-89
    )
    return cur.fetchone() is not None


def count_words(path):
    with open(path) as f:
        return sum(len(line.split()) for line in f)


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8000)  # hookagent-expect: CWE-1327
