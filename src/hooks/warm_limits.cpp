#include "hooks/warm_limits.hpp"

#include <sys/resource.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <vector>

#include "core/text_split.hpp"

namespace hookagent::hooks::warm {
namespace {

// The limits a check can run into; RLIMIT_NPROC and the like count per user
// and are the same for the server and the hook already.
constexpr int kForwarded[] = {RLIMIT_AS, RLIMIT_CORE, RLIMIT_CPU, RLIMIT_DATA, RLIMIT_FSIZE, RLIMIT_NOFILE, RLIMIT_STACK};

struct Limits {
  int nice = 0;
  struct One {
    int resource;
    rlimit value;
  };
  std::vector<One> each;
};

std::string number(rlim_t v) { return v == RLIM_INFINITY ? "inf" : std::to_string(static_cast<unsigned long long>(v)); }

std::optional<rlim_t> parse_number(const std::string& s) {
  if (s == "inf") return RLIM_INFINITY;
  if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  errno = 0;
  const unsigned long long v = std::strtoull(s.c_str(), nullptr, 10);
  if (errno != 0) return std::nullopt;
  return static_cast<rlim_t>(v);
}

std::optional<int> parse_nice(std::string_view s) {
  int v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// "nice N R:soft:hard R:soft:hard ..."
std::optional<Limits> parse(const std::string& text) {
  const auto words = split_nonempty(text, ' ');  // no istringstream: see text_split.hpp
  Limits l;
  if (words.size() < 2 || words[0] != "nice") return std::nullopt;
  auto nice = parse_nice(words[1]);
  if (!nice) return std::nullopt;
  l.nice = *nice;
  for (std::size_t i = 2; i < words.size(); ++i) {
    const std::string word(words[i]);
    const auto a = word.find(':'), b = word.rfind(':');
    if (a == std::string::npos || a == b) return std::nullopt;
    Limits::One one{};
    auto resource = parse_number(word.substr(0, a));
    auto soft = parse_number(word.substr(a + 1, b - a - 1));
    auto hard = parse_number(word.substr(b + 1));
    if (!resource || !soft || !hard || *resource == RLIM_INFINITY || *soft > *hard) return std::nullopt;
    bool known = false;
    for (int r : kForwarded) known = known || static_cast<rlim_t>(r) == *resource;
    if (!known) return std::nullopt;
    one.resource = static_cast<int>(*resource);
    one.value = {*soft, *hard};
    l.each.push_back(one);
  }
  return l;
}

int current_nice() {
  errno = 0;
  const int n = getpriority(PRIO_PROCESS, 0);
  return errno == 0 ? n : 0;
}

}  // namespace

std::string describe_limits() {
  std::string out = "nice " + std::to_string(current_nice());
  for (int r : kForwarded) {
    rlimit l{};
    if (getrlimit(r, &l) != 0) continue;
    out += " " + std::to_string(r) + ":" + number(l.rlim_cur) + ":" + number(l.rlim_max);
  }
  return out;
}

bool limits_reachable(const std::string& text) {
  auto l = parse(text);
  if (!l || l->nice < current_nice()) return false;
  for (const auto& one : l->each) {
    rlimit own{};
    if (getrlimit(one.resource, &own) != 0 || one.value.rlim_max > own.rlim_max) return false;
  }
  return true;
}

bool apply_limits(const std::string& text) {
  auto l = parse(text);
  if (!l) return false;
  for (const auto& one : l->each)
    if (setrlimit(one.resource, &one.value) != 0) return false;
  if (l->nice != current_nice() && setpriority(PRIO_PROCESS, 0, l->nice) != 0) return false;
  return true;
}

}  // namespace hookagent::hooks::warm
