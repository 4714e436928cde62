#pragma once
// The command-line tools of the kind path (kind, kubectl), run with an argv (never a shell), with a
// time limit, their output captured.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace rwchaos::harness {

// The full path of `program` found on $PATH, or empty.
std::string find_on_path(const std::string& program);

struct ToolResult {
  int exit_code = -1;      // exit status; 128+signal when killed; -1 when it could not start
  bool timed_out = false;  // killed because it ran past the limit
  std::string output;      // stdout and stderr, interleaved, at most 1 MiB
  std::string error;       // why it could not start
  bool ok() const { return exit_code == 0 && !timed_out; }
};

// Runs argv[0] (looked up on $PATH when it has no '/') and waits up to `limit`, then SIGKILLs it.
ToolResult run_tool(const std::vector<std::string>& argv, std::chrono::milliseconds limit,
                    const std::string& stdin_text = {});

// "kind not found: install kind or run with --env local" when kind or kubectl is missing; empty when
// both are on $PATH.
std::string missing_kind_tools();

// "kubectl -n rwchaos get pods" style text of argv, for error messages.
std::string describe_argv(const std::vector<std::string>& argv);

}  // namespace rwchaos::harness
