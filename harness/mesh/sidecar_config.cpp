#include "harness/mesh/sidecar_config.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "faults/config/closest_word.hpp"
#include "faults/upstream/address.hpp"
#include "harness/mesh/access_log_format.hpp"
#include "harness/common/located_json.hpp"

namespace rwchaos::harness::mesh {

namespace {

using faults::config::closest_word;
using nlohmann::json;

// One value in the file with the names an error needs: its JSON pointer (for the position) and
// its dotted field name (for the reader).
class Field {
 public:
  Field(const LocatedJson& doc, const std::string& file, const json& value, std::string pointer, std::string name)
      : doc_(doc), file_(file), value_(value), pointer_(std::move(pointer)), name_(std::move(name)) {}

  const json& value() const { return value_; }
  const std::string& name() const { return name_; }

  [[noreturn]] void fail(const std::string& message) const {
    const JsonPosition at = doc_.at(pointer_);
    throw SidecarConfigError(name_.empty() ? fmt::format("{}:{}:{}: {}", file_, at.line, at.column, message)
                                           : fmt::format("{}:{}:{}: field '{}': {}", file_, at.line, at.column,
                                                         name_, message));
  }

  // An object whose keys are all in `known`; a typo names the key it is closest to.
  void expect_object(std::initializer_list<const char*> known) const {
    if (!value_.is_object()) fail("expected an object");
    for (const auto& [key, ignored] : value_.items()) {
      bool found = false;
      for (const char* k : known) found = found || key == k;
      if (found) continue;
      const std::string near = closest_word(key, std::vector<std::string>(known.begin(), known.end()));
      child(key).fail(near.empty() ? "unknown key" : fmt::format("unknown key; did you mean '{}'?", near));
    }
  }
  bool has(const char* key) const { return value_.contains(key) && !value_.at(key).is_null(); }
  Field child(const std::string& key) const {
    return Field(doc_, file_, value_.at(key), pointer_ + "/" + key, name_.empty() ? key : name_ + "." + key);
  }
  Field element(std::size_t index) const {
    return Field(doc_, file_, value_.at(index), pointer_ + "/" + std::to_string(index),
                 fmt::format("{}[{}]", name_, index));
  }

  std::string text() const {
    if (!value_.is_string()) fail("expected a string");
    return value_.get<std::string>();
  }
  bool flag() const {
    if (!value_.is_boolean()) fail("expected true or false");
    return value_.get<bool>();
  }
  std::uint64_t count(std::uint64_t min = 0, std::uint64_t max = unlimited) const {
    if (!value_.is_number_unsigned() && !(value_.is_number_integer() && value_.get<std::int64_t>() >= 0))
      fail(fmt::format("expected a whole number from {} to {}", min, max));
    const auto n = value_.get<std::uint64_t>();
    if (n < min || n > max) fail(fmt::format("expected a whole number from {} to {}, got {}", min, max, n));
    return n;
  }
  Millis millis(std::uint64_t min = 0) const {
    return Millis(static_cast<std::int64_t>(count(min, std::uint64_t{365} * 24 * 3600 * 1000)));
  }
  // host:port on loopback only (the project never binds or dials beyond 127.0.0.0/8 and ::1).
  std::string loopback_address() const {
    const std::string address = text();
    try {
      const auto parsed = faults::parse_host_port(address, "address");
      if (!faults::is_loopback(parsed.host)) fail("\"" + address + "\" is not a loopback address (127.0.0.0/8 or ::1)");
    } catch (const std::invalid_argument&) {
      fail("expected host:port (or [::1]:port), got \"" + address + "\"");
    }
    return address;
  }

 private:
  const LocatedJson& doc_;
  const std::string& file_;
  const json& value_;
  std::string pointer_;
  std::string name_;
};

ClusterSettings read_cluster(const Field& f) {
  f.expect_object({"name", "connect_timeout_ms", "idle_timeout_ms", "max_requests_per_connection", "max_connections",
                   "max_pending_requests", "max_requests", "max_retries"});
  ClusterSettings out;
  if (!f.has("name")) f.fail("field 'name' is required");
  out.name = f.child("name").text();
  if (f.has("connect_timeout_ms")) out.connect_timeout = f.child("connect_timeout_ms").millis(1);
  if (f.has("idle_timeout_ms")) out.idle_timeout = f.child("idle_timeout_ms").millis();
  if (f.has("max_requests_per_connection")) out.max_requests_per_connection = f.child("max_requests_per_connection").count();
  if (f.has("max_connections")) out.max_connections = f.child("max_connections").count();
  if (f.has("max_pending_requests")) out.max_pending_requests = f.child("max_pending_requests").count();
  if (f.has("max_requests")) out.max_requests = f.child("max_requests").count();
  if (f.has("max_retries")) out.max_retries = f.child("max_retries").count();
  return out;
}

RetryPolicy read_retry_policy(const Field& f) {
  f.expect_object({"num_retries", "retry_on", "retriable_status_codes", "per_try_timeout_ms", "base_interval_ms",
                   "max_interval_ms"});
  RetryPolicy out;
  if (f.has("num_retries")) out.num_retries = static_cast<std::uint32_t>(f.child("num_retries").count());
  if (f.has("retry_on")) {
    const Field list = f.child("retry_on");
    if (!list.value().is_array()) list.fail("expected a list of retry_on tokens");
    for (std::size_t i = 0; i < list.value().size(); ++i) {
      const Field item = list.element(i);
      const std::string name = item.text();
      const auto token = RetryOn::token(name);
      if (!token) {
        const std::string near = closest_word(name, RetryOn::token_names());
        item.fail(fmt::format("\"{}\" is not an Envoy retry_on token{}", name,
                              near.empty() ? "" : fmt::format("; did you mean \"{}\"?", near)));
      }
      out.retry_on.add(*token);
    }
  }
  if (f.has("retriable_status_codes")) {
    const Field list = f.child("retriable_status_codes");
    if (!list.value().is_array()) list.fail("expected a list of HTTP status codes");
    for (std::size_t i = 0; i < list.value().size(); ++i)
      out.retriable_status_codes.push_back(static_cast<int>(list.element(i).count(100, 599)));
  }
  if (f.has("per_try_timeout_ms")) out.per_try_timeout = f.child("per_try_timeout_ms").millis();
  if (f.has("base_interval_ms")) out.base_interval = f.child("base_interval_ms").millis(1);
  if (f.has("max_interval_ms")) {
    const Field max = f.child("max_interval_ms");
    out.max_interval = max.millis(1);
    if (*out.max_interval < out.base_interval) max.fail("must not be less than base_interval_ms");
  }
  return out;
}

RouteMatch read_match(const Field& f) {
  f.expect_object({"prefix", "exact", "method", "ignore_case"});
  RouteMatch out;
  if (f.has("prefix") && f.has("exact")) f.child("exact").fail("a route matches by prefix or by exact path, not both");
  if (f.has("prefix")) out.prefix = f.child("prefix").text();
  if (f.has("exact")) {
    out.exact = f.child("exact").text();
    out.prefix.clear();
  }
  if (!out.prefix.empty() && out.prefix.front() != '/') f.child("prefix").fail("must start with '/'");
  if (!out.exact.empty() && out.exact.front() != '/') f.child("exact").fail("must start with '/'");
  if (f.has("method")) out.method = f.child("method").text();
  if (f.has("ignore_case")) out.ignore_case = f.child("ignore_case").flag();
  return out;
}

RouteSettings read_route(const Field& f, const std::vector<ClusterSettings>& clusters) {
  f.expect_object({"name", "match", "cluster", "timeout_ms", "retry_policy"});
  RouteSettings out;
  out.cluster = clusters.front().name;
  if (f.has("name")) out.name = f.child("name").text();
  if (f.has("match")) out.match = read_match(f.child("match"));
  if (f.has("cluster")) {
    const Field cluster = f.child("cluster");
    out.cluster = cluster.text();
    bool known = false;
    for (const auto& c : clusters) known = known || c.name == out.cluster;
    if (!known) cluster.fail("\"" + out.cluster + "\" is not the name of one of `clusters`");
  }
  if (f.has("timeout_ms")) out.timeout = f.child("timeout_ms").millis();
  if (f.has("retry_policy")) out.retry_policy = read_retry_policy(f.child("retry_policy"));
  return out;
}

AccessLogSettings read_access_log(const Field& f) {
  f.expect_object({"path", "format"});
  AccessLogSettings out;
  if (f.has("path")) out.path = f.child("path").text();
  if (f.has("format")) {
    const Field format = f.child("format");
    out.format = format.text();
    try {
      AccessLogFormat check(out.format);
    } catch (const std::invalid_argument& error) {
      format.fail(error.what());
    }
  }
  return out;
}

template <typename Enum>
Enum read_choice(const Field& f, std::initializer_list<std::pair<const char*, Enum>> choices) {
  const std::string text = f.text();
  std::string names;
  for (const auto& [name, value] : choices) {
    if (text == name) return value;
    names += names.empty() ? name : std::string(" | ") + name;
  }
  f.fail(fmt::format("expected one of {}, got \"{}\"", names, text));
}

}  // namespace

const char* to_string(Role role) { return role == Role::inbound ? "inbound" : "outbound"; }

std::optional<EnvoyBehaviour> envoy_behaviour(const std::string& istio) {
  EnvoyBehaviour behaviour;
  if (istio == "1.23" || istio == "1.24") return behaviour;
  if (istio != "1.22") return std::nullopt;
  behaviour.details_separator = ",";
  behaviour.connect_error_as_errno = true;
  behaviour.knows_reset_before_request = false;
  behaviour.cluster_operator = "%UPSTREAM_CLUSTER%";
  return behaviour;
}

std::string istio_access_log_format(const std::string& cluster_operator) {
  return "[%START_TIME%] \"%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%\" %RESPONSE_CODE% "
         "%RESPONSE_FLAGS% %RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS% "
         "\"%UPSTREAM_TRANSPORT_FAILURE_REASON%\" %BYTES_RECEIVED% %BYTES_SENT% %DURATION% "
         "%RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% \"%REQ(X-FORWARDED-FOR)%\" \"%REQ(USER-AGENT)%\" "
         "\"%REQ(X-REQUEST-ID)%\" \"%REQ(:AUTHORITY)%\" \"%UPSTREAM_HOST%\" " +
         cluster_operator +
         " %UPSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS% "
         "%REQUESTED_SERVER_NAME% %ROUTE_NAME%\n";
}

SidecarConfig parse_sidecar_config(const std::string& text, const std::string& file) {
  LocatedJson doc;
  try {
    doc = parse_located_json(text);
  } catch (const JsonSyntaxError& error) {
    throw SidecarConfigError(fmt::format("{}:{}:{}: JSON: {}", file, error.at().line, error.at().column, error.what()));
  }
  const Field root(doc, file, doc.value, "", "");
  root.expect_object({"role", "istio", "listen", "upstream", "admin", "seed", "server_name",
                      "server_header_transformation", "max_request_bytes", "retry_buffer_limit_bytes",
                      "attempt_count_header", "clusters", "routes", "access_log"});
  SidecarConfig out;
  if (root.has("role")) out.role = read_choice<Role>(root.child("role"), {{"outbound", Role::outbound}, {"inbound", Role::inbound}});
  if (root.has("istio")) {
    const Field istio = root.child("istio");
    out.istio = istio.text();
    const auto behaviour = envoy_behaviour(out.istio);
    if (!behaviour) istio.fail("expected \"1.22\", \"1.23\" or \"1.24\" (the Istio versions modelled), got \"" + out.istio + "\"");
    out.envoy = *behaviour;
  }
  if (root.has("listen")) out.listen = root.child("listen").loopback_address();
  if (!root.has("upstream")) root.fail("field 'upstream' is required (host:port of the upstream)");
  out.upstream = root.child("upstream").loopback_address();
  if (root.has("admin")) out.admin = root.child("admin").loopback_address();
  if (root.has("seed")) out.seed = root.child("seed").count(0, UINT64_MAX);
  out.server_name = out.role == Role::inbound ? "istio-envoy" : "envoy";
  if (root.has("server_name")) out.server_name = root.child("server_name").text();
  if (root.has("server_header_transformation")) {
    out.server_header = read_choice<ServerHeader>(root.child("server_header_transformation"),
                                                  {{"overwrite", ServerHeader::overwrite},
                                                   {"append_if_absent", ServerHeader::append_if_absent},
                                                   {"pass_through", ServerHeader::pass_through}});
  }
  if (root.has("max_request_bytes")) out.max_request_bytes = root.child("max_request_bytes").count(1, UINT64_MAX);
  if (root.has("retry_buffer_limit_bytes")) out.retry_buffer_limit_bytes = root.child("retry_buffer_limit_bytes").count(0, UINT64_MAX);
  out.attempt_count_header = out.role == Role::outbound;
  if (root.has("attempt_count_header")) out.attempt_count_header = root.child("attempt_count_header").flag();
  if (root.has("clusters")) {
    const Field list = root.child("clusters");
    if (!list.value().is_array() || list.value().empty()) list.fail("expected a list of at least one cluster");
    for (std::size_t i = 0; i < list.value().size(); ++i) {
      out.clusters.push_back(read_cluster(list.element(i)));
      for (std::size_t j = 0; j < i; ++j)
        if (out.clusters[j].name == out.clusters[i].name) list.element(i).child("name").fail("a second cluster with this name");
    }
  } else {
    ClusterSettings cluster;
    cluster.name = fmt::format("{}|{}||", to_string(out.role), faults::parse_host_port(out.upstream, "upstream").port);
    out.clusters.push_back(cluster);
  }
  if (root.has("routes")) {
    const Field list = root.child("routes");
    if (!list.value().is_array() || list.value().empty()) list.fail("expected a list of at least one route");
    for (std::size_t i = 0; i < list.value().size(); ++i) out.routes.push_back(read_route(list.element(i), out.clusters));
  } else {
    RouteSettings route;
    route.cluster = out.clusters.front().name;
    out.routes.push_back(route);
  }
  if (root.has("access_log")) out.access_log = read_access_log(root.child("access_log"));
  if (out.access_log.format.empty()) out.access_log.format = istio_access_log_format(out.envoy.cluster_operator);
  return out;
}

SidecarConfig load_sidecar_config(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw SidecarConfigError(path + ":0:0: cannot read the file");
  std::stringstream text;
  text << in.rdbuf();
  return parse_sidecar_config(text.str(), path);
}

}  // namespace rwchaos::harness::mesh
