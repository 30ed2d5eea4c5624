#pragma once
// A repeat of the same review costs zero tokens: the key hashes everything
// that decides the answer (skill, model, redacted input, policy), and the
// value is the note line the first run produced.
#include <filesystem>
#include <optional>
#include <string>

#include "core/result.hpp"

namespace hookagent::jobs {

struct ReviewKey {
  std::string skill;          // name + body hash, so an edited skill misses
  std::string model;
  std::string redacted_input; // the change text exactly as it would be sent
  std::string policy;         // the effective allow/deny rules, joined
};

std::string cache_key(const ReviewKey& key);

class ReviewCache {
 public:
  explicit ReviewCache(const std::filesystem::path& common_dir);
  std::optional<std::string> get(const std::string& key) const;
  Status put(const std::string& key, const std::string& value) const;

 private:
  std::filesystem::path dir_;
};

}  // namespace hookagent::jobs
