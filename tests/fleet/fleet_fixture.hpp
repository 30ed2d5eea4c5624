#pragma once
// Histories for the fleet tests: a repository of a few hundred commits written
// with `git fast-import` (one process, fast), some of them adding a fake token
// expanded from a {{rand}} placeholder at test time, and the findings of a
// `scan --format json` as comparable keys.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <vector>

#include "scan/scanner.hpp"
#include "support/git_fixture.hpp"

namespace hookagent::fleet_test {

// ghp_ + 36 characters: the bundled github-pat rule's format.
inline std::string fake_pat(uint64_t seed) { return scan::expand_sample("ghp_{{rand:36:A-Za-z0-9}}", seed); }

struct History {
  int commits = 0;
  int with_secret = 0;
};

// `count` commits on the current branch of `repo`, one file changed each; every
// `secret_every`-th adds a token. Every 25th commit is a merge of a two-commit
// side branch, so the walk is not a line. Data is the stream fast-import reads.
inline History generate_history(test::GitRepo& repo, int count, int secret_every, uint64_t seed = 1) {
  std::string stream;
  History h;
  int mark = 0;
  long when = 1700000000;
  auto blob_commit = [&](const std::string& ref, const std::string& path, const std::string& content,
                         int from, int merge) {
    stream += "commit " + ref + "\nmark :" + std::to_string(++mark) + "\n";
    stream += "committer Fleet Test <fleet@example.invalid> " + std::to_string(when++) + " +0000\n";
    std::string msg = "change " + std::to_string(mark);
    stream += "data " + std::to_string(msg.size()) + "\n" + msg + "\n";
    if (from > 0) stream += "from :" + std::to_string(from) + "\n";
    if (merge > 0) stream += "merge :" + std::to_string(merge) + "\n";
    stream += "M 100644 inline " + path + "\ndata " + std::to_string(content.size()) + "\n" + content + "\n";
    ++h.commits;
    return mark;
  };
  int head = 0;
  for (int i = 1; i <= count; ++i) {
    std::string path = "src/mod" + std::to_string(i % 17) + ".py";
    std::string content = "VALUE_" + std::to_string(i) + " = " + std::to_string(i * 7) + "\n";
    if (i % secret_every == 0) {
      content += "TOKEN = \"" + fake_pat(seed * 1000 + i) + "\"\n";
      ++h.with_secret;
    }
    if (i % 25 == 0 && head > 0) {
      int side = blob_commit("refs/heads/side", "side/s" + std::to_string(i) + ".txt", "side one\n", head, 0);
      side = blob_commit("refs/heads/side", "side/s" + std::to_string(i) + ".txt", "side two\n", side, 0);
      head = blob_commit("refs/heads/main", path, content, head, side);
    } else {
      head = blob_commit("refs/heads/main", path, content, head, 0);
    }
  }
  test::write_file(repo.home() / "history.fi", stream);
  repo.git("fast-import --quiet < '" + (repo.home() / "history.fi").string() + "'");
  repo.git("symbolic-ref HEAD refs/heads/main");
  repo.git("reset -q --hard main");
  return h;
}

// One key per finding: what a finding is, not how a run printed it.
inline std::multiset<std::string> finding_keys(const std::string& json_text) {
  auto doc = nlohmann::json::parse(json_text);
  std::multiset<std::string> keys;
  for (const auto& f : doc.at("findings"))
    keys.insert(f.at("commit").get<std::string>() + " " + f.at("file").get<std::string>() + ":" +
                std::to_string(f.at("line").get<int>()) + " " + f.at("rule_id").get<std::string>() + " " +
                f.at("fingerprint").get<std::string>());
  return keys;
}

}  // namespace hookagent::fleet_test
