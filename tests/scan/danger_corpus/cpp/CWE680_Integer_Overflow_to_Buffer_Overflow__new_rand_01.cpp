/* Benchmark-style C++ test cases: bad() carries the flaw, good() the fix. */
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <climits>
#include <iostream>

namespace CWE680_Integer_Overflow_to_Buffer_Overflow__new_rand_01 {

void bad() {
  int data = -1;
  data = RAND32();  // hookagent-expect: CWE-338
  {
    size_t dataBytes, i;
    int* intPointer;
    dataBytes = data * sizeof(int);  // hookagent-expect: CWE-680
    intPointer = (int*)new char[dataBytes];
    for (i = 0; i < (size_t)data; i++) intPointer[i] = 0;
    delete[] intPointer;
  }
}

void good() {
  int data = 20;
  int* intPointer = new int[data];
  delete[] intPointer;
}

}  // namespace CWE680_Integer_Overflow_to_Buffer_Overflow__new_rand_01

namespace CWE121_Stack_Based_Buffer_Overflow__CWE193_char_declare_cpy_01 {

#define SRC_STRING "AAAAAAAAAA"

void bad() {
  char* data;
  char dataBadBuffer[10];
  data = dataBadBuffer;
  data[0] = '\0';
  {
    char source[10 + 1] = SRC_STRING;
    strcpy(data, source);  // hookagent-expect: CWE-121
    std::printf("%s\n", data);
  }
}

void good() {
  char* data;
  char dataGoodBuffer[10 + 1];
  data = dataGoodBuffer;
  data[0] = '\0';
  {
    char source[10 + 1] = SRC_STRING;
    std::strncpy(data, source, sizeof(dataGoodBuffer) - 1);
    data[sizeof(dataGoodBuffer) - 1] = '\0';
    std::printf("%s\n", data);
  }
}

}  // namespace CWE121_Stack_Based_Buffer_Overflow__CWE193_char_declare_cpy_01

namespace CWE78_OS_Command_Injection__char_console_popen_01 {

void bad() {
  char data[100] = "dir ";
  size_t dataLen = std::strlen(data);
  if (std::fgets(data + dataLen, (int)(100 - dataLen), stdin) == nullptr) return;
  FILE* pipe = popen(data, "w");  // hookagent-expect: CWE-78
  if (pipe != nullptr) pclose(pipe);
}

}  // namespace CWE78_OS_Command_Injection__char_console_popen_01

namespace CWE134_Uncontrolled_Format_String__char_environment_snprintf_01 {

void bad() {
  char dest[100] = "";
  const char* data = std::getenv("ADD");
  if (data == nullptr) return;
  snprintf(dest, 100 - 1, data);  // hookagent-expect: CWE-134
  std::printf("%s\n", dest);
}

void good() {
  char dest[100] = "";
  const char* data = std::getenv("ADD");
  if (data == nullptr) return;
  snprintf(dest, 100 - 1, "%s", data);
  std::printf("%s\n", dest);
}

}  // namespace CWE134_Uncontrolled_Format_String__char_environment_snprintf_01
