#pragma once
// Reading a client's own log: which lines are errors, in each client's log format, and the first
// of them, which names why a client that sent nothing sent nothing.
#include <filesystem>
#include <string>
#include <string_view>

namespace rwchaos::harness {

struct ClientAdapter;

// VictoriaMetrics (lib/logger): `TIME\tLEVEL\tCALLER\tMESSAGE`, levels error, fatal and panic; or,
// with -loggerFormat=json, a "level" field.
bool victoriametrics_error_line(std::string_view line);
// Prometheus (go-kit logfmt): `level=error`.
bool logfmt_error_line(std::string_view line);
// Any other program: the word error, fatal or panic in any case.
bool any_error_word(std::string_view line);

// The first error line of `log` by the adapter's format (else by any_error_word), trimmed; empty
// when there is none or the log cannot be read.
std::string first_error_line(const ClientAdapter& adapter, const std::filesystem::path& log);

}  // namespace rwchaos::harness
