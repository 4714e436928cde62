#include "harness/reports/timeline_svg.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "harness/checks/retry_accounting.hpp"
#include "harness/reports/xml_escape.hpp"

namespace rwchaos::harness {
namespace {

struct Row {
  const char* name;
  const char* colour;
};
constexpr const char* mesh_colour = "#ef6c00";
const Row rows[] = {{"2xx", "#2e7d32"}, {"429", "#f9a825"}, {"4xx", "#6a1b9a"}, {"5xx", "#c62828"}, {"no response", "#424242"}};
constexpr double left = 110, right = 20, top = 40, row_height = 34, width = 1000;

std::size_t row_index(const std::string& name) {
  for (std::size_t i = 0; i < std::size(rows); ++i)
    if (name == rows[i].name) return i;
  return std::size(rows) - 1;
}

// 1, 2 or 5 times a power of ten seconds, so that about ten ticks fit.
double tick_step_ms(double span_ms) {
  const double rough = std::max(span_ms / 10.0, 1.0);
  const double power = std::pow(10.0, std::floor(std::log10(rough)));
  for (const double factor : {1.0, 2.0, 5.0, 10.0})
    if (factor * power >= rough) return factor * power;
  return 10 * power;
}

std::string record_title(const faults::LedgerRecord& r, bool retry) {
  return fmt::format("#{} conn {}/{}{} status {} outcome {} fault {} samples {}{}{}", r.id, r.conn, r.conn_index,
                     r.reused ? " reused" : "", r.status, faults::to_string(r.outcome),
                     r.fault.empty() ? "none" : r.fault, r.samples, r.committed ? " committed" : "", retry ? " RETRY" : "");
}

}  // namespace

std::string timeline_row(const faults::LedgerRecord& record) {
  if (record.outcome != faults::Outcome::response || record.status == 0) return "no response";
  if (record.status >= 200 && record.status < 300) return "2xx";
  if (record.status == 429) return "429";
  if (record.status >= 400 && record.status < 500) return "4xx";
  if (record.status >= 500) return "5xx";
  return "no response";  // 1xx/3xx: not an answer a remote-write sender can act on
}

std::string render_timeline_svg(const TimelineInput& input) {
  double start = input.start_unix_ms, end = input.end_unix_ms;
  for (const auto& r : input.ledger) {
    if (input.start_unix_ms == 0) start = start == 0 ? r.arrival_unix_ms : std::min(start, r.arrival_unix_ms);
    if (input.end_unix_ms == 0) end = std::max(end, r.arrival_unix_ms);
  }
  for (const auto& phase : input.phases) end = std::max(end, start + phase.at_ms);
  const double span = std::max(end - start, 1.0);
  const double plot_width = width - left - right;
  const std::size_t row_count = std::size(rows) + (input.mesh.empty() ? 0 : 1);
  const double height = top + row_height * row_count + 50;
  auto x_of = [&](double offset_ms) { return left + plot_width * std::clamp(offset_ms / span, 0.0, 1.0); };

  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" "
      "font-family=\"sans-serif\" font-size=\"12\">\n",
      width, height, width, height);
  svg += fmt::format("<title>{}</title>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n", xml_escape(input.title));
  svg += fmt::format("<text x=\"{}\" y=\"22\" font-size=\"15\" font-weight=\"bold\">{}</text>\n", left, xml_escape(input.title));
  for (std::size_t i = 0; i < std::size(rows); ++i) {
    const double y = top + row_height * i;
    svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"{}\">{}</text>\n", left - 8, y + row_height / 2 + 4,
                       rows[i].colour, rows[i].name);
    svg += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#eeeeee\"/>\n", left, y + row_height, width - right,
                       y + row_height);
  }
  if (!input.mesh.empty()) {
    const double y = top + row_height * std::size(rows);
    svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"{}\">sidecar</text>\n", left - 8,
                       y + row_height / 2 + 4, mesh_colour);
    for (const auto& mark : input.mesh)
      svg += fmt::format("<rect class=\"mesh\" x=\"{:.1f}\" y=\"{}\" width=\"3\" height=\"{}\" fill=\"{}\"><title>{}</title></rect>\n",
                         x_of(mark.at_ms) - 1.5, y + 6, row_height - 12, mesh_colour, xml_escape(mark.label));
  }
  const double axis_y = top + row_height * row_count;
  const double step = tick_step_ms(span);
  for (double t = 0; t <= span + 1e-9; t += step)
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" fill=\"#666666\">{:g}s</text>\n", x_of(t), axis_y + 16, t / 1000);

  const std::set<std::uint64_t> retries = retry_ids(input.ledger);
  std::vector<const faults::LedgerRecord*> ordered;
  for (const auto& r : input.ledger) ordered.push_back(&r);
  std::sort(ordered.begin(), ordered.end(), [](auto* a, auto* b) { return a->id < b->id; });
  for (const auto* r : ordered) {
    const bool retry = retries.count(r->id) > 0;
    const std::size_t row = row_index(timeline_row(*r));
    svg += fmt::format(
        "<rect class=\"request\" x=\"{:.1f}\" y=\"{}\" width=\"3\" height=\"{}\" fill=\"{}\"{}><title>{}</title></rect>\n",
        x_of(r->arrival_unix_ms - start) - 1.5, top + row_height * row + 6, row_height - 12, rows[row].colour,
        retry ? " stroke=\"black\" stroke-width=\"1\"" : "", xml_escape(record_title(*r, retry)));
  }
  for (const auto& phase : input.phases) {
    const double x = x_of(phase.at_ms);
    svg += fmt::format("<line class=\"phase\" x1=\"{:.1f}\" y1=\"{}\" x2=\"{:.1f}\" y2=\"{}\" stroke=\"#1565c0\" stroke-dasharray=\"4 3\"/>\n",
                       x, top - 6, x, axis_y);
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" fill=\"#1565c0\">{}</text>\n", x + 3, top - 8, xml_escape(phase.label));
  }
  svg += fmt::format("<text x=\"{}\" y=\"{}\" fill=\"#666666\">{} requests; outlined marks are retries (payload seen before)</text>\n",
                     left, axis_y + 38, input.ledger.size());
  return svg + "</svg>\n";
}

}  // namespace rwchaos::harness
