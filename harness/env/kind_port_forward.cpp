#include "harness/env/kind_port_forward.hpp"

#include <regex>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

namespace rwchaos::harness {

std::optional<int> parse_port_forward_port(const std::string& kubectl_output, int remote_port) {
  const std::regex line(R"(Forwarding from 127\.0\.0\.1:(\d+) -> (\d+))");
  for (std::sregex_iterator it(kubectl_output.begin(), kubectl_output.end(), line), end; it != end; ++it) {
    if (std::stoi((*it)[2].str()) == remote_port) return std::stoi((*it)[1].str());
  }
  return std::nullopt;
}

std::unique_ptr<KindPortForward> KindPortForward::start(const std::string& kubectl, const std::string& context,
                                                        const std::string& ns,
                                                        const std::string& target, int remote_port,
                                                        const std::filesystem::path& log_file,
                                                        std::chrono::milliseconds limit) {
  auto forward = std::unique_ptr<KindPortForward>(new KindPortForward());
  forward->target_ = target;
  std::vector<std::string> argv = {kubectl, "--context", context, "-n", ns, "port-forward",
                                   "--address=127.0.0.1", target, fmt::format(":{}", remote_port)};
  forward->process_ = ChildProcess::start({"port-forward " + target, argv, log_file, {}, {}});
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (auto port = parse_port_forward_port(forward->process_->log_tail(16384), remote_port)) {
      forward->local_port_ = *port;
      return forward;
    }
    if (!forward->process_->running()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const std::string tail = forward->process_->log_tail(2000);
  forward->process_->stop(std::chrono::milliseconds(1000));
  throw std::runtime_error(fmt::format("kubectl port-forward {} :{} gave no local port within {}ms: {}", target,
                                       remote_port, limit.count(), tail));
}

std::string KindPortForward::url() const { return fmt::format("http://127.0.0.1:{}", local_port_); }

}  // namespace rwchaos::harness
