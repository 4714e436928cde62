#pragma once
// `kubectl port-forward` as a child of the harness: a loopback port on this machine that reaches a
// port of a pod in the kind cluster (the upstream's control API, vmselect, a client's metrics).
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "harness/process/child_process.hpp"

namespace rwchaos::harness {

// The local port kubectl printed for `remote_port` ("Forwarding from 127.0.0.1:41234 -> 9090").
std::optional<int> parse_port_forward_port(const std::string& kubectl_output, int remote_port);

class KindPortForward {
 public:
  // kubectl --context CONTEXT -n NS port-forward --address=127.0.0.1 TARGET :REMOTE, waiting up to
  // `limit` for the local port. TARGET: "deployment/x", "svc/x", "pod/x". Throws std::runtime_error
  // with the log tail.
  static std::unique_ptr<KindPortForward> start(const std::string& kubectl, const std::string& context,
                                                const std::string& ns,
                                                const std::string& target, int remote_port,
                                                const std::filesystem::path& log_file,
                                                std::chrono::milliseconds limit);
  std::string url() const;  // http://127.0.0.1:LOCAL
  const std::string& target() const { return target_; }
  ChildProcess& process() { return *process_; }

 private:
  std::unique_ptr<ChildProcess> process_;
  std::string target_;
  int local_port_ = 0;
};

}  // namespace rwchaos::harness
