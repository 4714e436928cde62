#include "faults/config/located_error.hpp"

#include <algorithm>
#include <tuple>

namespace rwchaos::faults::config {
namespace {

std::string joined_lines(const ErrorList& errors) {
  std::string text;
  for (const auto& line : errors.lines()) text += (text.empty() ? "" : "\n") + line;
  return text;
}

}  // namespace

std::string LocatedError::to_string() const {
  std::string text = file;
  if (line > 0) text += ":" + std::to_string(line) + ":" + std::to_string(column > 0 ? column : 1);
  text += ": ";
  if (!field.empty()) text += "field '" + field + "': ";
  return text + message;
}

void ErrorList::add(LocatedError error) {
  if (++total_ <= kept) errors_.push_back(std::move(error));
}

std::vector<LocatedError> ErrorList::errors() const {
  std::vector<LocatedError> sorted = errors_;
  // Errors without a line (whole-file ones) stay first; stable, so one place keeps its reading order.
  std::stable_sort(sorted.begin(), sorted.end(), [](const LocatedError& a, const LocatedError& b) {
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
  });
  return sorted;
}

std::vector<std::string> ErrorList::lines() const {
  std::vector<std::string> out;
  for (const auto& error : errors()) {
    if (out.size() == shown) break;
    out.push_back(error.to_string());
  }
  if (total_ > out.size()) {
    const std::string file = errors_.front().file;
    out.push_back(file + ": ... and " + std::to_string(total_ - out.size()) + " more errors");
  }
  return out;
}

InvalidInput::InvalidInput(ErrorList errors) : std::runtime_error(joined_lines(errors)), errors_(std::move(errors)) {}

InvalidInput::InvalidInput(LocatedError error)
    : InvalidInput([&] {
        ErrorList list;
        list.add(std::move(error));
        return list;
      }()) {}

}  // namespace rwchaos::faults::config
