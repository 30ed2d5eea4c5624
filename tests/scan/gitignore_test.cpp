// `hookagent scan DIR` leaves out what git leaves out: on generated trees of
// tricky ignore patterns at several levels (every form of gitignore(5),
// info/exclude, core.excludesFile, core.ignoreCase), the files with findings
// are exactly the files `git ls-files --others --exclude-standard` lists.
// Every file holds a fresh fake token, so "has a finding" means "was scanned".
#include <catch2/catch.hpp>

#include <random>
#include <set>
#include <nlohmann/json.hpp>

#include "scan/ignore_rules.hpp"
#include "scan_test_support.hpp"
#include "support/git_fixture.hpp"

using namespace hookagent;
using namespace hookagent::scan::testing;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

using Names = std::set<std::string>;

struct Tree {
  test::GitRepo repo;
  uint64_t seed = 100;
  std::size_t written = 0;

  Tree() {
    // Only the test rules, committed, so the only untracked files are ours.
    repo.write(".git/hookagent.toml", "[scan]\npacks = []\n");
    repo.write(".gitleaks.toml", kTestRules);
    repo.git("add .gitleaks.toml");
    repo.git("commit -q -m rules");
  }
  void file(const std::string& rel) {
    repo.write(rel, "k = '" + fake_token(seed++) + "'\n");
    ++written;
  }
  void files(std::initializer_list<const char*> rels) {
    for (const char* r : rels) file(r);
  }
  // An ignore file in the tree carries its token in a comment line.
  void ignore_file(const std::string& rel, const std::string& patterns) {
    repo.write(rel, "# " + fake_token(seed++) + "\n" + patterns);
    ++written;
  }

  // git's answer, paths from the top.
  Names git_lists(const std::string& cwd_rel = "", const std::string& pathspec = "") const {
    auto r = repo.git_in(repo.root() / cwd_rel, "ls-files -z --others --exclude-standard --full-name" +
                                                    (pathspec.empty() ? "" : " -- " + pathspec));
    Names out;
    for (std::size_t at = 0; at < r.out.size();) {
      std::size_t end = r.out.find('\0', at);
      if (end == std::string::npos) end = r.out.size();
      out.insert(r.out.substr(at, end - at));
      at = end + 1;
    }
    return out;
  }

  // Ours: the files `hookagent scan ARGS` found a token in; `notes` gets the notes.
  Names scanned(const std::string& args, const std::string& cwd_rel = "", std::string* notes = nullptr) const {
    auto r = repo.hookagent("scan " + args + " --format json", repo.root() / cwd_rel);
    INFO(r.out << r.err);
    REQUIRE((r.exit_code == 0 || r.exit_code == 1));
    json j = json::parse(r.out);
    Names out;
    for (const auto& f : j["findings"]) out.insert(f["file"].get<std::string>());
    if (notes) *notes = j["summary"]["notes"].dump();
    return out;
  }
};

// Every pattern form at three levels, plus info/exclude and the default
// core.excludesFile ($XDG_CONFIG_HOME/git/ignore, which the fixture points
// into its own HOME). Comments say what git decides for the files below.
void build_tricky_tree(Tree& t) {
  t.repo.write(".git/info/exclude", "*.bak\n");
  test::write_file(t.repo.home() / ".config" / "git" / "ignore", "*.swp\n");
  t.ignore_file(".gitignore",
                "\n"
                "# a comment, then escapes of '#' and '!'\n"
                "\\#hash.txt\n"
                "\\!bang.txt\n"
                "trailing.txt   \n"    // trailing spaces trimmed
                "space\\ \n"           // an escaped one kept
                "*.log\n"
                "!keep.log\n"
                "build/\n"             // directories only
                "/rootonly.txt\n"      // anchored by a leading '/'
                "doc/*.txt\n"          // anchored by a middle '/'
                "mid/*.txt\n"          // '*' stops at '/'
                "**/logs\n"            // leading **/
                "cache/**\n"           // trailing /**
                "!cache/keep.txt\n"
                "!cache/open/\n"      // entered again, yet cache/** still ignores its files
                "a/**/z.txt\n"         // middle /**/
                "foo**bar.txt\n"       // any other ** is '*'
                "pre**/q.txt\n"        // ...except right after the literal start (git globs from there)
                "file?.dat\n"
                "data[0-9].csv\n"
                "conf[!a-c].ini\n"
                "opt[^x].cfg\n"
                "[]]br.txt\n"          // ']' first in a class is literal
                "num[[:digit:]].txt\n"
                "excluded_dir/\n"
                "!excluded_dir/inner.txt\n"  // cannot re-include: its directory is excluded
                "!keep.bak\n");        // beats info/exclude
  t.files({"#hash.txt", "hash.txt", "!bang.txt", "bang.txt", "trailing.txt", "space ", "space",
           "app.log", "keep.log", "other/y.log", "build/out.txt", "docs/build", "rootonly.txt",
           "other/rootonly.txt", "doc/a.txt", "doc/a.md", "doc/sub/b.txt", "other/doc/a.txt",
           "mid/m.txt", "mid/deep/m.txt", "logs/l1.txt", "deep/er/logs/l2.txt", "other/logs",
           "cache/tmp.txt", "cache/keep.txt", "cache/inner/keep.txt", "cache/open/deep.txt", "a/z.txt", "a/b/z.txt",
           "a/b/c/z.txt", "a/b/y.txt", "other/a/z.txt", "fooXYbar.txt", "foobar.txt", "foo/bar.txt",
           "pre/x/y/q.txt", "prefix/q.txt", "other/pre/q.txt",            "file1.dat", "file10.dat", "other/file2.dat", "data3.csv", "dataX.csv", "confd.ini",
           "confa.ini", "opty.cfg", "optx.cfg", "]br.txt", "br.txt", "num5.txt", "numX.txt",
           "excluded_dir/inner.txt", "excluded_dir/other.txt", "old.bak", "keep.bak", "edit.swp",
           "local.txt", "plain.txt"});
  // Second level: a deeper file's patterns win over the top's.
  t.ignore_file("sub/.gitignore",
                "!*.log\n"
                "/local.txt\n"
                "nested/*.tmp\n"
                "*.md\n");
  t.files({"sub/x.log", "sub/local.txt", "sub/deeper/local.txt", "sub/nested/n.tmp",
           "sub/nested/more/n.tmp", "sub/readme.md", "sub/a.py", "sub/build/x.txt"});
  // Third level: re-includes what the second level ignored; anchors to itself.
  t.ignore_file("sub/deeper/.gitignore",
                "!important.md\n"
                "*.py\n"
                "!/keep.py\n");
  t.files({"sub/deeper/important.md", "sub/deeper/other.md", "sub/deeper/x.py", "sub/deeper/keep.py",
           "sub/deeper/more/keep.py", "sub/deeper/more/notes.txt"});
}

}  // namespace

TEST_CASE("scan DIR leaves out exactly what git leaves out, pattern form by pattern form", "[gitignore]") {
  Tree t;
  build_tricky_tree(t);
  Names git = t.git_lists();
  // The tree means something: git ignores a good share of it and keeps the
  // re-included files (else equal sets would prove little).
  CHECK(git.size() + 30 < t.written);
  for (const char* kept : {"cache/keep.txt", "keep.log", "sub/x.log", "keep.bak", "sub/deeper/important.md",
                           "sub/deeper/keep.py", "docs/build", "file10.dat", "space"})
    CHECK(git.count(kept) == 1);
  CHECK(t.scanned(".") == git);
}

TEST_CASE("a directory named deep in the tree gets its ancestors' ignore files first", "[gitignore]") {
  Tree t;
  build_tricky_tree(t);
  for (const char* dir : {"sub/deeper", "sub", "a/b", "cache"}) {
    INFO(dir);
    CHECK(t.scanned(dir) == t.git_lists("", dir));
  }
  // Run from a subdirectory: "." is that directory.
  CHECK(t.scanned(".", "sub/deeper") == t.git_lists("sub/deeper"));
  CHECK(t.scanned(".", "sub") == t.git_lists("sub"));
}

TEST_CASE("an ignored directory named on the command line, or one below an ignored one, is a note", "[gitignore]") {
  Tree t;
  build_tricky_tree(t);
  t.file("build/deep/x.txt");
  for (const char* dir : {"build", "build/deep", "cache/inner", "sub/build"}) {
    INFO(dir);
    std::string notes;
    CHECK(t.scanned(dir, "", &notes).empty());
    CHECK_THAT(notes, Catch::Contains("not scanned"));
    CHECK(t.git_lists("", dir).empty());
  }
}

TEST_CASE("core.excludesFile replaces the default file, '~/' is HOME, core.ignoreCase folds case", "[gitignore]") {
  Tree t;
  test::write_file(t.repo.home() / ".config" / "git" / "ignore", "*.swp\n");
  test::write_file(t.repo.home() / "global-ignore", "*.orig\n!keep.orig\n");
  t.repo.git("config core.excludesFile '~/global-ignore'");
  t.repo.git("config core.ignoreCase true");
  t.ignore_file(".gitignore", "Upper.TXT\nCASEDIR/\n[A-C]x.txt\n/Anchored/*.Md\nkeep.ORIG\n");
  t.files({"x.orig", "keep.orig", "e.swp", "upper.txt", "UPPER.TXT", "casedir/f.txt", "bx.txt", "dx.txt",
           "anchored/r.md", "plain.txt"});
  Names git = t.git_lists();
  CHECK(git.count("e.swp") == 1);        // the default file is not read once core.excludesFile is set
  CHECK(git.count("upper.txt") == 0);    // folded
  CHECK(git.count("keep.orig") == 0);    // the work tree's .gitignore wins, folded
  CHECK(t.scanned(".") == git);
}

namespace {

// git's verdict per path (NUL-separated `check-ignore -z -v -n` records of
// source, line, pattern, path): ignored when a non-negated pattern decided.
// check-ignore also reports a path below an ignored directory as ignored.
std::vector<bool> git_check_ignore(const test::GitRepo& repo, const std::vector<std::string>& paths) {
  test::ProcessOptions opts;
  opts.cwd = repo.root();
  opts.env_set = repo.env();
  for (const auto& p : paths) opts.stdin_data += p + '\0';
  auto r = test::run_process({"git", "check-ignore", "--no-index", "-z", "-v", "-n", "--stdin"}, opts);
  INFO(r.err);
  REQUIRE((r.exit_code == 0 || r.exit_code == 1));
  std::vector<std::string> fields;
  for (std::size_t at = 0, end; at < r.out.size(); at = end + 1) {
    end = r.out.find('\0', at);
    if (end == std::string::npos) end = r.out.size();
    fields.push_back(r.out.substr(at, end - at));
  }
  REQUIRE(fields.size() == 4 * paths.size());
  std::vector<bool> out;
  for (std::size_t i = 0; i < fields.size(); i += 4) out.push_back(!fields[i].empty() && fields[i + 2][0] != '!');
  return out;
}

// Ours, the way the walk meets a path: each ancestor directory first.
bool our_verdict(const scan::IgnoreRules& rules, const std::string& rel, bool is_dir) {
  for (std::size_t s = rel.find('/'); s != std::string::npos; s = rel.find('/', s + 1))
    if (rules.ignored(rel.substr(0, s), true)) return true;
  return rules.ignored(rel, is_dir);
}

}  // namespace

TEST_CASE("the matcher agrees with git check-ignore on random patterns over a random tree", "[gitignore]") {
  // Fixed seed: a failure names its pattern file and path, and reruns the same.
  std::mt19937 rng(20261205);
  auto pick = [&](const std::vector<std::string>& from) { return from[rng() % from.size()]; };
  const std::vector<std::string> names = {"a", "b", "ab", "ba", "a.x", "b.x", "A", "aa", "x]", "a b", "#a", "!a"};
  const std::vector<std::string> pieces = {"a", "b", "*", "?", "[ab]", "[!a]", "[^b]", "**", ".x", "[a-c]", "\\a",
                                           "A", "[]x]", "[[:alpha:]]", "x]", "\\ ", "\\#", "\\!", "\\*"};
  test::GitRepo repo;
  std::vector<std::pair<std::string, bool>> tree;  // path, is a directory
  for (int i = 0; i < 60; ++i) {
    std::string rel = pick(names);
    for (int d = rng() % 3; d > 0; --d) rel += "/" + pick(names);
    std::error_code ec;
    if (rng() % 3 == 0) {
      fs::create_directories(repo / rel, ec);
    } else if (fs::create_directories((repo / rel).parent_path(), ec); !ec && !fs::exists(repo / rel)) {
      test::write_file(repo / rel, "");
    }
  }
  for (auto it = fs::recursive_directory_iterator(repo.root()); it != fs::recursive_directory_iterator(); ++it) {
    if (it->path().filename() == ".git") {
      it.disable_recursion_pending();
      continue;
    }
    tree.push_back({it->path().lexically_relative(repo.root()).generic_string(), it->is_directory()});
  }
  std::vector<std::string> paths;
  for (const auto& t : tree) paths.push_back(t.first);
  REQUIRE(paths.size() > 30);

  int ignored_somewhere = 0;
  for (int round = 0; round < 120; ++round) {
    bool fold = round % 2 == 1;
    repo.git(std::string("config core.ignoreCase ") + (fold ? "true" : "false"));
    std::string text;
    for (int n = 1 + rng() % 6; n > 0; --n) {
      std::string line;
      for (int c = 1 + rng() % 3; c > 0; --c) {
        if (!line.empty()) line += "/";
        for (int k = 1 + rng() % 3; k > 0; --k) line += pick(pieces);
      }
      if (rng() % 5 == 0) line = "/" + line;
      if (rng() % 5 == 0) line += "/";
      if (rng() % 4 == 0) line = "!" + line;
      if (rng() % 10 == 0) line += "  ";
      text += line + "\n";
    }
    repo.write(".gitignore", text);
    scan::IgnoreRules rules(fold);
    rules.push("", scan::parse_ignore_text(text));
    std::vector<bool> git = git_check_ignore(repo, paths);
    for (std::size_t i = 0; i < paths.size(); ++i) {
      INFO("core.ignoreCase " << fold << ", .gitignore:\n" << text << "path: '" << paths[i] << "'");
      CHECK(our_verdict(rules, paths[i], tree[i].second) == git[i]);
      ignored_somewhere += git[i];
    }
  }
  CHECK(ignored_somewhere > 500);  // the patterns do hit
}
