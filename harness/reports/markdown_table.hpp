#pragma once
// Markdown table rows with cells escaped, shared by every Markdown table rwchaos writes.
#include <string>
#include <vector>

namespace rwchaos::harness {

// A cell's text with '|' escaped and newlines folded, so it cannot break the table.
std::string markdown_cell(const std::string& text);
// "| a | b |\n".
std::string markdown_row(const std::vector<std::string>& cells);
// The header row and its "| --- |" rule.
std::string markdown_header(const std::vector<std::string>& columns);

}  // namespace rwchaos::harness
