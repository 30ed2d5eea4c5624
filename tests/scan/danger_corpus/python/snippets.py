# Short task-style functions, one concern each (the shape of CWE-labelled examples).
import base64
import hashlib
import ldap
import marshal
import os
import random
import socket
import subprocess
import sys

import mysql.connector
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt


def check_login(username, password):
    if username == "admin" and password == "{{rand:8:a-z}}":  # hookagent-expect: CWE-798
        return True
    return False


def db_connection():
    return mysql.connector.connect(host="localhost", user="root", passwd="{{rand:9:a-z0-9}}", database="shop")  # hookagent-expect: CWE-798


def get_user(cursor, username):
    sql = "SELECT * FROM users WHERE username = '" + username + "'"  # hookagent-expect: CWE-89
    cursor.execute(sql)
    return cursor.fetchone()


def get_user_safe(cursor, username):
    cursor.execute("SELECT * FROM users WHERE username = %s", (username,))
    return cursor.fetchone()


def remove_user(cursor, user_id):
    cursor.execute("DELETE FROM users WHERE id = {}".format(user_id))  # hookagent-expect: CWE-89


def ldap_lookup(request):
    uid = request.GET["uid"]
    conn = ldap.initialize("ldap://127.0.0.1")
    return conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, "(uid=" + uid + ")")  # hookagent-expect: CWE-90


def generate_session_key():
    return str(random.random())[2:]  # hookagent-expect: CWE-330


def pick_winner(entries):
    random.seed(1234)  # hookagent-expect: CWE-330
    return random.choice(entries)


def new_api_key():
    key = "".join(random.choices("abcdef0123456789", k=40))  # hookagent-expect: CWE-338
    return key


def cache_name(url):
    # md5 of the URL names a cache file; not a security use
    return hashlib.md5(url.encode()).hexdigest() + ".json"


def run_command(request):
    cmd = request.GET.get("cmd")
    subprocess.Popen(cmd, shell=True)  # hookagent-expect: CWE-78


def list_dir(request):
    folder = request.GET.get("folder", ".")
    return subprocess.check_output(["ls", "-l", "--", folder])


def evaluate_input():
    user_input = input("expression: ")
    return eval(user_input)  # hookagent-expect: CWE-95


def load_bytecode(data):
    return marshal.loads(base64.b64decode(data))  # hookagent-expect: CWE-502


@csrf_exempt  # hookagent-expect: CWE-352
def payment_callback(request):
    return HttpResponse("ok")


def payment_status(request):
    return HttpResponse("ok")


def write_pid():
    fd = os.open("/var/run/app.pid", os.O_WRONLY | os.O_CREAT, 0o666)  # hookagent-expect: CWE-732
    os.write(fd, str(os.getpid()).encode())
    os.close(fd)


def listen():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("", 8080))  # hookagent-expect: CWE-1327
    s.listen(5)
    return s


def echo_args():
    print("args:", sys.argv[1:])
