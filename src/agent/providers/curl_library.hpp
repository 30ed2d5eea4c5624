#pragma once
// libcurl, loaded when the first request is made rather than at process start.
// Linking it pulled ~20 shared libraries (TLS, LDAP, Kerberos, ...) into every
// `hookagent` start, ~2.5 ms of each hook run, while most runs (the offline
// scan, a queued review) never make a request.
#include <curl/curl.h>

#include <string>

namespace hookagent::agent {

struct CurlLibrary {
  CURLcode (*global_init)(long);
  CURL* (*easy_init)();
  void (*easy_reset)(CURL*);
  void (*easy_cleanup)(CURL*);
  CURLcode (*easy_setopt)(CURL*, CURLoption, ...);
  CURLcode (*easy_perform)(CURL*);
  CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...);
  const char* (*easy_strerror)(CURLcode);
  curl_slist* (*slist_append)(curl_slist*, const char*);
  void (*slist_free_all)(curl_slist*);
};

// The loaded library (loaded and globally initialised once, thread-safe), or
// null with `why` set: libcurl missing or too old.
const CurlLibrary* curl_library(std::string* why = nullptr);

}  // namespace hookagent::agent
