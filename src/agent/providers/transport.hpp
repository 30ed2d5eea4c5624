#pragma once
// The one place HTTP is touched (STYLE: the world behind small interfaces).
// The real one is libcurl (curl_transport.cpp); tests talk to a real loopback
// server through it, and unit tests may substitute their own.
#include <chrono>
#include <map>
#include <memory>
#include <string>

namespace hookagent::agent {

struct HttpRequest {
  std::string url;
  std::map<std::string, std::string> headers;  // name -> value
  std::string body;
  std::chrono::milliseconds timeout{60000};    // the whole exchange
};

// Why no HTTP status came back. Timeouts and connection failures are
// retryable; the others are not.
enum class TransportFailure { None, Timeout, Connect, Other };

struct HttpResponse {
  long status = 0;                             // 0 when `failure` is set
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  TransportFailure failure = TransportFailure::None;
  std::string failure_text;                    // libcurl's words, for the error line
};

class Transport {
 public:
  virtual ~Transport() = default;
  virtual HttpResponse post(const HttpRequest& request) = 0;
};

std::unique_ptr<Transport> make_curl_transport();

}  // namespace hookagent::agent
