#pragma once
// The command-line tools of the kind path (kubectl), run with an argv (never a shell), with a
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
  std::string output;      // stdout, at most 1 MiB: what callers parse (a token, a version)
  std::string diagnostics; // stderr, at most 1 MiB: kubectl's warnings must never mix into output
  std::string error;       // why it could not start
  bool ok() const { return exit_code == 0 && !timed_out; }
};

// Runs argv[0] (looked up on $PATH when it has no '/') and waits up to `limit`, then SIGKILLs it.
ToolResult run_tool(const std::vector<std::string>& argv, std::chrono::milliseconds limit,
                    const std::string& stdin_text = {});

// "kubectl not found: install kubectl or run with --env local" when kubectl is missing (the kind
// environment needs nothing else on this machine); empty when it is on $PATH.
std::string missing_kind_tools();

// What a failed tool said, for error messages: stderr, else stdout, else why it could not start.
std::string tool_message(const ToolResult& result);

// "kubectl -n rwchaos get pods" style text of argv, for error messages.
std::string describe_argv(const std::vector<std::string>& argv);

}  // namespace rwchaos::harness
