// `hookagent scan DIR` leaves out what git leaves out: on generated trees of
// tricky ignore patterns at several levels (every form of gitignore(5),
// info/exclude, core.excludesFile, core.ignoreCase), the files with findings
// are exactly the files `git ls-files --others --exclude-standard` lists.
// Every file holds a fresh fake token, so "has a finding" means "was scanned".
#include <catch2/catch.hpp>

#include <set>
#include <nlohmann/json.hpp>

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
