#include "agent/providers/http_exchange.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <thread>

#include <nlohmann/json.hpp>

namespace hookagent::agent {

namespace {

using std::chrono::milliseconds;

bool retryable_status(long status) { return status == 429 || status == 529 || status >= 500; }

// A 429 that means the money ran out will not clear by waiting.
bool is_quota_exhausted(const std::string& body) {
  return body.find("enforced_spend_limit_reached") != std::string::npos ||
         body.find("insufficient_quota") != std::string::npos;
}

std::optional<milliseconds> parse_retry_after(const std::map<std::string, std::string>& headers) {
  auto it = headers.find("retry-after");
  if (it == headers.end()) return std::nullopt;
  // Seconds, possibly fractional. The HTTP-date form falls back to backoff.
  try {
    size_t used = 0;
    double seconds = std::stod(it->second, &used);
    if (used == 0 || seconds < 0) return std::nullopt;
    return milliseconds(static_cast<long long>(seconds * 1000));
  } catch (...) {
    return std::nullopt;
  }
}

milliseconds backoff(const RetryPolicy& retry, int attempt) {
  static thread_local std::minstd_rand rng{std::random_device{}()};
  double base = static_cast<double>(retry.base_delay.count()) * std::pow(2.0, attempt - 1);
  base = std::min(base, static_cast<double>(retry.max_delay.count()));
  std::uniform_real_distribution<double> jitter(0.5, 1.0);  // spread clients apart
  return milliseconds(static_cast<long long>(base * jitter(rng)));
}

std::string describe_status(long status) {
  switch (status) {
    case 429: return "429 rate limited";
    case 529: return "529 overloaded";
    case 500: return "500 internal server error";
    case 502: return "502 bad gateway";
    case 503: return "503 unavailable";
    case 504: return "504 gateway timeout";
    default: return std::to_string(status);
  }
}

Error client_error(const ExchangeContext& c, const std::string& url, long status, const std::string& body) {
  std::string api = api_error_message(body);
  std::string who = c.provider + " provider";
  switch (status) {
    case 401:
    case 403:
      return Error{ErrorKind::Provider, who + " rejected the API key (" + std::to_string(status) + "): " + api, url,
                   c.api_key_env.empty() ? "check the provider's api_key_env setting"
                                         : "check that $" + c.api_key_env + " holds a valid key for this provider"};
    case 404:
      return Error{ErrorKind::Provider, who + " answered 404: " + api, url,
                   "check the model name \"" + c.model + "\" and the provider's base_url"};
    case 400:
      return Error{ErrorKind::Provider, who + " rejected the request (400): " + api, url,
                   "check the model name and max_tokens; the message above is the API's own"};
    default:
      return Error{ErrorKind::Provider, who + " answered " + std::to_string(status) + ": " + api, url, {}};
  }
}

}  // namespace

std::string api_error_message(const std::string& body) {
  auto parsed = nlohmann::json::parse(body, nullptr, false);
  if (!parsed.is_discarded() && parsed.is_object() && parsed.contains("error")) {
    const auto& e = parsed["error"];
    if (e.is_string()) return e.get<std::string>();
    if (e.is_object() && e.contains("message") && e["message"].is_string()) {
      std::string msg = e["message"].get<std::string>();
      if (e.contains("type") && e["type"].is_string()) msg = e["type"].get<std::string>() + ": " + msg;
      return msg;
    }
  }
  std::string trimmed = body.substr(0, std::min<size_t>(body.size(), 2000));
  std::string lower = trimmed;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char ch) { return std::tolower(ch); });
  if (lower.find("<html") != std::string::npos || lower.find("<!doctype") != std::string::npos)
    return "an HTML page instead of JSON (a proxy or the wrong base_url?)";
  if (trimmed.empty()) return "an empty body";
  std::string line = trimmed.substr(0, trimmed.find('\n'));
  if (line.size() > 160) line = line.substr(0, 160) + "...";
  return "\"" + line + "\"";
}

Error bad_response(const ExchangeContext& c, const std::string& url, const std::string& what, const std::string& body) {
  return Error{ErrorKind::Provider, c.provider + " provider sent an unusable answer: " + what + " (body: " +
                                        api_error_message(body) + ")",
               url, "check base_url points at a " + c.provider + "-compatible API"};
}

Result<HttpResponse> post_with_retry(Transport& transport, HttpRequest request, const RetryPolicy& retry,
                                     const Deadline& deadline, const ExchangeContext& context) {
  const milliseconds per_request = request.timeout;
  std::string last_problem;
  for (int attempt = 1;; ++attempt) {
    milliseconds left = deadline.remaining();
    if (left.count() <= 0)
      return fail(ErrorKind::Provider,
                  context.provider + " provider: out of time" + (last_problem.empty() ? "" : " (last: " + last_problem + ")"),
                  request.url, "raise the hook's timeout, or check that the provider is reachable");
    request.timeout = std::min(per_request, left);
    HttpResponse response = transport.post(request);
    std::optional<milliseconds> server_wait;
    if (response.failure == TransportFailure::None && response.status >= 200 && response.status < 300)
      return response;
    if (response.failure == TransportFailure::Other)
      return fail(ErrorKind::Provider, context.provider + " provider: " + response.failure_text, request.url,
                  "check the provider's base_url");
    if (response.failure == TransportFailure::None) {
      if (!retryable_status(response.status) || (response.status == 429 && is_quota_exhausted(response.body)))
        return std::unexpected(client_error(context, request.url, response.status, response.body));
      last_problem = describe_status(response.status);
      server_wait = parse_retry_after(response.headers);
    } else {
      last_problem = response.failure == TransportFailure::Timeout
                         ? "no answer within " + std::to_string(request.timeout.count()) + " ms"
                         : response.failure_text;
    }
    if (attempt >= retry.max_attempts)
      return fail(ErrorKind::Provider,
                  context.provider + " provider failed after " + std::to_string(attempt) + " attempts: " + last_problem,
                  request.url, "try again later; the hook follows on_error meanwhile");
    milliseconds wait = backoff(retry, attempt);
    if (server_wait) wait = std::max(wait, std::min(*server_wait, retry.max_retry_after));
    if (wait >= deadline.remaining())
      return fail(ErrorKind::Provider,
                  context.provider + " provider: " + last_problem + ", and waiting " + std::to_string(wait.count()) +
                      " ms to retry would pass the run's deadline",
                  request.url, "try again later, or raise the hook's timeout");
    std::this_thread::sleep_for(wait);
  }
}

}  // namespace hookagent::agent
