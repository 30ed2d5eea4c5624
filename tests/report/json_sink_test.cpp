#include <catch2/catch.hpp>
#include <sstream>

#include "report/json_sink.hpp"
#include "report/sink_samples.hpp"

using namespace hookagent;
using namespace hookagent::test;

TEST_CASE("the JSON document holds every finding field and the summary, and parses back") {
  std::ostringstream out;
  JsonSink sink(out);
  std::vector<Finding> input{key_finding(), agent_finding()};
  for (auto& f : input) sink.finding(f);
  sink.finish(blocked_summary());

  auto doc = nlohmann::json::parse(out.str());
  REQUIRE(doc["findings"].size() == 2);
  auto& j = doc["findings"][0];
  CHECK(j["rule_id"] == "aws-access-key");
  CHECK(j["severity"] == "critical");
  CHECK(j["file"] == "src/settings.py");
  CHECK(j["line"] == 12);
  CHECK(j["column"] == 9);
  CHECK(j["cwe"] == "CWE-798");
  CHECK(j["source"] == "rules");
  CHECK(j.size() == 16);
  CHECK(doc["findings"][1]["source"] == "agent");
  CHECK(doc["summary"]["blocked"] == true);
  CHECK(doc["summary"]["block_threshold"] == "high");
  CHECK(doc["summary"]["findings"] == 2);
  CHECK(doc["summary"]["notes"][0] == "skipped assets/logo.png: binary");

  for (std::size_t i = 0; i < input.size(); ++i) {
    auto back = finding_from_json(doc["findings"][i]);
    REQUIRE(back);
    CHECK(back->rule_id == input[i].rule_id);
    CHECK(back->severity == input[i].severity);
    CHECK(back->line == input[i].line);
    CHECK(back->column == input[i].column);
    CHECK(back->excerpt == input[i].excerpt);
    CHECK(back->fingerprint == input[i].fingerprint);
    CHECK(back->source == input[i].source);
    CHECK(back->commit == input[i].commit);
    CHECK(back->confidence == Approx(input[i].confidence));
  }
}

TEST_CASE("an empty run is still one valid document") {
  std::ostringstream out;
  JsonSink sink(out, false);
  sink.finish(RunSummary{});
  auto doc = nlohmann::json::parse(out.str());
  CHECK(doc["findings"].is_array());
  CHECK(doc["findings"].empty());
  CHECK(doc["summary"]["blocked"] == false);
  CHECK(out.str().find('\n') == out.str().size() - 1);
}

TEST_CASE("invalid UTF-8 in an excerpt does not break the document") {
  Finding f = tls_finding();
  f.excerpt = std::string("bad \xff\xfe bytes");
  std::ostringstream out;
  JsonSink sink(out);
  sink.finding(f);
  sink.finish(RunSummary{});
  auto doc = nlohmann::json::parse(out.str());
  CHECK(doc["findings"][0]["excerpt"].get<std::string>().find("bytes") != std::string::npos);
}

TEST_CASE("finding_from_json rejects a bad severity and wrong types") {
  CHECK_FALSE(finding_from_json(nlohmann::json{{"severity", "extreme"}}));
  CHECK_FALSE(finding_from_json(nlohmann::json{{"line", "twelve"}}));
  CHECK_FALSE(finding_from_json(nlohmann::json::array()));
}
