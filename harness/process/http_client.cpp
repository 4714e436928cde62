#include "harness/process/http_client.hpp"

#include <httplib.h>

#include <thread>

#include <fmt/format.h>

#include "harness/process/child_process.hpp"
#include "harness/process/listening_group.hpp"

namespace rwchaos::harness {

namespace {

struct SplitUrl {
  std::string origin;  // scheme://host:port
  std::string target;  // /path?query
};

SplitUrl split(const std::string& url) {
  const auto scheme_end = url.find("://");
  const auto path_start = url.find('/', scheme_end == std::string::npos ? 0 : scheme_end + 3);
  if (path_start == std::string::npos) return {url, "/"};
  return {url.substr(0, path_start), url.substr(path_start)};
}

// The port of http://host:port/...; 0 when the URL names none.
int port_of(const std::string& url) {
  const std::string origin = split(url).origin;
  const auto colon = origin.rfind(':');
  if (colon == std::string::npos || colon + 1 == origin.size() ||
      origin.find_first_not_of("0123456789", colon + 1) != std::string::npos)
    return 0;
  return std::stoi(origin.substr(colon + 1));
}

HttpAnswer to_answer(const httplib::Result& result) {
  if (!result) return {0, {}, httplib::to_string(result.error())};
  return {result->status, result->body, {}};
}

httplib::Client make_client(const std::string& origin, std::chrono::milliseconds timeout) {
  httplib::Client client(origin);
  const auto secs = timeout.count() / 1000;
  const auto usecs = (timeout.count() % 1000) * 1000;
  client.set_connection_timeout(secs, usecs);
  client.set_read_timeout(secs, usecs);
  client.set_write_timeout(secs, usecs);
  return client;
}

}  // namespace

HttpAnswer http_get(const std::string& url, std::chrono::milliseconds timeout) {
  const SplitUrl parts = split(url);
  auto client = make_client(parts.origin, timeout);
  return to_answer(client.Get(parts.target));
}

HttpAnswer http_send(const std::string& method, const std::string& url, const std::string& body,
                     const std::string& content_type, std::chrono::milliseconds timeout) {
  const SplitUrl parts = split(url);
  auto client = make_client(parts.origin, timeout);
  if (method == "PUT") return to_answer(client.Put(parts.target, body, content_type));
  if (method == "POST") return to_answer(client.Post(parts.target, body, content_type));
  return {0, {}, "unsupported method " + method};
}

std::string wait_for_http_200(const std::string& url, std::chrono::milliseconds limit, ChildProcess* child) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  std::string last = "no attempt";
  const int port = port_of(url);
  while (true) {
    const HttpAnswer answer = http_get(url, std::chrono::milliseconds(1000));
    if (answer.status == 200 && (!child || port == 0 || group_listens_on(child->pid(), port))) return {};
    if (answer.status == 200)
      last = fmt::format("status 200 from another program on the port, not {}", child->name());
    else
      last = answer.status ? fmt::format("status {}", answer.status) : answer.error;
    if (child && !child->running())
      return fmt::format("{} exited with status {} before {} answered", child->name(),
                         child->exit_status().value_or(-1), url);
    if (std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return fmt::format("{} did not answer 200 within {} ms (last: {})", url, limit.count(), last);
}

}  // namespace rwchaos::harness
