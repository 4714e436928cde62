#include "harness/reports/markdown_table.hpp"

namespace rwchaos::harness {

std::string markdown_cell(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out;
}

std::string markdown_row(const std::vector<std::string>& cells) {
  std::string row = "|";
  for (const auto& cell : cells) row += " " + markdown_cell(cell) + " |";
  return row + "\n";
}

std::string markdown_header(const std::vector<std::string>& columns) {
  return markdown_row(columns) + markdown_row(std::vector<std::string>(columns.size(), "---"));
}

}  // namespace rwchaos::harness
