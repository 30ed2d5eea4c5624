// Files on disk: streaming, binary and NUL files, hostile input that must stay
// linear (asserted by completion and correct results, not by time).
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <tuple>

#include "scan/path_walk.hpp"
#include "scan_test_support.hpp"
#include "support/temp_dir.hpp"

using namespace hookagent;
using namespace hookagent::scan;
using namespace hookagent::scan::testing;
namespace fs = std::filesystem;

namespace {

// 64 KB chunks with 4 KB of overlap: chunk boundaries within a test file's reach.
ScanOptions small_chunks() {
  ScanOptions o;
  o.chunk_size = 64 * 1024;
  o.overlap = 4 * 1024;
  return o;
}

// A multi-line rule (a key block of 12 lines) and one block it matches.
const char* kBlockRule = R"TOML(
[[rules]]
id = "test-block"
description = "Test block"
regex = '''BEGIN TEST BLOCK\n(?:[A-Za-z0-9]{40}\n){10}END TEST BLOCK'''
keywords = ["begin test block"]
)TOML";

std::string test_block() {
  std::string block = "BEGIN TEST BLOCK\n";
  for (int i = 0; i < 10; ++i) block += std::string(40, static_cast<char>('a' + i)) + "\n";
  return block + "END TEST BLOCK\n";
}

}  // namespace

TEST_CASE("a file larger than the chunk streams with correct line numbers", "[files]") {
  ScanOptions small;
  small.chunk_size = 64 * 1024;
  small.overlap = 4 * 1024;
  Scanner s = test_scanner("", small);
  test::TempDir dir;
  std::string a = fake_token(1), b = fake_token(2), c = fake_token(3);
  {
    std::ofstream out(dir / "big.txt");
    for (int i = 1; i <= 20000; ++i) {
      if (i == 5) out << "k = " << a << "\n";
      else if (i == 12345) out << "k = " << b << "\n";
      else if (i == 20000) out << c;  // last line, no newline
      else out << "line " << i << " of filler text for the streaming test\n";
    }
  }
  auto o = s.scan_file(dir / "big.txt", TextContext{"big.txt", "", nullptr});
  REQUIRE_FALSE(o.skipped);
  REQUIRE(o.findings.size() == 3);
  CHECK(o.findings[0].line == 5);
  CHECK(o.findings[1].line == 12345);
  CHECK(o.findings[2].line == 20000);
}

TEST_CASE("a line longer than the chunk is scanned in overlapping pieces", "[files]") {
  ScanOptions small;
  small.chunk_size = 64 * 1024;
  small.overlap = 4 * 1024;
  Scanner s = test_scanner("", small);
  test::TempDir dir;
  std::string tok = fake_token(4);
  std::string line(300 * 1024, 'x');
  // One token right across the first chunk boundary, one far inside.
  line.replace(64 * 1024 - 10, tok.size() + 2, " " + tok + " ");
  line.replace(200 * 1024, tok.size() + 2, " " + tok + " ");
  test::write_file(dir / "min.js", "// header\n" + line + "\n");
  auto o = s.scan_file(dir / "min.js", TextContext{"min.js", "", nullptr});
  REQUIRE(o.findings.size() == 2);  // each found once, none twice
  CHECK(o.findings[0].line == 2);
  CHECK(o.findings[1].line == 2);
  CHECK(o.findings[0].excerpt.size() < 300);
}

TEST_CASE("a multi-line match that starts in a chunk's last lines is found once, on its line", "[files]") {
  // A key block of 12 lines, placed at every distance from the end of the
  // first chunk's buffer: it used to be lost when it began on the chunk's
  // last complete lines (the next chunk saw it only as carried context).
  const ScanOptions small = small_chunks();
  Scanner s = test_scanner(kBlockRule, small);
  const std::string block = test_block();
  const std::string filler = "filler line of the chunk boundary test\n";  // 39 bytes
  const std::size_t buffer_end = small.chunk_size + small.overlap;
  for (std::size_t before : {30u, 200u, 450u, 600u, 2000u, 4200u, 5000u}) {
    test::TempDir dir;
    std::string text;
    int lines = 0;
    while (text.size() + filler.size() <= buffer_end - before) text += filler, ++lines;
    text += std::string(buffer_end - before - text.size() - 1, 'y') + "\n";
    ++lines;
    text += block;
    for (int i = 0; i < 3000; ++i) text += filler;
    test::write_file(dir / "big.txt", text);
    auto o = s.scan_file(dir / "big.txt", TextContext{"big.txt", "", nullptr});
    INFO("block starts " << before << " bytes before the first buffer's end");
    REQUIRE(o.findings.size() == 1);
    CHECK(o.findings[0].line == lines + 1);
  }
}

TEST_CASE("one large file split across threads finds what one thread finds, on the same lines", "[files]") {
  const ScanOptions small = small_chunks();
  Scanner s = test_scanner(kBlockRule, small);
  const std::string block = test_block();
  // Tokens and key blocks everywhere, many of them just before a 64 KB cut;
  // lines longer than the overlap now and then, so some cuts fall mid-line.
  std::string text;
  uint64_t seed = 7, planted = 0;
  auto next = [&] { return seed = seed * 6364136223846793005ull + 1442695040888963407ull, seed >> 33; };
  while (text.size() < 1536 * 1024) {
    const std::size_t to_cut = small.chunk_size - text.size() % small.chunk_size;
    const uint64_t r = next() % 100;
    if (to_cut < 700 && r < 50) {
      text += block;
      ++planted;
    } else if (r < 2) {
      text += "k = " + fake_token(next()) + "\n";
      ++planted;
    } else if (r < 3) {
      text += std::string(5000 + next() % 20000, 'q') + " " + fake_token(next()) + "\n";
      ++planted;
    } else {
      text += "filler " + std::string(next() % 120, 'f') + "\n";
    }
  }
  test::TempDir dir;
  test::write_file(dir / "big.txt", text);
  REQUIRE(text.size() >= s.split_file_bytes());
  auto rows = [](const FileOutcome& o) {
    std::vector<std::tuple<int, int, std::string>> r;
    for (const auto& f : o.findings) r.emplace_back(f.line, f.column, f.rule_id);
    std::sort(r.begin(), r.end());
    return r;
  };
  TextContext ctx{"big.txt", "", nullptr};
  auto one = rows(s.scan_file(dir / "big.txt", ctx));
  CHECK(one.size() == planted);
  // Columns too, on lines that cross a chunk's cut: counted from the line's start.
  std::vector<std::tuple<int, int, std::string>> expected;
  int line = 1;
  for (std::size_t at = 0, line_start = 0; at < text.size(); ++at) {
    if (text[at] == '\n') {
      ++line;
      line_start = at + 1;
    } else if (text.compare(at, 4, "tkn_") == 0) {
      expected.emplace_back(line, static_cast<int>(at - line_start) + 1, "test-token");
    } else if (text.compare(at, 16, "BEGIN TEST BLOCK") == 0) {
      expected.emplace_back(line, 1, "test-block");
    }
  }
  std::sort(expected.begin(), expected.end());
  CHECK(one == expected);
  CHECK(rows(s.scan_file_split(dir / "big.txt", ctx, 2)) == one);
  CHECK(rows(s.scan_file_split(dir / "big.txt", ctx, 5)) == one);
}

TEST_CASE("binary and NUL files are skipped with a reason", "[files]") {
  Scanner s = test_scanner();
  test::TempDir dir;
  test::write_file(dir / "zeros.bin", std::string(10000, '\0'));
  auto o = s.scan_file(dir / "zeros.bin", TextContext{"zeros.bin", "", nullptr});
  CHECK(o.skipped);
  CHECK_THAT(o.note, Catch::Contains("binary"));
}

TEST_CASE("unreadable and vanished files are skipped with a reason", "[files]") {
  Scanner s = test_scanner();
  test::TempDir dir;
  auto gone = s.scan_file(dir / "gone.txt", TextContext{"gone.txt", "", nullptr});
  CHECK(gone.skipped);
  CHECK_THAT(gone.note, Catch::Contains("vanished"));
  if (geteuid() != 0) {
    test::write_file(dir / "locked.txt", fake_token());
    fs::permissions(dir / "locked.txt", fs::perms::none);
    auto locked = s.scan_file(dir / "locked.txt", TextContext{"locked.txt", "", nullptr});
    CHECK(locked.skipped);
    CHECK_THAT(locked.note, Catch::Contains("unreadable"));
  }
}

TEST_CASE("hostile input: a 10 MB line of 'a's completes and finds what is there", "[files][hostile]") {
  Scanner s = test_scanner(R"(
[[rules]]
id = "runs-of-a"
regex = '''a{8}'''
[[rules]]
id = "greedy"
regex = '''(a+)+b'''
)");
  std::string text(10 * 1024 * 1024, 'a');
  std::string tok = fake_token(5);
  text += " " + tok + "\n";
  auto f = s.scan_text(text, TextContext{"a.txt", "", nullptr});
  int runs = 0, tokens = 0;
  for (const auto& one : f) {
    runs += one.rule_id == "runs-of-a";
    tokens += one.rule_id == "test-token";
    CHECK(one.excerpt.size() < 400);
  }
  CHECK(tokens == 1);
  CHECK(runs > 0);
  CHECK(runs <= 100);  // capped per rule and fragment
}

TEST_CASE("hostile input: deeply nested brackets and catastrophic patterns are linear", "[files][hostile]") {
  Scanner s = test_scanner(R"(
[[rules]]
id = "nested"
regex = '''\((?:[^()]|\([^()]*\))*\)'''
[[rules]]
id = "catastrophic"
regex = '''^(a|a?)+$|(x+x+)+y|(.*a){12}'''
)");
  std::string nested(2 * 1024 * 1024, '(');
  nested += std::string(2 * 1024 * 1024, ')');
  auto f1 = s.scan_text(nested, TextContext{"n.txt", "", nullptr});
  CHECK(f1.size() <= 100);
  std::string xs(1024 * 1024, 'x');
  auto f2 = s.scan_text(xs + "\n", TextContext{"x.txt", "", nullptr});
  CHECK(f2.empty());
}

TEST_CASE("the walk skips a symlink loop and a symlinked directory, and continues", "[files]") {
  test::TempDir dir;
  fs::create_directories(dir / "tree/sub");
  test::write_file(dir / "tree/sub/a.txt", "hello");
  test::write_file(dir / "tree/b.txt", "world");
  fs::create_symlink("loop2", dir / "tree/loop1");
  fs::create_symlink("loop1", dir / "tree/loop2");
  fs::create_directory_symlink("..", dir / "tree/sub/up");
  auto w = walk_paths({dir / "tree"}, nullptr, {});
  REQUIRE(w.files.size() == 2);
  CHECK(w.skipped == 3);
  bool loop_noted = false;
  for (const auto& n : w.notes) loop_noted = loop_noted || n.find("symlink loop") != std::string::npos;
  CHECK(loop_noted);
}
