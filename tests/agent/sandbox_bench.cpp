// Issue 9's two speed goals for the sandbox, each against a floor measured in
// the same run. Run by bench/sandbox.sh:
//   sandbox_bench [--runs N] [--files N] [--mb N] [--rounds N] [--only start|snapshot] [--probe]
// 1. start: what a sandbox adds to one Bash call running `true` (goal: 2 ms or
//    less), Confinement::prepare() included since the Bash tool prepares one per
//    call; the floor is run_process with no confinement. Modes interleave, the
//    order rotating each round, so drift hits all of them alike.
// 2. snapshot: SnapshotWorkspace::create over the RedactedSnapshot of a
//    generated tree (goal: 500 ms for 10,000 files, 100 MB), split into names,
//    redaction (by kind) and writing; the floor writes the same bytes with fwrite.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "agent/process_runner.hpp"
#include "agent/redacted_snapshot.hpp"
#include "agent/sandbox/sandbox.hpp"
#include "agent/sandbox/snapshot_workspace.hpp"
#include "scan/encoded_text.hpp"
#include "scan/fragment_scan.hpp"
#include "scan/redactor.hpp"
#include "support/encodings.hpp"

using namespace hookagent;
using namespace hookagent::agent;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  std::size_t i = static_cast<std::size_t>(p * static_cast<double>(v.size()) + 0.999999);
  return v[std::min(v.size(), std::max<std::size_t>(i, 1)) - 1];
}
double median(const std::vector<double>& v) { return percentile(v, 0.5); }

fs::path make_temp_dir(const char* tag) {
  std::string pattern = (default_temp_dir() / (std::string("hookagent-bench-") + tag + "-XXXXXX")).string();
  if (!mkdtemp(pattern.data())) {
    std::perror("mkdtemp");
    std::exit(1);
  }
  return pattern;
}

// ---- 1. sandbox start per Bash call ----

struct StartMode {
  std::string name;
  bool raw = false;    // fork, execve, waitpid: no pipes, no poll (a reference below the floor)
  SandboxState state;  // kind Off: the floor, no confinement
  std::string skipped;
  std::vector<double> total, prepare;
};

int bench_start(int runs) {
  fs::path tree = make_temp_dir("ro"), scratch = make_temp_dir("scratch");
  std::FILE* f = std::fopen((tree / "a.txt").c_str(), "w");
  if (f) std::fputs("x\n", f), std::fclose(f);
  SandboxRules rules;
  rules.read_only = tree;
  rules.scratch = scratch;
  std::vector<StartMode> modes(4);
  modes[0].name = "none (floor)";
  modes[3].name = "fork+exec ref";
  modes[3].raw = true;
  modes[1].name = "landlock";
  modes[1].state = probe_sandbox("landlock");
  modes[2].name = "bubblewrap";
  modes[2].state = probe_sandbox("bubblewrap");
  for (std::size_t m = 1; m < modes.size(); ++m)
    if (modes[m].state.kind == SandboxKind::Off) modes[m].skipped = modes[m].state.why_off;

  ProcessSpec spec;
  spec.argv = {"true"};
  spec.cwd = tree;
  spec.env = {"PATH=/usr/bin:/bin", "HOME=" + scratch.string(), "LANG=C.UTF-8"};
  spec.timeout = std::chrono::milliseconds(10000);
  auto one = [&](StartMode& mode, bool record) {
    auto t0 = Clock::now();
    if (mode.raw) {
      pid_t pid = fork();
      if (pid == 0) {
        char* args[] = {const_cast<char*>("true"), nullptr};
        execv("/bin/true", args);
        _exit(127);
      }
      int status = 0;
      waitpid(pid, &status, 0);
      if (record) mode.total.push_back(ms_since(t0)), mode.prepare.push_back(0);
      return;
    }
    std::unique_ptr<Confinement> confinement;
    spec.confinement = nullptr;
    if (mode.state.kind != SandboxKind::Off) {
      auto c = Confinement::prepare(mode.state, rules);
      if (!c) {
        mode.skipped = "prepare failed: " + c.error().message();
        return;
      }
      confinement = std::move(*c);
      spec.confinement = confinement.get();
    }
    double prep = ms_since(t0);
    ProcessOutcome r = run_process(spec);
    double total = ms_since(t0);
    if (r.spawn_failed || r.exit_code != 0) {
      mode.skipped = "`true` failed (exit " + std::to_string(r.exit_code) + "): " + r.err.substr(0, 200);
      return;
    }
    if (record) mode.total.push_back(total), mode.prepare.push_back(prep);
  };
  const int warmup = std::min(10, runs);
  for (int round = 0; round < warmup + runs; ++round)
    for (std::size_t k = 0; k < modes.size(); ++k) {
      StartMode& mode = modes[(k + static_cast<std::size_t>(round)) % modes.size()];
      if (mode.skipped.empty()) one(mode, round >= warmup);
    }
  fs::remove_all(tree);
  fs::remove_all(scratch);

  std::printf("\n1. sandbox start per Bash call: run_process({\"true\"}), %d runs per mode after %d warm-up, interleaved\n",
              runs, warmup);
  std::printf("   %-14s %9s %9s %12s %10s %7s  %s\n", "mode", "median", "p90", "of which", "added", "ratio",
              "goal <= 2 ms added");
  std::printf("   %-14s %9s %9s %12s %10s %7s\n", "", "ms", "ms", "prepare() ms", "ms", "");
  if (!modes[0].skipped.empty()) {
    std::printf("   floor failed: %s\n", modes[0].skipped.c_str());
    return 1;
  }
  const double floor_med = median(modes[0].total);
  bool all_met = true;
  for (const StartMode& mode : modes) {
    if (!mode.skipped.empty()) {
      std::printf("   %-14s skipped: %s\n", mode.name.c_str(), mode.skipped.c_str());
      continue;
    }
    const double med = median(mode.total);
    const bool floor = mode.state.kind == SandboxKind::Off;
    const bool met = med - floor_med <= 2.0;
    all_met = all_met && (floor || met);
    const char* verdict = mode.raw ? "reference: no pipes, no poll" : floor ? "-" : met ? "PASS" : "NOT MET";
    std::printf("   %-14s %9.3f %9.3f %12.3f %+10.3f %6.2fx  %s\n", mode.name.c_str(), med, percentile(mode.total, 0.9),
                median(mode.prepare), med - floor_med, med / floor_med, verdict);
  }
  std::printf("   goal start: %s (sandboxes measured add <= 2 ms to the median)\n", all_met ? "PASS" : "NOT MET");
  return 0;
}

// ---- 2. materialising the snapshot ----

// splitmix64: the same tree on every machine and every run.
struct Rng {
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  double unit() { return static_cast<double>(next() >> 11) / 9007199254740992.0; }
  std::string chars(std::size_t n, std::string_view set) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += set[below(set.size())];
    return out;
  }
};

const char* const kWords[] = {"user", "request", "config", "handler", "value", "count", "index", "buffer", "token",
                              "session", "client", "server", "message", "result", "error", "options", "path", "name",
                              "items", "cache", "key", "auth", "account", "data", "node", "parent", "child", "event",
                              "stream", "reader", "writer", "state", "queue", "limit", "offset", "payload", "schema",
                              "record", "batch", "worker", "timeout", "retry", "policy", "route", "query", "filter",
                              "format", "parse", "render", "update", "delete", "create", "load", "store", "build"};
constexpr std::size_t kWordCount = sizeof kWords / sizeof kWords[0];
const char* const kExts[] = {".py", ".ts", ".go", ".cpp", ".java", ".js", ".rb", ".rs", ".yaml", ".md"};
const char* const kTops[] = {"src", "lib", "app", "pkg", "internal", "tests", "tools", "web", "services", "docs"};
constexpr std::string_view kUpper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::string_view kAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::string_view kHex = "0123456789abcdef";

using hookagent::test::base64;

std::string ident(Rng& r) {
  std::string s = kWords[r.below(kWordCount)];
  if (r.below(2)) s += std::string("_") + kWords[r.below(kWordCount)];
  return s;
}

// One line of code-like text; the secrets are assembled here, never written in this source.
std::string code_line(Rng& r, int indent) {
  std::string pad(static_cast<std::size_t>(indent) * 4, ' ');
  std::string a = ident(r), b = ident(r), c = ident(r);
  switch (r.below(12)) {
    case 0: return "def " + a + "(" + b + ", " + c + "=None):";
    case 1: return pad + a + " = " + b + "." + c + "(" + std::to_string(r.below(1000)) + ")";
    case 2: return pad + "// " + a + " " + b + " is checked before the " + c + " is used again";
    case 3: return pad + "if (" + a + " > " + std::to_string(r.below(64)) + " && !" + b + ") {";
    case 4: return pad + "return " + a + "[\"" + b + "\"];";
    case 5: return "import " + a + "." + b + ";";
    case 6: return pad + a + ".append(\"" + b + " " + c + " failed\")";
    case 7: return pad + "for (auto& " + a + " : " + b + ") " + c + "(" + a + ");";
    case 8: return pad + a + "_" + std::to_string(r.below(100)) + ": " + b + "  # " + c;
    case 9: return pad + "log.info(\"" + a + "=%s " + b + "=%d\", " + a + ", " + b + ");";
    case 10: return "";
    default: return pad + "}";
  }
}

struct Planted {
  int secrets = 0, encoded = 0, key_blocks = 0, key_files = 0;
};

// Every 50th file carries something the redactor must catch, every 40th a
// harmless encoded run (a hash, or base64 of text) that it must look into.
std::string rare_line(Rng& r, std::size_t file, Planted& p) {
  if (file % 50 == 7) {
    switch ((file / 50) % 4) {
      case 0: ++p.secrets; return "aws_id = \"" + std::string("AK") + "IA" + r.chars(16, kUpper) + "\"";
      case 1: ++p.secrets; return "GITHUB = \"" + std::string("gh") + "p_" + r.chars(36, kAlnum) + "\"";
      case 2: {
        ++p.encoded;
        std::string inner = "export AWS_ID=" + std::string("AK") + "IA" + r.chars(16, kUpper);
        return "blob = \"" + base64(inner) + "\"";
      }
      default: {
        ++p.key_blocks;
        std::string k = "-----BEGIN " + std::string("RSA PRIVATE") + " KEY-----\n";
        for (int i = 0; i < 6; ++i) k += r.chars(64, kAlnum) + "\n";
        return k + "-----END " + std::string("RSA PRIVATE") + " KEY-----";
      }
    }
  }
  if (file % 30 == 5) return "db_password = os.environ[\"DB_PASSWORD\"]  # never a literal";
  if (file % 40 == 3)
    return r.below(2) ? "sha256 = \"" + r.chars(64, kHex) + "\""
                      : "fixture = \"" + base64("the " + ident(r) + " of " + ident(r) + " is " + ident(r)) + "\"";
  return {};
}

std::map<std::string, std::string> generate_tree(std::size_t files, uint64_t bytes, Planted& planted) {
  Rng r{42};
  std::vector<double> weight(files);
  double sum = 0;
  for (auto& w : weight) sum += (w = 0.15 + 3.0 * r.unit() * r.unit());  // many small files, a few large
  std::map<std::string, std::string> tree;
  for (std::size_t i = 0; i < files; ++i) {
    std::size_t d = i / 25;  // about 25 files per directory
    std::string dir = std::string(kTops[d % 10]) + "/" + kWords[(d * 7) % kWordCount] + "_" + std::to_string(d / 10);
    if (d % 3 == 0) dir += std::string("/") + kWords[(d * 13) % kWordCount];
    std::string ext = kExts[r.below(10)];
    std::string path = dir + "/" + kWords[r.below(kWordCount)] + "_" + std::to_string(i) + ext;
    if (i % 1000 == 11) {
      path = dir + "/server_" + std::to_string(i) + ".key";  // a key file: replaced whole
      ++planted.key_files;
    }
    std::size_t want = static_cast<std::size_t>(static_cast<double>(bytes) * weight[i] / sum);
    std::string text;
    text.reserve(want + 200);
    std::string rare = rare_line(r, i, planted);
    std::size_t rare_at = want / 2;
    int indent = 0;
    while (text.size() < want) {
      if (!rare.empty() && text.size() >= rare_at) text += rare + "\n", rare.clear();
      text += code_line(r, indent) + "\n";
      indent = static_cast<int>(r.below(4));
    }
    if (!rare.empty()) text += rare + "\n";
    tree.emplace(std::move(path), std::move(text));
  }
  return tree;
}

// The floor: the same files in the same directories with stdio, nothing else.
double write_with_fwrite(const std::map<std::string, std::string>& tree, const fs::path& root, double& dirs_ms) {
  auto t0 = Clock::now();
  std::set<std::string> made;
  for (const auto& [path, text] : tree) {
    fs::path target = root / path;
    if (made.insert(target.parent_path().string()).second) {
      auto t = Clock::now();
      fs::create_directories(target.parent_path());
      dirs_ms += ms_since(t);
    }
    std::FILE* f = std::fopen(target.c_str(), "wb");
    if (!f || std::fwrite(text.data(), 1, text.size(), f) != text.size() || std::fclose(f) != 0) {
      std::perror(target.c_str());
      std::exit(1);
    }
  }
  return ms_since(t0);
}

struct RuleCost {
  const scan::CompiledRule* rule = nullptr;
  std::size_t index = 0;
  bool always = false;  // no keywords: runs on every text
  double ms = 0;
  int files = 0;
  long matches = 0;  // before the entropy check
};

struct KindSplit {
  double names = 0, find_secrets = 0, keywords = 0, key_lines = 0, encoded_scan = 0, nested = 0, redact_all = 0;
  std::size_t runs = 0, decoded_bytes = 0;
  std::vector<RuleCost> rules;
};

// An estimate of find_secrets rule by rule: each secret rule's RE2 over every
// file where the keyword prefilter marks it (as FragmentHits does; its reach
// windows only start above 64 KiB, so whole files here).
void time_rules(const scan::RuleSet& rules, std::string_view text, std::vector<RuleCost>& cost) {
  std::vector<scan::KeywordHit> hits;
  const bool complete = rules.prefilter.find(text, hits);
  std::vector<uint8_t> marked(rules.rules.size(), complete ? 0 : 1);
  for (const auto& h : hits)
    for (uint32_t o : rules.prefilter.owners(h.keyword)) marked[o] = 1;
  for (RuleCost& c : cost) {
    if (!c.always && !marked[c.index]) continue;
    const RE2& re = c.rule->regex->get();
    if (!re.ok()) continue;
    auto t = Clock::now();
    // With every group, as find_secrets asks: a match costs a submatch pass on top of the DFA.
    std::vector<re2::StringPiece> groups(static_cast<std::size_t>(re.NumberOfCapturingGroups()) + 1);
    re2::StringPiece whole(text.data(), text.size());
    for (std::size_t pos = 0; pos <= text.size() && re.Match(whole, pos, text.size(), RE2::UNANCHORED, groups.data(),
                                                             static_cast<int>(groups.size()));) {
      pos = static_cast<std::size_t>(groups[0].data() - text.data()) + std::max<std::size_t>(groups[0].size(), 1);
      ++c.matches;
    }
    c.ms += ms_since(t);
    ++c.files;
  }
}

// The redactor's parts on their own, file by file, as Redactor::redact_nested calls them.
// `estimate` is a second copy of `rules`: its RE2s meet each file for the first
// time too, as find_secrets' do (a second search of the same text reuses the
// DFA states the first one built, and costs a fraction).
KindSplit split_redaction(const MemorySnapshot& plain, const scan::RuleSet& rules, const scan::RuleSet& estimate,
                          const scan::Redactor& redactor) {
  KindSplit s;
  for (std::size_t i = 0; i < estimate.rules.size(); ++i) {
    const scan::CompiledRule& r = estimate.rules[i];
    if (!r.regex || !r.secret) continue;
    bool always = std::find(estimate.always_run.begin(), estimate.always_run.end(), i) != estimate.always_run.end();
    s.rules.push_back({&r, i, always});
  }
  auto t0 = Clock::now();
  RedactedSnapshot names(plain, FileRedactor{}, [&](std::string_view t) { return redactor.redact(t); });
  s.names = ms_since(t0);
  for (const auto& path : plain.list_files()) {
    std::string text = *plain.read_file(path);
    auto t = Clock::now();
    auto hits = scan::find_secrets(rules, text);
    s.find_secrets += ms_since(t);
    t = Clock::now();
    auto keys = scan::find_private_key_lines(text);
    s.key_lines += ms_since(t);
    t = Clock::now();
    auto encoded = scan::find_encoded_text(text);
    s.encoded_scan += ms_since(t);
    t = Clock::now();
    for (const auto& run : encoded) (void)redactor.redact(run.decoded), s.decoded_bytes += run.decoded.size();
    s.nested += ms_since(t);
    s.runs += encoded.size();
    t = Clock::now();
    (void)redactor.redact_file(path, text);
    s.redact_all += ms_since(t);
    time_rules(estimate, text, s.rules);
    std::vector<scan::KeywordHit> keyword_hits;
    t = Clock::now();
    rules.prefilter.find(text, keyword_hits);
    s.keywords += ms_since(t);
  }
  return s;
}

// One pattern, newly compiled with `max_mem`, over every file once: does a
// bigger DFA cache change what it costs?
double time_fresh_regex(const std::string& go_pattern, int64_t max_mem, const MemorySnapshot& plain) {
  RE2::Options o = scan::go_regex_options();
  o.set_max_mem(max_mem);
  RE2 re(scan::translate_go_regex(go_pattern), o);
  std::vector<re2::StringPiece> groups(static_cast<std::size_t>(re.NumberOfCapturingGroups()) + 1);
  double ms = 0;
  for (const auto& path : plain.list_files()) {
    std::string text = *plain.read_file(path);
    auto t = Clock::now();
    re2::StringPiece whole(text.data(), text.size());
    for (std::size_t pos = 0; pos <= text.size() && re.Match(whole, pos, text.size(), RE2::UNANCHORED, groups.data(),
                                                             static_cast<int>(groups.size()));)
      pos = static_cast<std::size_t>(groups[0].data() - text.data()) + std::max<std::size_t>(groups[0].size(), 1);
    ms += ms_since(t);
  }
  return ms;
}

struct Samples {
  std::vector<double> total, redact, write, floor, dirs, cp, names;
};

int bench_snapshot(std::size_t files, double mb, int rounds) {
  Planted planted;
  auto t0 = Clock::now();
  auto tree = generate_tree(files, static_cast<uint64_t>(mb * 1e6), planted);
  uint64_t bytes = 0;
  for (const auto& [p, t] : tree) bytes += t.size();
  double gen_ms = ms_since(t0);
  MemorySnapshot plain(tree, "bench tree");
  auto redactor = scan::Redactor::load();
  scan::RuleSources sources;
  sources.packs = {"secrets", "danger"};  // what Redactor::load compiles
  auto rules = scan::load_rule_set(sources), estimate = scan::load_rule_set(sources);
  if (!redactor || !rules || !estimate) {
    std::fprintf(stderr, "cannot load the secret rules: %s\n",
                 (!redactor ? redactor.error() : !rules ? rules.error() : estimate.error()).message().c_str());
    return 1;
  }
  // As `hookagent install` does for the scan (untimed): whole-file redaction uses that prefilter.
  auto pf = Clock::now();
  const bool prefilter = redactor->prefilter_ready(/*compile=*/true);
  std::printf("\n   pattern prefilter for redaction: %s (%.0f ms to load or compile, untimed)\n",
              prefilter ? "compiled" : "not available", ms_since(pf));
  FileRedactor redact_file = [&](std::string_view p, std::string_view t) { return redactor->redact_file(p, t); };
  NameRedactor redact_name = [&](std::string_view t) { return redactor->redact(t); };
  std::printf("\n2. materialising the snapshot: %zu files, %.1f MB (generated in %.0f ms), %d rounds, into %s\n",
              tree.size(), static_cast<double>(bytes) / 1e6, gen_ms, rounds, default_temp_dir().c_str());

  Samples s;
  std::map<std::string, int> by_rule;
  auto create = [&](const Snapshot& snap, std::vector<double>& out) {
    auto t = Clock::now();
    auto ws = SnapshotWorkspace::create(snap, WorkspaceLimits{});
    out.push_back(ms_since(t));
    if (!ws) {
      std::fprintf(stderr, "create failed: %s\n", ws.error().message().c_str());
      std::exit(1);
    }
  };  // the workspace is removed here, outside the timed part
  std::vector<std::function<void()>> steps = {
      [&] { create(plain, s.write); },
      [&] {
        auto t = Clock::now();
        RedactedSnapshot redacted(plain, redact_file, redact_name);
        s.names.push_back(ms_since(t));
        create(redacted, s.total);
      },
      [&] {
        auto t = Clock::now();
        RedactedSnapshot redacted(plain, redact_file, redact_name);
        for (const auto& p : redacted.list_files()) (void)redacted.read_file(p);
        s.redact.push_back(ms_since(t));
        // Outside the timing: which rules fired, to see the tree is realistic.
        by_rule.clear();
        for (const auto& p : redacted.list_files()) {
          const std::string text = *redacted.read_file(p);
          for (std::size_t at = 0; (at = text.find("[REDACTED:", at)) != std::string::npos; ++at)
            ++by_rule[text.substr(at + 10, text.find(']', at) - at - 10)];
        }
      },
      [&] {
        fs::path root = make_temp_dir("fwrite");
        double dirs = 0;
        s.floor.push_back(write_with_fwrite(tree, root / "tree", dirs));
        s.dirs.push_back(dirs);
        fs::path copy = root / "copy";
        std::string cmd = "cp -r '" + (root / "tree").string() + "' '" + copy.string() + "'";
        auto t = Clock::now();
        if (std::system(cmd.c_str()) != 0) std::fprintf(stderr, "cp -r failed\n");
        s.cp.push_back(ms_since(t));
        fs::remove_all(root);
      },
  };
  for (int round = 0; round < rounds; ++round)
    for (std::size_t k = 0; k < steps.size(); ++k) steps[(k + static_cast<std::size_t>(round)) % steps.size()]();

  const double floor = median(s.floor), total = median(s.total);
  auto row = [&](const char* what, const std::vector<double>& v, const char* note) {
    std::printf("   %-44s %9.1f %9.1f %7.2fx  %s\n", what, median(v), *std::max_element(v.begin(), v.end()),
                median(v) / floor, note);
  };
  std::printf("   %-44s %9s %9s %8s\n", "step", "median ms", "max ms", "/floor");
  row("create(RedactedSnapshot): names+redact+write", s.total, total <= 500 ? "goal <= 500 ms: PASS" : "goal <= 500 ms: NOT MET");
  row("  redaction alone (read every redacted file)", s.redact, "incl. names");
  row("  of which names (RedactedSnapshot ctor)", s.names, "");
  row("  writing alone: create(MemorySnapshot)", s.write, "no redaction");
  row("floor: fopen/fwrite/fclose, same tree", s.floor, "");
  row("  of which create_directories", s.dirs, "");
  row("reference: cp -r of that tree (page cache)", s.cp, "");
  const int planted_total = planted.secrets + planted.encoded + planted.key_blocks + planted.key_files;
  std::size_t redacted_spans = 0;
  std::string rule_list;
  for (const auto& [rule, n] : by_rule) redacted_spans += n, rule_list += " " + rule + "=" + std::to_string(n);
  std::printf("   redacted spans by rule:%s\n", rule_list.c_str());
  std::printf("   redacted spans found: %zu (planted: %d secrets, %d base64-wrapped, %d key blocks of 8 lines, %d key files)\n",
              redacted_spans, planted.secrets, planted.encoded, planted.key_blocks, planted.key_files);
  if (redacted_spans < static_cast<std::size_t>(planted_total)) std::printf("   WARNING: fewer spans than planted\n");

  KindSplit k = split_redaction(plain, **rules, **estimate, *redactor);
  const scan::RuleSet& rules_set = **rules;
  std::printf("\n   redaction by kind (one pass, file by file, %.1f MB):\n", static_cast<double>(bytes) / 1e6);
  auto part = [&](const char* what, double ms) {
    std::printf("   %-44s %9.1f ms %6.1f MB/s %5.1f%%\n", what, ms, static_cast<double>(bytes) / 1e3 / ms,
                100.0 * ms / k.redact_all);
  };
  part("find_secrets (secret rules, RE2)", k.find_secrets);
  part("find_private_key_lines", k.key_lines);
  part("find_encoded_text (base64/hex scan)", k.encoded_scan);
  std::printf("   %-44s %9.1f ms (%zu runs, %zu decoded bytes)\n", "redact() of decoded runs (nested)", k.nested, k.runs,
              k.decoded_bytes);
  part("redact_file() whole, for comparison", k.redact_all);
  std::printf("   %-44s %9.1f ms\n", "names: RedactedSnapshot ctor", k.names);
  std::sort(k.rules.begin(), k.rules.end(), [](const RuleCost& a, const RuleCost& b) { return a.ms > b.ms; });
  double regex_ms = 0;
  int candidates = 0, always = 0;
  for (const RuleCost& c : k.rules) regex_ms += c.ms, candidates += c.files, always += c.always;
  std::printf("\n   find_secrets rule by rule (estimate: each RE2 alone over the files its keywords let through):\n");
  std::printf("   %zu secret rules (%d without keywords, run on every file); %.1f rules per file on average\n",
              k.rules.size(), always, static_cast<double>(candidates) / static_cast<double>(plain.list_files().size()));
  for (std::size_t i = 0; i < std::min<std::size_t>(8, k.rules.size()); ++i)
    std::printf("   %-44s %9.1f ms %6d files %7ld matches %5.1f%%%s\n", k.rules[i].rule->id.c_str(), k.rules[i].ms,
                k.rules[i].files, k.rules[i].matches, 100.0 * k.rules[i].ms / k.find_secrets,
                k.rules[i].always ? "  (no keywords)" : "");
  std::printf("   %-44s %9.1f ms\n", "all rules' RE2 together", regex_ms);
  if (!k.rules.empty()) {
    const auto& top = *k.rules.front().rule;
    std::printf("   %s's RE2 alone, fresh, one pass over every file: max_mem 4 MiB (as go_regex_options) %.1f ms,"
                " 64 MiB %.1f ms\n", top.id.c_str(), time_fresh_regex(top.regex->source(), 4 << 20, plain),
                time_fresh_regex(top.regex->source(), 64 << 20, plain));
  }
  std::printf("   %-44s %9.1f ms (%s)\n", "keyword prefilter alone", k.keywords, rules_set.prefilter.engine());
  std::printf("   %-44s %9.1f ms\n", "rest of find_secrets (per-call setup, bookkeeping)", k.find_secrets - regex_ms - k.keywords);
  std::printf("   goal snapshot: %s (median %.0f ms, goal 500 ms)\n", total <= 500 ? "PASS" : "NOT MET", total);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 200, rounds = 3;
  std::size_t files = 10000;
  double mb = 100;
  std::string only;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) std::fprintf(stderr, "%s needs a value\n", a.c_str()), std::exit(2);
      return argv[++i];
    };
    if (a == "--runs") runs = std::stoi(value());
    else if (a == "--files") files = std::stoul(value());
    else if (a == "--mb") mb = std::stod(value());
    else if (a == "--rounds") rounds = std::stoi(value());
    else if (a == "--only") only = value();
    else if (a == "--probe") {
      SandboxState l = probe_sandbox("landlock"), b = probe_sandbox("bubblewrap");
      std::printf("landlock ABI %d; bwrap %s\n", l.landlock_abi, b.bwrap_path.empty() ? "not found" : b.bwrap_path.c_str());
      return 0;
    } else {
      std::fprintf(stderr, "usage: sandbox_bench [--runs N] [--files N] [--mb N] [--rounds N] [--only start|snapshot] [--probe]\n");
      return 2;
    }
  }
  int rc = 0;
  if (only.empty() || only == "start") rc |= bench_start(std::max(1, runs));
  if (only.empty() || only == "snapshot") rc |= bench_snapshot(std::max<std::size_t>(1, files), mb, std::max(1, rounds));
  return rc;
}
