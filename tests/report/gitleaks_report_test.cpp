#include <catch2/catch.hpp>
#include <sstream>

#include "report/csv_sink.hpp"
#include "report/gitleaks_fields.hpp"
#include "report/gitleaks_json_sink.hpp"
#include "report/sink_samples.hpp"

using namespace hookagent;
using namespace hookagent::test;

namespace {

// A finding whose text holds every character a report format has to escape.
Finding awkward_finding() {
  Finding f = tls_finding();
  f.file = "dir, with \"quotes\"/a.py";
  f.message = "line one\nline two, with \"quotes\" and <&>";
  f.excerpt = "x = \"tkn_****\", y";
  return f;
}

void run_sink(Sink& sink, const std::vector<Finding>& findings) {
  for (auto& f : findings) sink.finding(f);
  sink.finish(blocked_summary());
}

}  // namespace

TEST_CASE("the gitleaks fingerprint is commit:file:rule:line, or file:rule:line without a commit") {
  CHECK(gitleaks_fingerprint(key_finding()) == "src/settings.py:aws-access-key:12");
  CHECK(gitleaks_fingerprint(agent_finding()) ==
        "0123456789abcdef0123456789abcdef01234567:src/settings.py:code-review:3");
}

TEST_CASE("the masked secret is read back from the excerpt, never more than its mask") {
  CHECK(masked_secret(key_finding()) == "AKIA****");
  Finding f = tls_finding();
  CHECK(masked_secret(f).empty());  // nothing masked: a code rule has no secret
  f.excerpt = "password = \"****\"";  // a short secret is masked whole
  CHECK(masked_secret(f) == "****");
  f.excerpt = "token: tkn_****, next";
  CHECK(masked_secret(f) == "tkn_****");
}

TEST_CASE("gitleaks-json is an array of objects with gitleaks' field names") {
  std::ostringstream out;
  GitleaksJsonSink sink(out);
  run_sink(sink, {key_finding(), agent_finding()});
  auto doc = nlohmann::json::parse(out.str());
  REQUIRE(doc.is_array());
  REQUIRE(doc.size() == 2);
  const auto& j = doc[0];
  CHECK(j.size() == 18);
  for (const char* field : {"Description", "StartLine", "EndLine", "StartColumn", "EndColumn", "Match", "Secret",
                            "File", "SymlinkFile", "Commit", "Entropy", "Author", "Email", "Date", "Message", "Tags",
                            "RuleID", "Fingerprint"})
    CHECK(j.contains(field));
  CHECK(j["Description"] == "AWS access key ID");
  CHECK(j["RuleID"] == "aws-access-key");
  CHECK(j["File"] == "src/settings.py");
  CHECK(j["StartLine"] == 12);
  CHECK(j["EndLine"] == 12);
  CHECK(j["StartColumn"] == 9);
  CHECK(j["EndColumn"] == 0);
  CHECK(j["Match"] == key_finding().excerpt);
  CHECK(j["Secret"] == "AKIA****");
  CHECK(j["Commit"] == "");
  CHECK(j["Author"] == "");
  CHECK(j["Entropy"] == 0);
  CHECK(j["Tags"].is_array());
  CHECK(j["Fingerprint"] == "src/settings.py:aws-access-key:12");
  CHECK(doc[1]["Commit"] == agent_finding().commit);
  CHECK(doc[1]["Fingerprint"] == agent_finding().commit + ":src/settings.py:code-review:3");
  CHECK(doc[1]["Secret"] == "");
}

TEST_CASE("gitleaks-json of a clean run is an empty array, and escapes what JSON must") {
  std::ostringstream empty;
  GitleaksJsonSink clean(empty);
  clean.finish(RunSummary{});
  CHECK(nlohmann::json::parse(empty.str()) == nlohmann::json::array());

  std::ostringstream out;
  GitleaksJsonSink sink(out);
  run_sink(sink, {awkward_finding()});
  auto doc = nlohmann::json::parse(out.str());
  CHECK(doc[0]["Description"] == awkward_finding().message);
  CHECK(doc[0]["File"] == awkward_finding().file);
  CHECK(doc[0]["Secret"] == "tkn_****");
}

TEST_CASE("csv quotes fields as RFC 4180 says") {
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("") == "");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("two\nlines") == "\"two\nlines\"");
  CHECK(csv_field("cr\rhere") == "\"cr\rhere\"");
  CHECK(csv_field("<&>") == "<&>");
}

TEST_CASE("csv has gitleaks' header and one row per finding, in gitleaks' column order") {
  std::ostringstream out;
  CsvSink sink(out);
  run_sink(sink, {key_finding(), tls_finding()});
  const std::string expected =
      "RuleID,Commit,File,SymlinkFile,Secret,Match,StartLine,EndLine,StartColumn,EndColumn,"
      "Author,Message,Date,Email,Fingerprint,Tags\n"
      "aws-access-key,,src/settings.py,,AKIA****,\"aws_key = \"\"AKIA" + std::string(16, '*') +
      "\"\"\",12,12,9,0,,,,,src/settings.py:aws-access-key:12,\n"
      "python-tls-verify-disabled,,src/client.py,,,\"requests.get(url, verify=False)\",40,40,30,0,,,,,"
      "src/client.py:python-tls-verify-disabled:40,\n";
  CHECK(out.str() == expected);
}

TEST_CASE("csv of a clean run is the header alone; awkward paths and excerpts are quoted") {
  std::ostringstream empty;
  CsvSink clean(empty);
  clean.finish(RunSummary{});
  CHECK(empty.str() ==
        "RuleID,Commit,File,SymlinkFile,Secret,Match,StartLine,EndLine,StartColumn,EndColumn,"
        "Author,Message,Date,Email,Fingerprint,Tags\n");

  std::ostringstream out;
  CsvSink sink(out);
  run_sink(sink, {awkward_finding()});
  const std::string text = out.str();
  CHECK(text.find("\"dir, with \"\"quotes\"\"/a.py\"") != std::string::npos);
  CHECK(text.find("\"x = \"\"tkn_****\"\", y\"") != std::string::npos);
  CHECK(text.find("\"dir, with \"\"quotes\"\"/a.py:python-tls-verify-disabled:40\"") != std::string::npos);
}

TEST_CASE("gitleaks-json writes the fields in gitleaks' order") {
  std::ostringstream out;
  GitleaksJsonSink sink(out);
  run_sink(sink, {key_finding()});
  std::vector<std::string> keys;
  const auto doc = nlohmann::ordered_json::parse(out.str());
  for (auto& [key, value] : doc[0].items()) keys.push_back(key);
  CHECK(keys == std::vector<std::string>{"Description", "StartLine", "EndLine", "StartColumn", "EndColumn", "Match",
                                         "Secret", "File", "SymlinkFile", "Commit", "Entropy", "Author", "Email", "Date",
                                         "Message", "Tags", "RuleID", "Fingerprint"});
}

TEST_CASE("neither gitleaks report shows more of a secret than the mask's first 4 characters") {
  std::ostringstream json_out, csv_out;
  GitleaksJsonSink json_sink(json_out);
  CsvSink csv_sink(csv_out);
  run_sink(json_sink, {key_finding()});
  run_sink(csv_sink, {key_finding()});
  for (const std::string& text : {json_out.str(), csv_out.str()}) {
    INFO(text);
    std::size_t seen = 0;
    for (auto at = text.find("AKIA"); at != std::string::npos; at = text.find("AKIA", at + 4), ++seen)
      CHECK(text.compare(at + 4, 4, "****") == 0);
    CHECK(seen == 2);  // Secret and Match
  }
}
