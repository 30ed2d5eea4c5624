#pragma once
// A real repository whose installed hooks talk to the scripted provider on
// loopback: the provider is configured in the fixture HOME's user config (the
// trusted layer), and every git or hookagent process runs with the API key
// variable that config names.
#include <sys/types.h>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "support/git_fixture.hpp"
#include "support/scripted_provider.hpp"

namespace hookagent::test {

// The name of the variable the user config points api_key_env at.
inline constexpr const char* kTestKeyEnv = "HOOKAGENT_TEST_KEY";

struct AgentHookRepo {
  GitRepo repo;
  std::unique_ptr<ScriptedProvider> server = std::make_unique<ScriptedProvider>();

  // Writes ~/.config/hookagent/config.toml: the anthropic provider at
  // `base_url` (the scripted server when empty), then `sections` as written.
  void configure(const std::string& sections, const std::string& base_url = {}) const;

  std::map<std::string, std::string> env() const;
  // sh -c `script` in the work tree with env().
  ProcessResult run(const std::string& script) const;
  ProcessResult hookagent(const std::string& args) const;
  // `hookagent install`, REQUIREd to succeed.
  void install() const;
  // `hookagent jobs wait`; its exit code (3 when a job failed).
  int wait_for_jobs(int timeout_s = 120) const;
  // The note's JSON lines (the "[hookagent] ..." lines for git log left out).
  std::string note(const std::string& rev, const std::string& skill = "code-review") const;
  // Stops the server: from now on every connection to its port is refused.
  void stop_server() { server.reset(); }
};

// A provider that hangs: a port on 127.0.0.1 whose connections the kernel
// accepts (into the listen backlog) and nobody ever answers.
class SilentListener {
 public:
  SilentListener();
  ~SilentListener();
  SilentListener(const SilentListener&) = delete;
  SilentListener& operator=(const SilentListener&) = delete;
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  int fd_ = -1;
  int port_ = 0;
};

// A note's text without the "[hookagent] ..." lines written for people.
std::string without_headlines(const std::string& note);

// A finding as the model reports it through the report_finding tool.
nlohmann::json finding_input(const std::string& file, int line, const std::string& severity,
                             const std::string& message);
// One model turn that calls report_finding once, then the closing turn.
void push_one_finding(ScriptedProvider& server, const nlohmann::json& finding, const std::string& summary);

// Polls until `pred` holds or `seconds` pass; returns whether it held.
bool eventually(const std::function<bool()>& pred, double seconds = 30);

int count_lines(const std::string& text);

// True while `pid` exists and is not a zombie.
bool process_running(pid_t pid);

}  // namespace hookagent::test
