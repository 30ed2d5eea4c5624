// Warming a rule set once in a process that forks a child per scan (the warm
// server). A child inherits whatever the parent compiled and cached; RE2 builds
// its DFA states lazily, on the bytes it meets, so a child that starts from
// cold DFAs rebuilds them on every commit (measured: a third of a warm 50-file
// scan). Scanning a sample of ordinary code here builds the common ones once.
#include <re2/re2.h>

#include <algorithm>
#include <string>
#include <thread>

#include "hookagent_build_config.hpp"
#include "scan/rule_set.hpp"
#if HOOKAGENT_HAVE_HYPERSCAN
#include "scan/hs_scratch.hpp"
#endif
#include "scan/scanner.hpp"
#include "scan/screen_regex.hpp"
#include "scan/windowed_matches.hpp"

namespace hookagent::scan {

namespace {

// Ordinary code in the languages we scan, with the shapes secret rules look
// at (assignments, URLs, long tokens). The values are made up and
// deliberately not in any vendor's token format.
constexpr std::string_view kSample = R"SAMPLE(#!/usr/bin/env python3
import os, subprocess, hashlib, requests
API_URL = "https://api.example.invalid/v1/items?page=2&limit=50"
def load(path: str) -> dict:
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    token = os.environ.get("SERVICE_TOKEN", "")
    password = config["db"]["password"]  # read at run time
    return {"name": data.get("name"), "size": len(data), "key": key_id}
class Client:
    def __init__(self, secret_name="placeholder", timeout=30):
        self.session = requests.Session()
        self.auth_header = {"Authorization": "Bearer " + token}
const express = require('express');
export async function handler(req, res) {
  const apiKey = process.env.API_KEY;
  const url = `${base}/users/${req.params.id}?access_token=${tokenValue}`;
  document.getElementById('out').textContent = result.message;
  return res.status(200).json({ ok: true, id: 'a1b2c3d4e5f6', count: 42 });
}
package main
import ("fmt"; "net/http"; "os")
func main() {
	secretKey := os.Getenv("SECRET_KEY")
	var client_id string = "app-client-7f3e"
	http.HandleFunc("/health", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") })
}
public class Service {
    private static final String PASSWORD_FIELD = "password";
    String conn = "jdbc:postgresql://db.example.invalid:5432/app?user=app";
    props.setProperty("auth.token", System.getenv("AUTH_TOKEN"));
}
#include <stdio.h>
int main(int argc, char **argv) { char buf[256]; snprintf(buf, sizeof buf, "%s", argv[1]); return 0; }
<?php $db_password = getenv('DB_PASSWORD'); $query = "SELECT * FROM users WHERE id = ?"; ?>
AWS_REGION=eu-west-1
DATABASE_URL=postgres://app:${DB_PASSWORD}@localhost:5432/app
api_key: ${API_KEY}
client_secret: "{{ vault_client_secret }}"
"token": "not-a-real-token-only-sample-text",
sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
curl -H "Authorization: token $GITHUB_TOKEN" https://api.example.invalid/repos
echo "done" > /tmp/out.log; rm -rf "$BUILD_DIR"
)SAMPLE";

// Rules apply by path; these names reach the path-scoped ones. Every group of
// rules sharing a path pattern must meet one: a child that meets a group first
// loads its database and grows its Vectorscan scratch for it, which drops the
// spares made here (a 50-file commit of C headers paid ~8% of its check so).
constexpr const char* kPaths[] = {
    "app/main.py",     "web/app.js",        "web/app.ts",      "cmd/main.go",   "src/Main.java",
    "src/main.c",      "src/lib.rs",        "app/index.php",   "lib/app.rb",    "src/App.cs",
    "scripts/build.sh", ".env",             "config.yaml",     "settings.json", "Dockerfile",
    "main.tf",         "include/lib.h",     "src/App.kt",      "web/App.tsx",   "web/App.vue",
    "web/index.html",  "views/page.jsp",    "views/Page.cshtml", "views/page.erb", "views/page.haml",
    "lib/tasks.rake",  "Gemfile",           "Makefile",        "src/main.ino",  "app/notes.ipynb"};

}  // namespace

void warm_up(const std::shared_ptr<const RuleSet>& rules) {
  // RE2 compiles a regex's reverse program when a match first needs its
  // start: in a child, per check (~7% of a warm one-file check). Built here.
  auto ready = [](const LazyRegex& re) { re.get().ReverseProgramSize(); };
  auto allowlist = [&](const CompiledAllowlist& a) {
    for (const auto& re : a.regexes) ready(*re);
    for (const auto& re : a.paths) ready(*re);
  };
  for (const CompiledRule& r : rules->rules) {
    if (r.path) ready(*r.path);
    if (r.reach) r.reach->get();
    for (const auto& a : r.allowlists) allowlist(a);
    if (!r.regex) continue;
    ready(*r.regex);
    // Every rule's DFAs meet the sample, not only those whose keywords it
    // holds, searched as the scan searches (through its screen, if it has one).
    const RE2& re = r.regex->get();
    const RE2* screen = r.screen ? r.screen->get(re) : nullptr;
    if (screen) screen->ReverseProgramSize();  // builds it: the screen's match start needs it
    std::vector<re2::StringPiece> groups(1);
    const std::vector<Window> whole{{0, kSample.size()}};
    WindowedMatches matches(re, screen, kSample, whole, groups);
    while (matches.next()) {
    }
  }
  for (const auto& a : rules->global_allowlists) allowlist(a);
  rules->pattern_prefilter(PrefilterUse::CachedOnly);
  const Scanner scanner(rules);
  for (const char* path : kPaths) scanner.scan_text(kSample, TextContext{path});
#if HOOKAGENT_HAVE_HYPERSCAN
  keep_spare_scratch(std::max(1u, std::thread::hardware_concurrency()));
#endif
}

}  // namespace hookagent::scan
