#include <catch2/catch.hpp>
#include <sstream>

#include "report/junit_sink.hpp"
#include "report/sink_samples.hpp"

using namespace hookagent;
using namespace hookagent::test;

namespace {

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

}  // namespace

TEST_CASE("xml_escape escapes markup and drops control bytes XML cannot hold") {
  CHECK(xml_escape("a<b>&\"c\"'d'") == "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;");
  CHECK(xml_escape(std::string("bell\x07 tab\t nl\n cr\r", 18)) == "bell? tab&#9; nl&#10; cr&#13;");
}

TEST_CASE("junit: one failing testcase per finding, inside testsuites > testsuite") {
  std::ostringstream out;
  JunitSink sink(out);
  sink.finding(key_finding());
  sink.finding(tls_finding());
  sink.finish(blocked_summary());
  const std::string xml = out.str();
  CHECK(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"hookagent\" tests=\"2\" failures=\"2\">\n"
                  "  <testsuite name=\"hookagent\" tests=\"2\" failures=\"2\"",
                  0) == 0);
  CHECK(count_of(xml, "<testcase ") == 2);
  CHECK(count_of(xml, "<failure ") == 2);
  CHECK(count_of(xml, "</failure>") == 2);
  CHECK(xml.find("<failure message=\"src/settings.py:12: aws-access-key: AWS access key ID\" type=\"critical\">") !=
        std::string::npos);
  // The masked excerpt, escaped; the notes go to system-out.
  CHECK(xml.find("excerpt: aws_key = &quot;AKIA****") != std::string::npos);
  CHECK(xml.find("<system-out>skipped assets/logo.png: binary\n</system-out>") != std::string::npos);
  CHECK(xml.ends_with("</system-out>\n  </testsuite>\n</testsuites>\n"));
}

TEST_CASE("junit: a run with no findings is one passing testcase") {
  std::ostringstream out;
  JunitSink sink(out);
  RunSummary summary;
  summary.scope = "staged changes";
  sink.finish(summary);
  const std::string xml = out.str();
  CHECK(xml.find("tests=\"1\" failures=\"0\"") != std::string::npos);
  CHECK(count_of(xml, "<testcase ") == 1);
  CHECK(xml.find("<testcase classname=\"hookagent\" name=\"no findings in staged changes\"/>") != std::string::npos);
  CHECK(xml.find("<failure") == std::string::npos);
}

TEST_CASE("junit escapes <&>, quotes and newlines in every attribute and body") {
  // A secret masked in the excerpt stays masked; nothing else in a Finding holds it.
  Finding f = tls_finding();
  f.file = "a<b>&\"c\".py";
  f.message = "uses <script> & \"eval\"\nsecond line";
  f.excerpt = "if a < b && c > d: eval(\"x\")";
  std::ostringstream out;
  JunitSink sink(out);
  sink.finding(f);
  sink.finish(RunSummary{});
  const std::string xml = out.str();
  CHECK(xml.find("<script>") == std::string::npos);
  CHECK(xml.find("a<b>") == std::string::npos);
  CHECK(xml.find("classname=\"a&lt;b&gt;&amp;&quot;c&quot;.py\"") != std::string::npos);
  CHECK(xml.find("message=\"a&lt;b&gt;&amp;&quot;c&quot;.py:40: python-tls-verify-disabled: uses &lt;script&gt; &amp; "
                 "&quot;eval&quot;&#10;second line\"") != std::string::npos);
  CHECK(xml.find("excerpt: if a &lt; b &amp;&amp; c &gt; d: eval(&quot;x&quot;)") != std::string::npos);
}
