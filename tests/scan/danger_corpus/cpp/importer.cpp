// importer.cpp: imports level files and user profiles.
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <openssl/md5.h>

namespace importer {

struct Header {
  uint16_t width;
  uint16_t height;
  uint32_t tiles;
};

xmlDocPtr parse_profile(const char* data, int len) {
  return xmlReadMemory(data, len, "profile.xml", nullptr, XML_PARSE_NOENT | XML_PARSE_DTDLOAD);  // hookagent-expect: CWE-611
}

xmlDocPtr parse_profile_safe(const char* data, int len) {
  return xmlReadMemory(data, len, "profile.xml", nullptr, XML_PARSE_NONET);
}

xmlXPathObjectPtr find_player(xmlXPathContextPtr ctx, const std::string& name) {
  std::string expr = "//player[@name='" + name + "']";  // hookagent-expect: CWE-643
  return xmlXPathEvalExpression(reinterpret_cast<const xmlChar*>(expr.c_str()), ctx);
}

uint32_t* load_tiles(FILE* f, const Header& h) {
  uint32_t* tiles = static_cast<uint32_t*>(malloc(h.width * h.height * sizeof(uint32_t)));  // hookagent-expect: CWE-680
  if (tiles == nullptr) return nullptr;
  fread(tiles, sizeof(uint32_t), static_cast<size_t>(h.width) * h.height, f);
  return tiles;
}

void read_command() {
  char word[32];
  std::cin >> word;  // hookagent-expect: CWE-120
  std::cout << word << '\n';
}

void read_command_safe() {
  std::string word;
  std::cin >> word;
  std::cout << word << '\n';
}

void copy_name(const char* packet, size_t packet_len) {
  char name[16];
  memcpy(name, packet, packet_len);  // hookagent-expect: CWE-121
  name[15] = '\0';
  std::puts(name);
}

void copy_name_safe(const char* packet, size_t packet_len) {
  char name[16];
  size_t n = packet_len < sizeof(name) - 1 ? packet_len : sizeof(name) - 1;
  memcpy(name, packet, n);
  name[n] = '\0';
  std::puts(name);
}

void open_editor(const char* file) {
  std::string cmd = std::string(std::getenv("EDITOR")) + " " + file;
  system(cmd.c_str());  // hookagent-expect: CWE-78
}

void share_saves(const char* dir) {
  mkdir(dir, 0777);  // hookagent-expect: CWE-732
}

std::string checksum(const unsigned char* data, size_t len) {
  unsigned char digest[MD5_DIGEST_LENGTH];
  MD5(data, len, digest);  // hookagent-expect: CWE-328
  return std::string(reinterpret_cast<char*>(digest), sizeof(digest));
}

int spawn_seed() {
  srand(42);  // hookagent-expect: CWE-330
  return rand();  // hookagent-expect: CWE-338
}

}  // namespace importer
