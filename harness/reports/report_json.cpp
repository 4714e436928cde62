#include "harness/reports/report_json.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

#include "harness/reports/report_json_fields.hpp"

namespace rwchaos::harness {

void write_report_json(const RunReport& report, const std::string& path) { write_report_json(nlohmann::json(report), path); }

void write_report_json(const nlohmann::json& report, const std::string& path) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error(path + ": cannot write report");
    // Replace, not throw: a report with U+FFFD for a stray byte beats no report at all.
    out << report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    if (!out.flush()) throw std::runtime_error(path + ": cannot write report");
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) throw std::runtime_error(path + ": cannot write report: " + error.message());
}

RunReport read_report_json(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot read report");
  std::stringstream text;
  text << in.rdbuf();
  LocatedJson doc;
  try {
    doc = parse_located_json(text.str());
  } catch (const JsonSyntaxError& error) {
    throw std::runtime_error(fmt::format("{}:{}:{}: not JSON: {}", path, error.at().line, error.at().column, error.what()));
  }
  check_report_fields(doc, path);
  try {
    return doc.value.get<RunReport>();
  } catch (const nlohmann::json::exception& error) {
    throw std::runtime_error(path + ": not a report.json: " + error.what());
  }
}

}  // namespace rwchaos::harness
