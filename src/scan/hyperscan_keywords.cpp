#include "scan/hyperscan_keywords.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <unistd.h>

#include "scan/disk_cache.hpp"
#include "scan/hs_scratch.hpp"

namespace hookagent::scan {
namespace fs = std::filesystem;
namespace {

// No SINGLEMATCH: the windows need every position, and (measured) the flag
// made the database 6x larger and 10x slower to compile without a faster scan.
constexpr unsigned kFlags = HS_FLAG_CASELESS;

fs::path cache_file(const std::vector<std::string>& keywords) {
  uint64_t h = fnv1a(hs_version());
  h = fnv1a(std::to_string(kFlags), h);
  for (const auto& k : keywords) h = fnv1a(std::string_view(k.data(), k.size() + 1), h);  // with the NUL
  return cache_entry("keywords", h, "hsdb");
}

hs_database_t* read_cached(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return nullptr;
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  hs_database_t* db = nullptr;
  // Deserialising checks the library version, the platform and a checksum, so
  // a truncated or foreign file is refused (and then rewritten).
  if (hs_deserialize_database(bytes.data(), bytes.size(), &db) != HS_SUCCESS) return nullptr;
  return db;
}

void write_cached(const fs::path& file, const hs_database_t* db) {
  char* bytes = nullptr;
  std::size_t size = 0;
  if (hs_serialize_database(db, &bytes, &size) != HS_SUCCESS) return;
  write_atomically(file, std::string_view(bytes, size));
  std::free(bytes);
}

hs_database_t* compile(const std::vector<std::string>& keywords) {
  std::vector<std::string> patterns;
  patterns.reserve(keywords.size());
  for (const auto& k : keywords) patterns.push_back(escaped_literal(k));
  std::vector<const char*> exprs;
  std::vector<unsigned> flags(keywords.size(), kFlags), ids;
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    exprs.push_back(patterns[i].c_str());
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_compile_multi(exprs.data(), flags.data(), ids.data(), static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK,
                       nullptr, &db, &err) != HS_SUCCESS) {
    hs_free_compile_error(err);
    return nullptr;
  }
  return db;
}

std::atomic<uint64_t> next_keywords_id{1};

struct Collector {
  std::vector<KeywordHit>* hits;
};

int on_match(unsigned id, unsigned long long, unsigned long long to, unsigned, void* ctx) {
  static_cast<Collector*>(ctx)->hits->push_back({id, static_cast<uint32_t>(to)});
  return 0;
}

}  // namespace

std::string escaped_literal(std::string_view keyword) {
  std::string out;
  for (unsigned char c : keyword) {
    char esc[8];
    std::snprintf(esc, sizeof esc, "\\x%02x", c);
    out += esc;
  }
  return out;
}

std::unique_ptr<HyperscanKeywords> HyperscanKeywords::load_or_compile(const std::vector<std::string>& keywords) {
  if (hs_valid_platform() != HS_SUCCESS) return nullptr;
  fs::path file = cache_file(keywords);
  if (!file.empty()) {
    if (hs_database_t* db = read_cached(file)) return std::unique_ptr<HyperscanKeywords>(new HyperscanKeywords(db, true));
  }
  hs_database_t* db = compile(keywords);
  if (!db) return nullptr;
  if (!file.empty()) write_cached(file, db);
  return std::unique_ptr<HyperscanKeywords>(new HyperscanKeywords(db, false));
}


HyperscanKeywords::HyperscanKeywords(hs_database_t* db, bool from_cache)
    : db_(db), from_cache_(from_cache), id_(next_keywords_id++) {}

HyperscanKeywords::~HyperscanKeywords() { hs_free_database(db_); }

bool HyperscanKeywords::find(std::string_view text, std::vector<KeywordHit>& hits) const {
  hs_scratch_t* scratch = scratch_for(db_, id_);
  if (!scratch) return false;
  Collector c{&hits};
  return hs_scan(db_, text.data(), static_cast<unsigned>(text.size()), 0, scratch, on_match, &c) == HS_SUCCESS;
}

}  // namespace hookagent::scan
