// session.cpp: session store and request handling for the game server.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <sqlite3.h>

namespace game {

class SessionStore {
 public:
  explicit SessionStore(sqlite3* db) : db_(db) {}

  std::string new_session_id() {
    std::mt19937 gen(static_cast<unsigned>(std::time(nullptr)));  // hookagent-expect: CWE-338
    std::uniform_int_distribution<int> dist(0, 15);
    std::string id;
    for (int i = 0; i < 32; ++i) id += "0123456789abcdef"[dist(gen)];
    return id;
  }

  std::string new_session_id_safe() {
    std::random_device rd;
    std::ostringstream out;
    for (int i = 0; i < 4; ++i) out << std::hex << rd();
    return out.str();
  }

  int roll_dice() { return std::rand() % 6 + 1; }  // hookagent-expect: CWE-338

  bool load_player(const std::string& name) {
    std::string sql = "SELECT * FROM players WHERE name = '" + name + "'";  // hookagent-expect: CWE-89
    char* err = nullptr;
    return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) == SQLITE_OK;
  }

  bool load_player_safe(const std::string& name) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, "SELECT * FROM players WHERE name = ?", -1, &stmt, nullptr) != SQLITE_OK) return false;
    sqlite3_bind_text(stmt, 1, name.c_str(), -1, SQLITE_TRANSIENT);
    bool found = sqlite3_step(stmt) == SQLITE_ROW;
    sqlite3_finalize(stmt);
    return found;
  }

 private:
  sqlite3* db_;
};

struct Packet {
  uint32_t count;
  uint32_t size;
  const char* payload;
};

char* copy_payload(const Packet& p) {
  char* out = new char[p.count * p.size];  // hookagent-expect: CWE-680
  std::memcpy(out, p.payload, p.count * p.size);
  return out;
}

std::vector<char> copy_payload_safe(const Packet& p) {
  if (p.size != 0 && p.count > SIZE_MAX / p.size) return {};
  return std::vector<char>(p.payload, p.payload + static_cast<size_t>(p.count) * p.size);
}

void set_nick(char* dest, const char* nick) {
  char tmp[24];
  std::strcpy(tmp, nick);  // hookagent-expect: CWE-121
  std::strncpy(dest, tmp, 23);
}

void chat_line(const std::string& who, const std::string& text) {
  char line[128];
  std::sprintf(line, "<%s> %s", who.c_str(), text.c_str());  // hookagent-expect: CWE-120
  std::puts(line);
}

void chat_line_safe(const std::string& who, const std::string& text) {
  std::string line = "<" + who + "> " + text;
  std::cout << line << '\n';
}

void debug_log(const char* msg) {
  std::printf(msg);  // hookagent-expect: CWE-134
}

void restart_service(const std::string& name) {
  std::string cmd = "systemctl restart " + name;
  std::system(cmd.c_str());  // hookagent-expect: CWE-78
}

void save_replay(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary);
  out << data;
}

}  // namespace game
