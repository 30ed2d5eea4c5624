// The warm server (src/hooks/warm_server.hpp) answers exactly as a hook run in
// process does: every case runs the same git command twice, HOOKAGENT_WARM=0
// and =1, and compares exit codes and output, and checks that the server
// really ran the second one. Fake keys are assembled at run time.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <iterator>
#include <sstream>
#include <thread>
#include <vector>

#include "support/git_fixture.hpp"

using namespace hookagent::test;
namespace fs = std::filesystem;

namespace {

std::string fake_aws_key_line() {
  return std::string("aws_access_key_id = ") + "AK" + "IA" + "Q4WL7RZ5" + "TKB3MNP6" + "\n";
}

// A repo whose hooks are installed, with its own runtime directory (where the
// socket lives), so that no test meets another's server or the user's.
struct WarmRepo {
  GitRepo repo;
  TempDir runtime;
  WarmRepo() {
    fs::permissions(runtime.path(), fs::perms::owner_all, fs::perm_options::replace);
    REQUIRE(repo.hookagent("install").exit_code == 0);
  }
  ~WarmRepo() { sh(prefix("1") + "'" + hookagent_bin() + "' warm stop -q", repo.root(), repo.env()); }
  std::string prefix(const std::string& warm) const {
    return "export XDG_RUNTIME_DIR='" + runtime.path().string() + "' HOOKAGENT_WARM=" + warm +
           " HOOKAGENT_WARM_IDLE=60; ";
  }
  ProcessResult run(const std::string& warm, const std::string& script, const fs::path& dir = {}) const {
    return sh(prefix(warm) + script, dir.empty() ? repo.root() : dir, repo.env());
  }
  std::string status() const { return run("1", "'" + hookagent_bin() + "' warm status").out; }
  long served() const {
    auto s = status();
    auto at = s.find(" served ");
    return at == std::string::npos ? -1 : std::stol(s.substr(at + 8));
  }
  // Polls `warm status` until it holds `what` ("running 1"), for about `ms` ms.
  bool status_shows(const std::string& what, int ms) const {
    for (int waited = 0; waited < ms; waited += 10) {
      if (status().find(what) != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return status().find(what) != std::string::npos;
  }
  void start() const {
    auto r = run("1", "'" + hookagent_bin() + "' warm start");
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    REQUIRE(served() == 0);
  }
};

// The same command in process, then on the server: the same answer, and the
// server counted one more run.
void same_both_ways(const WarmRepo& w, const std::string& script, const std::string& undo = "",
                    const fs::path& dir = {}) {
  auto in_process = w.run("0", script, dir);
  if (!undo.empty()) w.run("0", undo);
  const long before = w.served();
  auto warm = w.run("1", script, dir);
  INFO("in process: " << in_process.exit_code << "\n" << in_process.err << "\nwarm: " << warm.exit_code << "\n"
                      << warm.err);
  CHECK(warm.exit_code == in_process.exit_code);
  CHECK(warm.out == in_process.out);
  CHECK(warm.err == in_process.err);
  CHECK(w.served() == before + 1);
}

}  // namespace

TEST_CASE("warm: a clean commit and a blocked key, the same as in process", "[warm]") {
  WarmRepo w;
  w.start();
  w.repo.write("a.py", "x = 1\n");
  w.repo.git("add a.py");
  same_both_ways(w, "git commit -q -m one", "git reset -q --soft HEAD~1 2>/dev/null || git update-ref -d HEAD");

  w.repo.write("settings.py", fake_aws_key_line());
  w.repo.git("add settings.py");
  auto blocked = w.run("1", "git commit -q -m key");
  CHECK(blocked.exit_code != 0);
  CHECK(blocked.err.find("settings.py:1:") != std::string::npos);
  same_both_ways(w, "git commit -q -m key");
  CHECK(w.repo.git("log --oneline", true).out.find("key") == std::string::npos);
}

TEST_CASE("warm: git's temporary index, a subdirectory and `hookagent run` from a tool", "[warm]") {
  WarmRepo w;
  w.repo.commit_file("README", "r\n");
  w.start();
  fs::create_directories(w.repo.root() / "src");
  w.repo.write("src/keys.py", fake_aws_key_line());
  w.repo.git("add src/keys.py");
  w.repo.write("src/keys.py", "nothing here\n");
  // `git commit <path>` scans what that path holds now, through GIT_INDEX_FILE.
  same_both_ways(w, "git commit -q -m partial keys.py", "git reset -q --soft HEAD~1", w.repo.root() / "src");
  w.repo.write("src/keys.py", fake_aws_key_line());
  same_both_ways(w, "git commit -q -m partial keys.py", "", w.repo.root() / "src");
  // What lefthook, husky and pre-commit call.
  w.repo.git("add src/keys.py");
  same_both_ways(w, "'" + hookagent_bin() + "' run pre-commit");
}

TEST_CASE("warm: a team .gitleaks.toml and pre-push read the same", "[warm]") {
  GitRepo remote(true);
  WarmRepo w;
  w.repo.git("remote add origin '" + remote.root().string() + "'");
  w.repo.write(".gitleaks.toml",
               "[extend]\nuseDefault = true\n[[rules]]\nid = \"team-token\"\nregex = '''team_[a-z]{12}'''\n"
               "keywords = [\"team_\"]\n");
  w.repo.git("add .gitleaks.toml");
  w.repo.git("commit -q -m team");
  w.start();
  w.repo.write("t.txt", "token = team_abcdefghijkl\n");
  w.repo.git("add t.txt");
  same_both_ways(w, "git commit -q -m token");
  w.repo.git("commit -q --no-verify -m token");
  same_both_ways(w, "git push -q origin main");
}

TEST_CASE("warm: a rule pack changed after the server started is read again", "[warm]") {
  WarmRepo w;
  TempDir data;
  fs::copy(source_root() / "rules", data.path() / "rules", fs::copy_options::recursive);
  fs::copy(source_root() / "skills", data.path() / "skills", fs::copy_options::recursive);
  fs::copy(source_root() / "templates", data.path() / "templates", fs::copy_options::recursive);
  const std::string env = "HOOKAGENT_DATA_DIR='" + data.path().string() + "' ";
  REQUIRE(w.run("1", env + "'" + hookagent_bin() + "' warm start").exit_code == 0);
  w.repo.write("n.txt", "marker = zebra_quokka_42\n");
  w.repo.git("add n.txt");
  auto before = w.run("1", env + "'" + hookagent_bin() + "' run pre-commit");
  CHECK(before.exit_code == 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // a new mtime
  auto pack = read_file(data.path() / "rules/danger.toml");
  write_file(data.path() / "rules/danger.toml",
             pack + "\n[[rules]]\nid = \"zoo-marker\"\ndescription = \"a test marker\"\nregex = '''zebra_quokka_\\d+'''\n"
                    "keywords = [\"zebra_quokka\"]\n");
  auto in_process = w.run("0", env + "'" + hookagent_bin() + "' run pre-commit");
  auto warm = w.run("1", env + "'" + hookagent_bin() + "' run pre-commit");
  INFO(in_process.err << "\n---\n" << warm.err);
  CHECK(in_process.err.find("zoo-marker") != std::string::npos);
  CHECK(warm.exit_code == in_process.exit_code);
  CHECK(warm.err == in_process.err);
  CHECK(w.run("1", env + "'" + hookagent_bin() + "' warm status").out.find("served 2") != std::string::npos);
  w.run("1", env + "'" + hookagent_bin() + "' warm stop -q");  // HOOKAGENT_DATA_DIR names a server of its own
}

TEST_CASE("warm: another build, a socket directory open to others, and idle exit", "[warm]") {
  WarmRepo w;
  w.start();
  SECTION("a copy of the binary (another inode) gets no answer from this server") {
    TempDir bin;
    fs::copy_file(hookagent_bin(), bin.path() / "hookagent");
    auto r = w.run("1", "HOOKAGENT_BIN='" + (bin.path() / "hookagent").string() + "' '" +
                            (bin.path() / "hookagent").string() + "' warm status");
    CHECK(r.out.find("not running") != std::string::npos);
  }
  SECTION("a directory other users can enter is not used, and status says why") {
    w.run("1", "'" + hookagent_bin() + "' warm stop -q");
    fs::permissions(w.runtime.path() / "hookagent", fs::perms(0755), fs::perm_options::replace);
    w.repo.write("settings.py", fake_aws_key_line());
    w.repo.git("add settings.py");
    auto r = w.run("1", "git commit -q -m key");
    CHECK(r.exit_code != 0);  // checked in process all the same
    CHECK(r.err.find("settings.py:1:") != std::string::npos);
    CHECK(w.status().find("open to other users") != std::string::npos);
    fs::permissions(w.runtime.path() / "hookagent", fs::perms(0700), fs::perm_options::replace);
  }
  SECTION("it exits after its idle time") {
    w.run("1", "'" + hookagent_bin() + "' warm stop -q");
    REQUIRE(w.run("1", "HOOKAGENT_WARM_IDLE=1 '" + hookagent_bin() + "' warm start").exit_code == 0);
    bool gone = false;
    for (int i = 0; i < 100 && !gone; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      gone = w.status().find("not running") != std::string::npos;
    }
    CHECK(gone);
  }
}

TEST_CASE("warm: the first hook starts a server for the next one", "[warm]") {
  WarmRepo w;
  REQUIRE(w.status().find("not running") != std::string::npos);
  w.repo.write("a.py", "x = 1\n");
  w.repo.git("add a.py");
  REQUIRE(w.run("1", "git commit -q -m one").exit_code == 0);
  bool up = false;
  for (int i = 0; i < 50 && !up; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    up = w.served() == 0;
  }
  REQUIRE(up);
  w.repo.write("b.py", "y = 2\n");
  w.repo.git("add b.py");
  REQUIRE(w.run("1", "git commit -q -m two").exit_code == 0);
  CHECK(w.served() == 1);
  // HOOKAGENT_WARM=0 (and CI) keep every run in process.
  w.repo.write("c.py", "z = 3\n");
  w.repo.git("add c.py");
  REQUIRE(w.run("0", "git commit -q -m three").exit_code == 0);
  REQUIRE(w.run("", "CI=true git commit -q --allow-empty -m four").exit_code == 0);
  CHECK(w.served() == 1);
}

namespace {

// A staged change that takes the scan a while: the key sits after `mb` MB of code.
void stage_slow_change(const WarmRepo& w, int mb) {
  std::string filler;
  const std::string line = "    total = compute_total(items, discount=0.1)  # ordinary code\n";
  while (filler.size() < static_cast<std::size_t>(mb) << 20) filler += line;
  w.repo.write("big.py", filler + fake_aws_key_line());
  w.repo.git("add big.py");
}

}  // namespace

TEST_CASE("warm: a server stopped during a check still reports it, and a blocked commit stays blocked", "[warm]") {
  WarmRepo w;
  w.start();
  stage_slow_change(w, 40);
  const auto out = w.repo.root().parent_path() / "commit.out";
  // The commit in the background; the server is stopped while its child scans.
  auto r = w.run("1", "(git commit -q -m big > '" + out.string() + "' 2>&1; echo \"rc=$?\" >> '" + out.string() +
                          "') & sleep 0.3; '" + hookagent_bin() + "' warm stop -q; wait");
  const auto seen = read_file(out);
  INFO(seen);
  CHECK(seen.find("rc=0") == std::string::npos);
  CHECK(seen.find("big.py:") != std::string::npos);
  CHECK(w.repo.git("rev-parse --verify -q HEAD", true).exit_code != 0);
}

TEST_CASE("warm: the hook interrupted, its check on the server ends too", "[warm]") {
  WarmRepo w;
  w.start();
  stage_slow_change(w, 80);
  auto r = w.run("1", "'" + hookagent_bin() + "' run pre-commit & sleep 0.4; kill -INT $!; wait $!; echo rc=$?");
  INFO(r.out << r.err);
  CHECK(r.out.find("rc=0") == std::string::npos);
  CHECK(w.status_shows("running 0", 2000));
  CHECK(w.served() == 1);
}

namespace {

// The server's children (pid → /proc/PID/stat fields past the command name).
std::vector<int> children_of(int parent) {
  std::vector<int> out;
  for (const auto& e : fs::directory_iterator("/proc")) {
    const std::string name = e.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string stat;
    try {
      stat = read_file(e.path() / "stat");
    } catch (...) {
      continue;  // gone meanwhile
    }
    const auto close = stat.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(stat.substr(close + 2));
    std::string state;
    int ppid = 0;
    rest >> state >> ppid;
    if (ppid == parent) out.push_back(std::stoi(name));
  }
  return out;
}

int server_pid(const WarmRepo& w) {
  const auto s = w.status();
  const auto at = s.find("pid ");
  return at == std::string::npos ? -1 : std::stoi(s.substr(at + 4));
}

}  // namespace

TEST_CASE("warm: the check runs under the hook's ulimit and nice value, not the server's", "[warm]") {
  WarmRepo w;
  w.start();
  const int server = server_pid(w);
  REQUIRE(server > 0);
  stage_slow_change(w, 80);
  const auto out = w.repo.root().parent_path() / "run.out";
  w.run("1", "(nice -n 5 sh -c 'ulimit -S -n 200; exec \"" + hookagent_bin() + "\" run pre-commit' > '" +
                 out.string() + "' 2>&1 &)");
  // While a check runs, its child is the server's only one (no standby is forked ahead then).
  REQUIRE(w.status_shows("running 1", 2000));
  std::string limits, stat;
  for (int i = 0; i < 100 && limits.empty(); ++i) {
    for (int child : children_of(server)) {
      try {
        limits = read_file(fs::path("/proc") / std::to_string(child) / "limits");
        stat = read_file(fs::path("/proc") / std::to_string(child) / "stat");
      } catch (...) {
        limits.clear();
      }
    }
    if (limits.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  INFO(limits << stat);
  REQUIRE(!limits.empty());
  std::istringstream open_files(limits.substr(limits.find("Max open files") + 14));
  std::string soft;
  open_files >> soft;
  CHECK(soft == "200");
  // Field 19 of stat is the nice value; fields count from the one after the name.
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));
  std::vector<std::string> f(std::istream_iterator<std::string>(fields), {});
  REQUIRE(f.size() > 16);
  CHECK(f[16] == "5");
  CHECK(w.status_shows("running 0", 15000));
  CHECK(read_file(out).find("big.py:") != std::string::npos);
}

TEST_CASE("warm: a server started under a lower ulimit leaves a hook allowed more to run in process", "[warm]") {
  WarmRepo w;
  auto started = w.run("1", "h=$(ulimit -H -n); [ \"$h\" -gt 64 ] || exit 77; ulimit -n $((h / 2)); '" +
                                hookagent_bin() + "' warm start");
  if (started.exit_code == 77) {
    WARN("skipped: the hard limit on open files is too low to halve");
    return;
  }
  REQUIRE(started.exit_code == 0);
  w.repo.write("settings.py", fake_aws_key_line());
  w.repo.git("add settings.py");
  auto blocked = w.run("1", "git commit -q -m key");
  CHECK(blocked.exit_code != 0);
  CHECK(blocked.err.find("settings.py:1:") != std::string::npos);
  CHECK(w.served() == 0);
  // Under the server's own limit, it serves.
  auto low = w.run("1", "ulimit -n $(($(ulimit -H -n) / 2)); git commit -q -m key");
  CHECK(low.exit_code != 0);
  CHECK(w.served() == 1);
}

namespace {

char state_of(int pid) {
  try {
    const std::string stat = read_file(fs::path("/proc") / std::to_string(pid) / "stat");
    return stat.at(stat.rfind(')') + 2);
  } catch (...) {
    return '?';
  }
}

bool wait_for_state(int pid, char want) {
  for (int i = 0; i < 200; ++i) {
    if (state_of(pid) == want) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

}  // namespace

TEST_CASE("warm: Ctrl-Z stops the check on the server too, and fg lets it finish", "[warm]") {
  WarmRepo w;
  w.start();
  const int server = server_pid(w);
  REQUIRE(server > 0);
  stage_slow_change(w, 80);
  const auto out = w.repo.root().parent_path() / "run.out";
  const auto pid_file = w.repo.root().parent_path() / "run.pid";
  w.run("1", "(exec \"" + hookagent_bin() + "\" run pre-commit > '" + out.string() + "' 2>&1) & echo $! > '" +
                 pid_file.string() + "'");
  const int hook = std::stoi(read_file(pid_file));
  REQUIRE(w.status_shows("running 1", 2000));
  const auto children = children_of(server);
  REQUIRE(children.size() == 1);
  const int child = children[0];
  REQUIRE(kill(hook, SIGTSTP) == 0);
  CHECK(wait_for_state(hook, 'T'));
  CHECK(wait_for_state(child, 'T'));
  REQUIRE(kill(hook, SIGCONT) == 0);
  CHECK(w.status_shows("running 0", 30000));
  for (int i = 0; i < 100 && state_of(hook) != '?' && state_of(hook) != 'Z'; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK(read_file(out).find("big.py:") != std::string::npos);
}
