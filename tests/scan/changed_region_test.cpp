// A changed file's region (changed_region.hpp): every line a line diff calls
// added lies in it, on made-up edits and against git's own diff; and a history
// scan that scans only those regions reports what the commits added, where
// git's diff puts it, even where the diff slides a group of equal lines.
#include <catch2/catch.hpp>

#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <nlohmann/json.hpp>

#include "scan/changed_region.hpp"
#include "scan_test_support.hpp"
#include "support/git_fixture.hpp"

using namespace hookagent;
using namespace hookagent::scan;
using namespace hookagent::scan::testing;
using nlohmann::json;

namespace {

std::string owned(std::string_view text, const TextRegion& r) {
  return std::string(text.substr(r.own_begin, r.own_end - r.own_begin));
}

// Filler lines, numbered so that none repeats.
std::string filler(int from, int count) {
  std::string out;
  for (int i = from; i < from + count; ++i) out += "value_" + std::to_string(i) + " = compute(" + std::to_string(i) + ")\n";
  return out;
}

// The added lines of a `git diff -U0`, by their line numbers in the new blob.
std::set<int> added_lines_of(const std::string& diff) {
  std::set<int> lines;
  std::regex hunk(R"(^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@)");
  std::istringstream in(diff);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (!std::regex_search(line, m, hunk)) continue;
    const int first = std::stoi(m[1]), count = m[2].matched ? std::stoi(m[2]) : 1;
    for (int i = first; i < first + count; ++i) lines.insert(i);
  }
  return lines;
}

// The added lines of `git diff` between two blobs.
std::set<int> git_added_lines(const test::GitRepo& repo, const std::string& before, const std::string& now) {
  repo.write("before.txt", before);
  repo.write("now.txt", now);
  return added_lines_of(repo.git("diff --no-index --no-color -U0 before.txt now.txt", true).out);
}

int line_of(std::string_view text, std::size_t at) {
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

}  // namespace

TEST_CASE("the changed region owns the changed lines, and the context around them", "[region]") {
  const std::string head = filler(0, 200), tail = filler(1000, 200);
  SECTION("a line inserted in the middle") {
    const std::string now = head + "inserted = 1\n" + tail;
    auto r = changed_region(head + tail, now);
    REQUIRE(r);
    CHECK(owned(now, *r) == "inserted = 1\n");
    CHECK(r->first_line == line_of(now, r->begin));
    CHECK((r->begin == 0 || now[r->begin - 1] == '\n'));
    CHECK(r->own_begin - r->begin >= kRegionContextBytes);
    CHECK(r->end - r->own_end >= kRegionContextBytes);
  }
  SECTION("a line changed in part: the whole line is owned") {
    const std::string now = head + "value_X = compute(1)\n" + tail;
    auto r = changed_region(head + "value_Y = compute(1)\n" + tail, now);
    REQUIRE(r);
    CHECK(owned(now, *r) == "value_X = compute(1)\n");
  }
  SECTION("whole lines taken out add nothing") {
    auto r = changed_region(head + "gone = 1\n" + tail, head + tail);
    REQUIRE(r);
    CHECK(r->own_begin == r->own_end);
  }
  SECTION("bytes taken out of a line leave the line owned") {
    const std::string now = head + "cut = 1\n" + tail;
    auto r = changed_region(head + "cut = 12345\n" + tail, now);
    REQUIRE(r);
    CHECK(owned(now, *r) == "cut = 1\n");
  }
  SECTION("the start of a line taken out") {
    const std::string now = head + "d\n" + tail;
    auto r = changed_region(head + "cd\n" + tail, now);
    REQUIRE(r);
    CHECK(owned(now, *r) == "d\n");
  }
  SECTION("a last line without a line end") {
    const std::string now = head + tail + "last";
    auto r = changed_region(head + tail, now);
    REQUIRE(r);
    CHECK(owned(now, *r) == "last");
    auto shorter = changed_region(head + tail + "lastline", now);
    REQUIRE(shorter);
    CHECK(owned(now, *shorter) == "last");
  }
  SECTION("the same text adds nothing") {
    auto r = changed_region(head, head);
    REQUIRE(r);
    CHECK(r->own_begin == r->own_end);
    auto last = changed_region(head + "last", head + "last");
    REQUIRE(last);
    CHECK(last->own_begin == last->own_end);
  }
  SECTION("a line that lost its indent below a changed line is owned too") {
    const std::string now = head + "y = 1\n  key = 2\n" + tail;
    auto r = changed_region(head + "x = 1\n    key = 2\n" + tail, now);
    REQUIRE(r);
    CHECK(owned(now, *r) == "y = 1\n  key = 2\n");
  }
  SECTION("equal lines next to the owned ones are owned: a diff may slide onto them") {
    const std::string now = head + "}\n}\n}\n" + tail;
    auto r = changed_region(head + "}\n}\n" + tail, now);
    REQUIRE(r);
    CHECK(owned(now, *r) == "}\n}\n}\n");
  }
  SECTION("the context runs on to the end of a block of base64 lines") {
    std::string body;
    for (int i = 0; i < 60; ++i) body += std::string(64, static_cast<char>('A' + i % 26)) + "\n";
    const std::string now = head + "-----BEGIN NEW-----\n" + body + "-----END NEW-----\n" + tail;
    auto r = changed_region(head + "-----BEGIN OLD-----\n" + body + "-----END NEW-----\n" + tail, now);
    REQUIRE(r);
    CHECK(owned(now, *r) == "-----BEGIN NEW-----\n");
    CHECK(r->end >= now.find("-----END NEW-----\n") + 18);
  }
  SECTION("a small file, or a change across most of it, is scanned whole") {
    CHECK_FALSE(changed_region("a = 1\nb = 2\n", "a = 1\nb = 3\n"));
    CHECK_FALSE(changed_region(head + tail, "x\n" + head + tail + "y\n"));
    CHECK_FALSE(changed_region("", head));
  }
  SECTION("lines a diff gave") {
    const std::string text = head + tail;
    auto r = region_of_lines(text, {{150, 151}, {40, 40}});
    REQUIRE(r);
    CHECK(line_of(text, r->own_begin) == 40);
    CHECK(line_of(text, r->own_end) == 152);
    CHECK(text[r->own_end - 1] == '\n');
    CHECK_FALSE(region_of_lines(text, {{1, 500}}));
    CHECK_FALSE(region_of_lines(text, {{5000, 5001}}));  // past the end: the whole text
  }
}

TEST_CASE("every line git's diff adds lies in the owned lines", "[region]") {
  // Made-up edits (lines inserted, taken out, replaced, indented and
  // unindented, commented, split) to texts with many equal lines, against
  // git's diff with and without its indent heuristic (libgit2 has none): a
  // diff may slide a group of added lines over equal lines next to it.
  test::GitRepo repo;
  std::mt19937 rng(7);
  const std::vector<std::string> pieces = {"a = 1\n", "b = 2\n", "}\n", "\n", "  return x;\n", "# note\n"};
  int regions = 0;
  for (int round = 0; round < 200; ++round) {
    std::vector<std::string> lines;
    const int n = 120 + static_cast<int>(rng() % 200);
    for (int i = 0; i < n; ++i)
      lines.push_back(rng() % 3 ? "    " + filler(static_cast<int>(rng() % 100000), 1) : pieces[rng() % pieces.size()]);
    std::string before;
    for (const auto& l : lines) before += l;
    const int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = rng() % lines.size();
      std::string& line = lines[at];
      switch (rng() % 7) {
        case 0: lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(at), pieces[rng() % pieces.size()]); break;
        case 1: lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(at)); break;
        case 2: line = "changed_" + std::to_string(rng()) + "\n"; break;
        case 3: line.insert(rng() % line.size(), "x"); break;
        case 4: line.erase(0, std::min<std::size_t>(line.size() - 1, 1 + rng() % 4)); break;  // unindented
        case 5: line.insert(0, rng() % 2 ? "# " : "  "); break;                                // commented, indented
        default:
          if (line.size() > 4) line.insert(line.size() / 2, "\n");  // split in two
          break;
      }
    }
    std::string now;
    for (const auto& l : lines) now += l;
    auto r = changed_region(before, now);
    if (!r) continue;  // scanned whole
    ++regions;
    const int own_first = line_of(now, r->own_begin), own_last = line_of(now, r->own_end) - 1;
    for (const char* heuristic : {"--indent-heuristic", "--no-indent-heuristic"}) {
      repo.write("before.txt", before);
      repo.write("now.txt", now);
      auto d = repo.git(std::string("diff --no-index --no-color -U0 ") + heuristic + " before.txt now.txt", true);
      for (int line : added_lines_of(d.out)) {
        INFO("round " << round << " " << heuristic << ": added line " << line << ", owned " << own_first << ".."
                      << own_last);
        CHECK((line >= own_first && line <= own_last));
      }
    }
  }
  CHECK(regions > 100);
}

TEST_CASE("a history scan of regions reports each commit's added secrets on git's lines", "[region][history]") {
  test::GitRepo repo;
  repo.write(".git/hookagent.toml", "[scan]\npacks = []\n");
  repo.write(".gitleaks.toml", kTestRules);
  repo.git("add .gitleaks.toml");
  const std::string head = filler(0, 300), tail = filler(5000, 300);
  std::string text = head + tail;
  repo.commit_file("big.py", text, "start");
  std::vector<std::pair<std::string, int>> expected;  // commit, line
  auto commit = [&](const std::string& now, const std::string& message) {
    const auto lines = git_added_lines(repo, text, now);
    text = now;
    return std::make_pair(repo.commit_file("big.py", now, message), lines);
  };
  // 1. a token in the middle
  const std::string t1 = "k1 = '" + fake_token(101) + "'\n";
  auto [c1, l1] = commit(head + t1 + tail, "one");
  expected.emplace_back(c1, *l1.begin());
  // 2. the same line again next to it: git's diff names one of the two equal lines
  auto [c2, l2] = commit(head + t1 + t1 + tail, "twin");
  REQUIRE(l2.size() == 1);
  expected.emplace_back(c2, *l2.begin());
  // 3. a token at the very start and one at the very end, in one commit
  const std::string t3 = "k3 = '" + fake_token(103) + "'\n", t4 = "k4 = '" + fake_token(104) + "'";
  auto [c3, l3] = commit(t3 + head + t1 + t1 + tail + t4, "ends");
  for (int l : l3) expected.emplace_back(c3, l);
  // 4. lines taken out: nothing added
  commit(t3 + head + t1 + tail + t4, "cut");
  // 5. a line that is no token (tkn_ and 25 characters: \b fails), then cut to one
  const std::string t5 = "k5 = '" + fake_token(105) + "x'\n";
  commit(t3 + head + t1 + t5 + tail + t4, "long");
  const std::string t5_short = "k5 = '" + fake_token(105) + "'\n";
  auto [c5, l5] = commit(t3 + head + t1 + t5_short + tail + t4, "short");
  REQUIRE(l5.size() == 1);
  expected.emplace_back(c5, *l5.begin());

  auto r = repo.hookagent("scan --history --format json");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 1);
  std::set<std::pair<std::string, int>> found;
  const json report = json::parse(r.out);
  for (const auto& f : report["findings"])
    if (f["file"] == "big.py") found.emplace(f["commit"].get<std::string>(), f["line"].get<int>());
  std::set<std::pair<std::string, int>> want(expected.begin(), expected.end());
  CHECK(found == want);
}

TEST_CASE("a history scanned by regions reports what it reports scanned whole", "[region][history]") {
  // Random edits to a few files over many commits, secrets among them (one-
  // and multi-line, some repeated, some taken out again): the findings with
  // HOOKAGENT_REGIONS=off (every changed file whole) and without are the same.
  test::GitRepo repo;
  repo.write(".git/hookagent.toml", "[scan]\npacks = []\n");
  repo.write(".gitleaks.toml", std::string(kTestRules) + R"TOML(
[[rules]]
id = "test-block"
description = "A block over several lines"
regex = '''BEGIN_BLOCK\n(?:[A-Za-z0-9]+\n){2,8}END_BLOCK'''
keywords = ["begin_block"]
)TOML");
  repo.git("add .gitleaks.toml");
  std::mt19937 rng(11);
  std::vector<std::vector<std::string>> files(3);
  for (std::size_t f = 0; f < files.size(); ++f)
    for (int i = 0; i < 250; ++i) files[f].push_back(filler(static_cast<int>(f * 1000 + static_cast<std::size_t>(i)), 1));
  int seed = 200;
  for (int commit = 0; commit < 40; ++commit) {
    auto& lines = files[rng() % files.size()];
    for (int e = 1 + static_cast<int>(rng() % 3); e > 0; --e) {
      const std::size_t at = rng() % lines.size();
      switch (rng() % 6) {
        case 0: lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(at), "k = '" + fake_token(++seed) + "'\n"); break;
        case 1: lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(at), lines[at]); break;  // a twin
        case 2: lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(at)); break;
        case 3: lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(at), "BEGIN_BLOCK\nab12\ncd34\nEND_BLOCK\n"); break;
        case 4: lines[at] = "secret = \"" + fake_token(++seed).substr(4) + "\"\n"; break;
        default: lines[at].insert(0, "# "); break;
      }
    }
    for (std::size_t f = 0; f < files.size(); ++f) {
      std::string text;
      for (const auto& l : files[f]) text += l;
      repo.write("f" + std::to_string(f) + ".py", text);
    }
    repo.git("add -A");
    repo.git("commit -q -m c" + std::to_string(commit));
  }
  auto findings = [&](const std::string& env) {
    auto r = test::sh(env + " '" + test::hookagent_bin() + "' scan --history --format json", repo.root(), repo.env());
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 1);
    std::set<std::string> out;
    const json report = json::parse(r.out);
    for (const auto& f : report["findings"])
      out.insert(f["commit"].get<std::string>() + " " + f["file"].get<std::string>() + ":" +
                 std::to_string(f["line"].get<int>()) + ":" + std::to_string(f["column"].get<int>()) + " " +
                 f["rule_id"].get<std::string>() + " " + f["fingerprint"].get<std::string>());
    return out;
  };
  const auto whole = findings("HOOKAGENT_REGIONS=off"), regions = findings("");
  CHECK(whole.size() > 20);
  CHECK(regions == whole);
}

TEST_CASE("a staged edit to a large file is scanned where it changed, with the file's line numbers", "[region]") {
  test::GitRepo repo;
  repo.write(".git/hookagent.toml", "[scan]\npacks = []\n");
  repo.write(".gitleaks.toml", kTestRules);
  repo.git("add .gitleaks.toml");
  const std::string head = filler(0, 1500), tail = filler(5000, 1500);  // ~100 KB: past kRegionAfterBytes
  const std::string old_token = "old = '" + fake_token(301) + "'\n";
  repo.commit_file("big.py", head + old_token + tail, "start");
  repo.write("big.py", head + old_token + "new = '" + fake_token(302) + "'\n" + tail);
  repo.git("add big.py");
  auto findings = [&](const std::string& env) {
    auto r = test::sh(env + " '" + test::hookagent_bin() + "' scan --staged --format json", repo.root(), repo.env());
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 1);
    const json report = json::parse(r.out);
    std::set<std::pair<int, int>> out;
    for (const auto& f : report["findings"]) out.emplace(f["line"].get<int>(), f["column"].get<int>());
    return out;
  };
  const auto regions = findings("");
  CHECK(regions == std::set<std::pair<int, int>>{{1502, 8}});  // the new line only, not the old token above it
  CHECK(regions == findings("HOOKAGENT_REGIONS=off"));
}
