#include "faults/catalogue/response_spec.hpp"

#include <fmt/format.h>

#include "faults/config/http_date.hpp"
#include "faults/engine/stage_actions.hpp"
#include "faults/catalogue/envoy_presets.hpp"

namespace rwchaos::faults::catalogue {

ResponseSpec parse_response_spec(Fields& fields, int default_status, std::string default_body) {
  ResponseSpec spec;
  spec.status = default_status;
  spec.body = std::move(default_body);
  if (auto body = fields.text("body")) {
    if (auto preset = find_envoy_preset(*body)) {
      spec.status = preset->status;
      spec.body = std::string(preset->body);
      spec.envoy = true;
    } else if (body->rfind("envoy-", 0) == 0) {
      fields.fail("body", fmt::format("unknown Envoy preset \"{}\"; one of envoy-uc|envoy-uf|envoy-urx-uc|envoy-ut", *body));
    } else {
      spec.body = *body;
      spec.headers = {{"content-type", "text/plain; charset=utf-8"}};
    }
  }
  spec.status = static_cast<int>(fields.integer("status", spec.status, 100, 599));
  if (auto retry_after = fields.duration("retry_after")) {
    spec.headers.emplace_back("retry-after", std::to_string((retry_after->count() + 999) / 1000));
  }
  const YAML::Node headers = fields.node("headers");
  if (headers) {
    if (!headers.IsMap()) fields.fail("headers", "expected a mapping of header name to value");
    for (const auto& entry : headers) {
      const std::string name = entry.first.as<std::string>("");
      if (!entry.second.IsScalar() || name.empty() || name.find_first_of(" :\r\n") != std::string::npos ||
          entry.second.Scalar().find_first_of("\r\n") != std::string::npos) {
        fields.fail("headers", fmt::format("header \"{}\" needs a token name and a one-line value", name));
      }
      spec.headers.emplace_back(name, entry.second.Scalar());
    }
  }
  return spec;
}

std::string serialize_response(const ResponseSpec& spec, bool keep_alive) {
  std::string out = fmt::format("HTTP/1.1 {} {}\r\n", spec.status, engine::reason_phrase(spec.status));
  out += fmt::format("content-length: {}\r\n", spec.body.size());
  if (spec.envoy) out += fmt::format("content-type: text/plain\r\ndate: {}\r\nserver: envoy\r\n",
                                    config::format_http_date(std::chrono::system_clock::now()));
  for (const auto& [name, value] : spec.headers) out += fmt::format("{}: {}\r\n", name, value);
  if (!keep_alive) out += "connection: close\r\n";
  out += "\r\n";
  out += spec.body;
  return out;
}

bool parse_commit(Fields& fields, int status) { return fields.boolean("commit", engine::is_2xx(status)); }

}  // namespace rwchaos::faults::catalogue
