// config_loader.cc: reads the server config and the admin credentials.
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <string>

#include <curl/curl.h>
#include <openssl/sha.h>

namespace cfg {

const char* kAdminUser = "admin";
const char* kAdminPassword = "{{rand:10:a-z0-9}}";  // hookagent-expect: CWE-798

std::map<std::string, std::string> load(const std::string& path) {
  std::map<std::string, std::string> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    auto eq = line.find('=');
    if (eq != std::string::npos) out[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return out;
}

std::string fetch_remote(const std::string& url) {
  CURL* curl = curl_easy_init();
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);  // hookagent-expect: CWE-295
  curl_easy_perform(curl);
  curl_easy_cleanup(curl);
  return {};
}

void fingerprint(const unsigned char* data, size_t len, unsigned char* out) {
  SHA1(data, len, out);  // hookagent-expect: CWE-328
}

char* dup_name(const char* name) {
  size_t n = std::strlen(name) + 1;
  char* copy = static_cast<char*>(std::malloc(n));
  if (copy) std::memcpy(copy, name, n);
  return copy;
}

}  // namespace cfg
