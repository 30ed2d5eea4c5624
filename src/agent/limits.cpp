#include "agent/limits.hpp"

#include <array>

namespace hookagent::agent {

std::chrono::milliseconds Deadline::remaining() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(end_ - Clock::now());
}

namespace {

struct FamilyPrice {
  std::string_view prefix;  // matched against the start of the model name
  ModelPrice price;
};

// USD per million tokens, from the providers' published price lists
// (Anthropic: cache writes 1.25x input, cache reads 0.1x input). Longest
// prefixes first so that "claude-opus-4-5" does not match "claude-opus-4".
// An unknown model has no price and the budget falls back to tokens.
constexpr std::array kPrices = {
    FamilyPrice{"claude-opus-4-5", {5.0, 25.0, 6.25, 0.50}},
    FamilyPrice{"claude-opus-4-6", {5.0, 25.0, 6.25, 0.50}},
    FamilyPrice{"claude-opus-4", {15.0, 75.0, 18.75, 1.50}},
    FamilyPrice{"claude-sonnet-4", {3.0, 15.0, 3.75, 0.30}},
    FamilyPrice{"claude-3-7-sonnet", {3.0, 15.0, 3.75, 0.30}},
    FamilyPrice{"claude-3-5-sonnet", {3.0, 15.0, 3.75, 0.30}},
    FamilyPrice{"claude-haiku-4", {1.0, 5.0, 1.25, 0.10}},
    FamilyPrice{"claude-3-5-haiku", {0.80, 4.0, 1.0, 0.08}},
    FamilyPrice{"claude-3-haiku", {0.25, 1.25, 0.30, 0.03}},
    FamilyPrice{"gpt-4o-mini", {0.15, 0.60, 0.0, 0.075}},
    FamilyPrice{"gpt-4o", {2.50, 10.0, 0.0, 1.25}},
    FamilyPrice{"gpt-4.1-nano", {0.10, 0.40, 0.0, 0.025}},
    FamilyPrice{"gpt-4.1-mini", {0.40, 1.60, 0.0, 0.10}},
    FamilyPrice{"gpt-4.1", {2.0, 8.0, 0.0, 0.50}},
};

}  // namespace

std::optional<ModelPrice> price_for_model(std::string_view model) {
  // OpenRouter names models "vendor/model"; price by the model part.
  if (auto slash = model.rfind('/'); slash != std::string_view::npos) model = model.substr(slash + 1);
  for (const auto& f : kPrices)
    if (model.starts_with(f.prefix)) return f.price;
  return std::nullopt;
}

double cost_usd(const ModelPrice& p, const Usage& u) {
  return (static_cast<double>(u.input_tokens) * p.input + static_cast<double>(u.output_tokens) * p.output +
          static_cast<double>(u.cache_write_tokens) * p.cache_write +
          static_cast<double>(u.cache_read_tokens) * p.cache_read) /
         1e6;
}

}  // namespace hookagent::agent
