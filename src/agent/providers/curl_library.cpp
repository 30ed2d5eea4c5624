#include "agent/providers/curl_library.hpp"

#include <dlfcn.h>

#include <mutex>

namespace hookagent::agent {
namespace {

template <class Fn>
bool bind(void* lib, const char* name, Fn& out) {
  out = reinterpret_cast<Fn>(dlsym(lib, name));
  return out != nullptr;
}

struct Loaded {
  CurlLibrary api{};
  bool ok = false;
  std::string why;
};

Loaded load() {
  Loaded l;
  // The soname of Debian's libcurl4 (any TLS flavour); the bare name as a fallback.
  void* lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
  if (!lib) lib = dlopen("libcurl.so", RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    const char* e = dlerror();
    l.why = std::string("cannot load libcurl (") + (e ? e : "not found") +
            "): install it with `apt-get install libcurl4` to reach an LLM provider";
    return l;
  }
  CurlLibrary& a = l.api;
  l.ok = bind(lib, "curl_global_init", a.global_init) && bind(lib, "curl_easy_init", a.easy_init) &&
         bind(lib, "curl_easy_reset", a.easy_reset) && bind(lib, "curl_easy_cleanup", a.easy_cleanup) &&
         bind(lib, "curl_easy_setopt", a.easy_setopt) && bind(lib, "curl_easy_perform", a.easy_perform) &&
         bind(lib, "curl_easy_getinfo", a.easy_getinfo) && bind(lib, "curl_easy_strerror", a.easy_strerror) &&
         bind(lib, "curl_slist_append", a.slist_append) && bind(lib, "curl_slist_free_all", a.slist_free_all);
  if (!l.ok) {
    l.why = "the libcurl found lacks a function hookagent needs: install libcurl4 7.62 or later";
    return l;
  }
  a.global_init(CURL_GLOBAL_DEFAULT);
  return l;  // never dlclose'd: the handles it hands out live until exit
}

}  // namespace

const CurlLibrary* curl_library(std::string* why) {
  static const Loaded loaded = load();
  if (!loaded.ok && why) *why = loaded.why;
  return loaded.ok ? &loaded.api : nullptr;
}

}  // namespace hookagent::agent
