#include "agent_hook_fixture.hpp"

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

namespace hookagent::test {

void AgentHookRepo::configure(const std::string& sections, const std::string& base_url) const {
  std::string url = base_url.empty() ? server->base_url() : base_url;
  write_file(repo.home() / ".config/hookagent/config.toml",
             "[provider]\nkind = \"anthropic\"\nmodel = \"claude-sonnet-4-5\"\nbase_url = \"" + url +
                 "\"\napi_key_env = \"" + kTestKeyEnv + "\"\n\n" + sections);
}

std::map<std::string, std::string> AgentHookRepo::env() const {
  auto e = repo.env();
  e[kTestKeyEnv] = "test-key-value";
  return e;
}

ProcessResult AgentHookRepo::run(const std::string& script) const { return sh(script, repo.root(), env()); }

ProcessResult AgentHookRepo::hookagent(const std::string& args) const {
  return run("'" + hookagent_bin() + "' " + args);
}

void AgentHookRepo::install() const {
  auto r = hookagent("install");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
}

int AgentHookRepo::wait_for_jobs(int timeout_s) const {
  return hookagent("jobs wait --timeout " + std::to_string(timeout_s)).exit_code;
}

std::string AgentHookRepo::note(const std::string& rev, const std::string& skill) const {
  auto r = repo.git("notes --ref=hookagent/" + skill + " show " + rev, true);
  return r.exit_code == 0 ? without_headlines(r.out) : "";
}

std::string without_headlines(const std::string& note) {
  std::string kept;
  std::istringstream lines(note);
  for (std::string line; std::getline(lines, line);)
    if (!line.starts_with("[hookagent] ")) kept += line + "\n";
  return kept;
}

SilentListener::SilentListener() {
  fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(fd_ >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(listen(fd_, 64) == 0);
  socklen_t len = sizeof addr;
  REQUIRE(getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  port_ = ntohs(addr.sin_port);
}

SilentListener::~SilentListener() {
  if (fd_ >= 0) close(fd_);
}

nlohmann::json finding_input(const std::string& file, int line, const std::string& severity,
                             const std::string& message) {
  return {{"file", file}, {"line", line}, {"severity", severity}, {"category", "injection"},
          {"message", message}, {"fix", "pass an argument list to subprocess.run"}};
}

void push_one_finding(ScriptedProvider& server, const nlohmann::json& finding, const std::string& summary) {
  server.push({200, ScriptedProvider::anthropic_tools({{"f1", "report_finding", finding}})});
  server.push({200, ScriptedProvider::anthropic_text(summary)});
}

bool eventually(const std::function<bool()>& pred, double seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(static_cast<long>(seconds * 1000));
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return pred();
}

int count_lines(const std::string& text) {
  int n = 0;
  for (char c : text) n += c == '\n';
  return n;
}

bool process_running(pid_t pid) {
  if (pid <= 0 || kill(pid, 0) != 0) return false;
  // A worker killed outside our process tree may linger as a zombie until its
  // reaper (often a container's pid 1) gets to it; it runs nothing any more.
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  auto close = text.rfind(')');
  return close == std::string::npos || close + 2 >= text.size() || text[close + 2] != 'Z';
}

}  // namespace hookagent::test
