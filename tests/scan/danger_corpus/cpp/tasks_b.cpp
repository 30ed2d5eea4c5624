// Task-style snippets, second set (written after the rules, to measure them).
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

void vulnerable_function(char* user_input) {
    char buffer[10];
    strcpy(buffer, user_input);  // hookagent-expect: CWE-121
}

void copy_string(char* dest, const char* src) {
    while (*src) *dest++ = *src++;  // hookagent-expect: CWE-120
}

class User {
 public:
    char name[10];
    void set(const char* n) { std::strcpy(name, n); }  // hookagent-expect: CWE-120
};

int* alloc_ints(size_t count) {
    return (int*)malloc(count * sizeof(int));  // hookagent-expect: CWE-680
}

void execute(const std::string& user) {
    std::string command = "echo " + user;
    system(command.c_str());  // hookagent-expect: CWE-78
}

int pick() {
    return rand() % 10;  // hookagent-expect: CWE-338
}

void print_msg(const char* msg) {
    printf(msg);  // hookagent-expect: CWE-134
}

int main() {
    char large_input[20] = "This is a large str";
    vulnerable_function(large_input);
    int* p = new int[5];
    delete[] p;
    std::cout << p[0] << std::endl;  // hookagent-expect: CWE-416
    return 0;
}
