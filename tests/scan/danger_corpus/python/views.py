"""Small Flask service: notes, reports and a link preview."""
import os
import sqlite3
import subprocess
import pickle
import yaml
import requests
from flask import Flask, request, jsonify, send_file, abort, render_template_string
from werkzeug.utils import secure_filename

app = Flask(__name__)
app.config["UPLOAD_DIR"] = "/srv/notes/uploads"
DB_PATH = os.environ.get("NOTES_DB", "notes.db")
ALLOWED_PREVIEW_HOSTS = {"docs.example.org", "status.example.org"}


def get_db():
    conn = sqlite3.connect(DB_PATH)
    conn.row_factory = sqlite3.Row
    return conn


@app.route("/notes/search")
def search_notes():
    term = request.args.get("q", "")
    db = get_db()
    cur = db.cursor()
    cur.execute("SELECT id, title FROM notes WHERE title LIKE '%" + term + "%'")  # hookagent-expect: CWE-89
    rows = cur.fetchall()
    return jsonify([dict(r) for r in rows])


@app.route("/notes/<int:note_id>")
def get_note(note_id):
    db = get_db()
    row = db.execute("SELECT * FROM notes WHERE id = ?", (note_id,)).fetchone()
    if row is None:
        abort(404)
    return jsonify(dict(row))


@app.route("/notes/by-owner")
def notes_by_owner():
    owner = request.args["owner"]
    db = get_db()
    query = "SELECT * FROM notes WHERE owner = '%s' ORDER BY created" % owner  # hookagent-expect: CWE-89
    rows = db.execute(query).fetchall()
    return jsonify([dict(r) for r in rows])


@app.route("/notes/delete", methods=["POST"])
def delete_note():
    note_id = request.form["id"]
    db = get_db()
    db.execute(f"DELETE FROM notes WHERE id = {note_id}")  # hookagent-expect: CWE-89
    db.commit()
    return "", 204


@app.route("/notes/tag", methods=["POST"])
def tag_note():
    db = get_db()
    db.execute("UPDATE notes SET tag = ? WHERE id = ?", (request.form["tag"], request.form["id"]))
    db.commit()
    return "", 204


@app.route("/export")
def export_notes():
    fmt = request.args.get("format", "csv")
    out = "/tmp/export." + fmt
    os.system("sqlite3 -csv notes.db 'select * from notes' > " + out)  # hookagent-expect: CWE-78
    return send_file(out)


@app.route("/ping")
def ping():
    host = request.args.get("host", "localhost")
    result = subprocess.check_output("ping -c 1 " + host, shell=True)  # hookagent-expect: CWE-78
    return result


@app.route("/dns")
def dns_lookup():
    name = request.args.get("name", "")
    proc = subprocess.run(["dig", "+short", name], capture_output=True, text=True, timeout=5)
    return proc.stdout


@app.route("/download")
def download():
    filename = request.args.get("file")
    path = os.path.join(app.config["UPLOAD_DIR"], filename)
    return send_file(path)  # hookagent-expect: CWE-22


@app.route("/download-safe")
def download_safe():
    filename = secure_filename(request.args.get("file", ""))
    return send_file(os.path.join(app.config["UPLOAD_DIR"], filename))


@app.route("/read")
def read_file():
    name = request.args.get("name")
    with open("/srv/notes/data/" + name) as fh:  # hookagent-expect: CWE-22
        return fh.read()


@app.route("/preview")
def preview():
    url = request.args.get("url")
    resp = requests.get(url, timeout=5)  # hookagent-expect: CWE-918
    return resp.text[:500]


@app.route("/preview-safe")
def preview_safe():
    from urllib.parse import urlparse
    url = request.args.get("url", "")
    if urlparse(url).hostname not in ALLOWED_PREVIEW_HOSTS:
        abort(400)
    return requests.get(url, timeout=5).text[:500]


@app.route("/webhook/test", methods=["POST"])
def webhook_test():
    target = request.json["callback"]
    r = requests.post(target, json={"ok": True}, timeout=3)  # hookagent-expect: CWE-918
    return jsonify(status=r.status_code)


@app.route("/session/restore", methods=["POST"])
def restore_session():
    blob = request.get_data()
    state = pickle.loads(blob)  # hookagent-expect: CWE-502
    return jsonify(keys=list(state))


@app.route("/config/import", methods=["POST"])
def import_config():
    data = yaml.load(request.data, Loader=yaml.Loader)  # hookagent-expect: CWE-502
    return jsonify(data)


@app.route("/config/import-safe", methods=["POST"])
def import_config_safe():
    return jsonify(yaml.safe_load(request.data))


@app.route("/calc")
def calc():
    expr = request.args.get("expr", "0")
    return str(eval(expr))  # hookagent-expect: CWE-95


@app.route("/hello")
def hello():
    name = request.args.get("name", "world")
    return render_template_string("<h1>Hello " + name + "</h1>")  # hookagent-expect: CWE-94


@app.route("/redirect")
def go():
    from flask import redirect
    return redirect(request.args.get("next"))  # hookagent-expect: CWE-601


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(os.environ.get("PORT", "5000")), debug=True)  # hookagent-expect: CWE-489
