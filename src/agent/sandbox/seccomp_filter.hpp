#pragma once
// A seccomp-bpf program beside Landlock: Landlock (ABI 7) governs files and
// TCP, not UDP, raw or UNIX sockets, nor io_uring (whose socket operations
// pass around seccomp). So socket() is refused (an agent CLI keeps IPv4/IPv6
// and netlink for its API), and the calls that could reach past the sandbox
// (ptrace, namespaces, bpf, keyrings, io_uring, ...) fail with EPERM.
#include <cstdint>
#include <vector>

namespace hookagent::agent::seccomp {

struct FilterOptions {
  bool allow_inet_sockets = false;  // an agent CLI's API connection (IPv4/IPv6, netlink for the resolver)
  bool deny_truncate = false;       // Landlock ABI < 3 does not govern truncate(2) by path
};

// struct sock_filter[] as bytes; empty on an architecture we do not know
// (Landlock still holds there, sockets stay open: doctor says so).
std::vector<uint8_t> build_program(const FilterOptions& options);

// Child side: install the program (needs no_new_privs set).
int install(const std::vector<uint8_t>& program) noexcept;

}  // namespace hookagent::agent::seccomp
