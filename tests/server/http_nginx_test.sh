#!/usr/bin/env bash
# hookagent's pre-receive behind smart HTTP: nginx -> fcgiwrap -> git http-backend,
# all started here as this user on a free loopback port (nginx -p/-c with its
# own config and `daemon off`, fcgiwrap on a unix socket in the temp dir), the
# hook put in place by `install --server`. The hook runs with the environment
# fcgiwrap gives a CGI: FastCGI params only, no HOME. Must pass push_contract.
source "$(dirname "${BASH_SOURCE[0]}")/server_lib.sh"
need nginx:nginx fcgiwrap:fcgiwrap
backend=$(git --exec-path)/git-http-backend
[[ -x $backend ]] || skip "git http-backend is not at $backend"

srv=$T/srv
git init -q --bare "$srv/repo.git"
git -C "$srv/repo.git" config http.receivepack true
(cd "$srv/repo.git" && "$hookagent" install --server >"$T/install.log" 2>&1) ||
  bad "install --server: $(cat "$T/install.log")"

mkdir -p "$T/nginx/logs" "$T/nginx/tmp"
setsid fcgiwrap -c 4 -s "unix:$T/fcgi.sock" >"$T/fcgiwrap.log" 2>&1 &
started_pids+=("-$!")
port=$(free_port)
# `user` only matters when nginx starts as root (its workers would otherwise
# be nobody, who cannot reach our socket); it is ignored for anyone else.
cat >"$T/nginx/nginx.conf" <<CONF
daemon off;
user $(id -un) $(id -gn);
worker_processes 2;
pid $T/nginx/nginx.pid;
error_log $T/nginx/logs/error.log;
events { worker_connections 64; }
http {
  access_log $T/nginx/logs/access.log;
  client_body_temp_path $T/nginx/tmp/body;
  fastcgi_temp_path $T/nginx/tmp/fastcgi;
  proxy_temp_path $T/nginx/tmp/proxy;
  uwsgi_temp_path $T/nginx/tmp/uwsgi;
  scgi_temp_path $T/nginx/tmp/scgi;
  client_max_body_size 0;
  server {
    listen 127.0.0.1:$port;
    location / {
      include /etc/nginx/fastcgi_params;
      fastcgi_param SCRIPT_FILENAME $backend;
      fastcgi_param GIT_PROJECT_ROOT $srv;
      fastcgi_param GIT_HTTP_EXPORT_ALL "";
      fastcgi_param PATH_INFO \$uri;
      fastcgi_param REMOTE_USER tester;
      fastcgi_read_timeout 600s;
      fastcgi_pass unix:$T/fcgi.sock;
    }
  }
}
CONF
nginx -p "$T/nginx" -c "$T/nginx/nginx.conf" >"$T/nginx.log" 2>&1 &
nginx_pid=$!
started_pids+=("$nginx_pid")
wait_port "$port" "$nginx_pid" ||
  { bad "nginx did not start: $(cat "$T/nginx.log" "$T/nginx/logs/error.log" 2>/dev/null)"; finish; }
if git ls-remote "http://127.0.0.1:$port/repo.git" >"$T/out" 2>&1; then
  pass "nginx + fcgiwrap + git http-backend serve the repository"
else
  bad "ls-remote over HTTP: $(cat "$T/out" "$T/nginx/logs/error.log")"
  finish
fi

push_contract "smart HTTP" "http://127.0.0.1:$port/repo.git" "$srv/repo.git"
kill -0 "$nginx_pid" 2>/dev/null && git ls-remote "http://127.0.0.1:$port/repo.git" >/dev/null 2>&1 &&
  pass "nginx still serves after the refused pushes" || bad "nginx is down after the pushes"
finish
