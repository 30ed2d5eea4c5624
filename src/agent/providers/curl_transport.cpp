// libcurl is used only in src/agent/providers/ (STYLE: one folder per library),
// loaded on first use (curl_library.hpp).
#include <curl/curl.h>

#include <algorithm>
#include <cctype>

#include "agent/providers/curl_library.hpp"
#include "agent/providers/transport.hpp"

namespace hookagent::agent {

namespace {

size_t on_body(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

size_t on_header(char* data, size_t size, size_t n, void* user) {
  auto* headers = static_cast<std::map<std::string, std::string>*>(user);
  std::string line(data, size * n);
  auto colon = line.find(':');
  if (colon == std::string::npos) return size * n;  // status line or blank line
  std::string name = line.substr(0, colon);
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  std::string value = line.substr(colon + 1);
  auto first = value.find_first_not_of(" \t");
  auto last = value.find_last_not_of(" \t\r\n");
  (*headers)[name] = first == std::string::npos ? "" : value.substr(first, last - first + 1);
  return size * n;
}

class CurlTransport : public Transport {
 public:
  CurlTransport() : curl_(curl_library(&why_not_)) {}
  ~CurlTransport() override {
    if (handle_) curl_->easy_cleanup(handle_);
  }

  // One handle per transport (one agent run, one thread), so that every turn
  // after the first reuses the open connection (and TLS session).
  HttpResponse post(const HttpRequest& request) override {
    HttpResponse response;
    if (!curl_) {
      response.failure = TransportFailure::Other;
      response.failure_text = why_not_;
      return response;
    }
    const CurlLibrary& lib = *curl_;
    if (!handle_) handle_ = lib.easy_init();
    else lib.easy_reset(handle_);
    CURL* curl = handle_;
    if (!curl) {
      response.failure = TransportFailure::Other;
      response.failure_text = "curl_easy_init failed";
      return response;
    }
    curl_slist* headers = nullptr;
    for (const auto& [name, value] : request.headers) headers = lib.slist_append(headers, (name + ": " + value).c_str());
    // No "Expect: 100-continue" round trip on large bodies.
    headers = lib.slist_append(headers, "Expect:");
    lib.easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    lib.easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    lib.easy_setopt(curl, CURLOPT_POST, 1L);
    lib.easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    lib.easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    lib.easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(std::max<long long>(1, request.timeout.count())));
    lib.easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(std::clamp<long long>(request.timeout.count(), 1, 10000)));
    lib.easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // hooks may be threaded; no SIGALRM
    lib.easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    lib.easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
    lib.easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    lib.easy_setopt(curl, CURLOPT_HEADERDATA, &response.headers);
    lib.easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");  // whatever curl can decode
    // Never follow redirects: an API key must not be replayed to another host.
    lib.easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    CURLcode rc = lib.easy_perform(curl);
    if (rc == CURLE_OK) {
      lib.easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    } else {
      response.failure = rc == CURLE_OPERATION_TIMEDOUT ? TransportFailure::Timeout
                         : (rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST ||
                            rc == CURLE_SEND_ERROR || rc == CURLE_RECV_ERROR || rc == CURLE_GOT_NOTHING)
                             ? TransportFailure::Connect
                             : TransportFailure::Other;
      response.failure_text = lib.easy_strerror(rc);
      response.body.clear();
      response.headers.clear();
    }
    lib.slist_free_all(headers);
    return response;
  }

 private:
  const CurlLibrary* curl_;
  std::string why_not_;
  CURL* handle_ = nullptr;
};

}  // namespace

std::unique_ptr<Transport> make_curl_transport() { return std::make_unique<CurlTransport>(); }

}  // namespace hookagent::agent
