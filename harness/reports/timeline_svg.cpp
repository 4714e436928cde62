#include "harness/reports/timeline_svg.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "harness/checks/retry_accounting.hpp"
#include "harness/reports/timeline_lanes.hpp"
#include "harness/reports/xml_escape.hpp"

namespace rwchaos::harness {
namespace {

struct Row {
  const char* name;
  const char* colour;
};
const Row rows[] = {{"2xx", "#2e7d32"}, {"429", "#f9a825"}, {"4xx", "#6a1b9a"}, {"5xx", "#c62828"}, {"no response", "#424242"}};
constexpr const char* mesh_row = "sidecar";
constexpr const char* mesh_colour = "#ef6c00";
constexpr const char* connection_row = "connection faults";
constexpr const char* connection_colour = "#e65100";
constexpr const char* phase_colour = "#1565c0";
constexpr double width = 1000, left = 124, right = 24;
constexpr double lane_height = 20, row_padding = 4, mark_width = 6, mark_height = 13;
constexpr std::size_t heading_chars = 150;  // a heading line longer than this wraps at an item
constexpr std::size_t max_lanes = 40;  // a row at most 800 px high; past it marks cover each other (said below)

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
                     r.fault.empty() ? "none" : r.fault, r.samples, r.committed ? " committed" : " not committed",
                     retry ? " RETRY" : "");
}

// Items joined by " · " into lines of at most heading_chars (an item longer than that gets its own).
std::vector<std::string> pack_heading(const std::vector<std::string>& items) {
  std::vector<std::string> lines;
  for (const auto& item : items) {
    if (!lines.empty() && lines.back().size() + 3 + item.size() <= heading_chars)
      lines.back() += " · " + item;
    else
      lines.push_back(item);
  }
  return lines;
}

struct Scale {
  double start = 0, span = 1;
  double x(double unix_ms) const { return left + (width - left - right) * std::clamp((unix_ms - start) / span, 0.0, 1.0); }
};

Scale time_scale(const TimelineInput& input) {
  double first = input.start_unix_ms, last = input.end_unix_ms;
  auto see = [&](double at) {
    if (input.start_unix_ms == 0) first = first == 0 ? at : std::min(first, at);
    if (input.end_unix_ms == 0) last = std::max(last, at);
  };
  for (const auto& r : input.ledger) see(r.arrival_unix_ms);
  for (const auto& f : input.connection_faults) see(f.at_unix_ms);
  for (const auto& phase : input.phases) last = std::max(last, first + phase.at_ms);
  for (const auto& mark : input.mesh) last = std::max(last, first + mark.at_ms);
  return {first, std::max(last - first, 1.0)};
}

std::string legend(double y) {
  std::string svg = fmt::format("<g class=\"legend\" font-size=\"11\" fill=\"#333333\">\n");
  double x = 12;
  auto item = [&](const std::string& shape, const std::string& text) {
    svg += shape + fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\">{}</text>\n", x + 12, y + 4, text);
    x += 12 + 5.8 * static_cast<double>(text.size()) + 18;
  };
  item(fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"6\" height=\"11\" fill=\"#555555\"/>", x, y - 6), "first attempt");
  item(fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"6\" height=\"11\" fill=\"white\" stroke=\"#555555\" stroke-width=\"2\"/>",
                   x, y - 6),
       "retry (samples or payload offered before), arc from its previous attempt");
  item(fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"2.5\" fill=\"black\"/>", x + 3, y), "committed to storage");
  item(fmt::format("<path d=\"M{0:.1f} {1:.1f}l7 7m0 -7l-7 7\" stroke=\"{2}\" stroke-width=\"2\"/>", x, y - 4,
                   connection_colour),
       "connection closed by a fault");
  item(fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" stroke=\"{3}\" stroke-dasharray=\"3 2\"/>",
                   x + 3, y - 7, y + 6, phase_colour),
       "phase start");
  return svg + "</g>\n";
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
  const Scale scale = time_scale(input);
  std::vector<const faults::LedgerRecord*> ordered;
  for (const auto& r : input.ledger) ordered.push_back(&r);
  std::sort(ordered.begin(), ordered.end(), [](auto* a, auto* b) {
    return a->arrival_unix_ms != b->arrival_unix_ms ? a->arrival_unix_ms < b->arrival_unix_ms : a->id < b->id;
  });

  std::vector<faults::ConnectionFault> connection_faults = input.connection_faults;
  std::stable_sort(connection_faults.begin(), connection_faults.end(),
                   [](const auto& a, const auto& b) { return a.at_unix_ms < b.at_unix_ms; });

  // Lanes per row, so that the rows' heights are known before anything is drawn.
  // Rows: the answers', then "sidecar" (hop istio) and "connection faults", each only when it has marks.
  const std::size_t mesh_index = std::size(rows), connection_index = mesh_index + 1;
  std::vector<LanePacker> packers(connection_index + 1, LanePacker(mark_width + 1, max_lanes));
  std::vector<std::size_t> lane_of(ordered.size());
  for (std::size_t i = 0; i < ordered.size(); ++i)
    lane_of[i] = packers[row_index(timeline_row(*ordered[i]))].place(scale.x(ordered[i]->arrival_unix_ms));
  std::vector<TimelineMark> mesh = input.mesh;
  std::stable_sort(mesh.begin(), mesh.end(), [](const auto& a, const auto& b) { return a.at_ms < b.at_ms; });
  std::vector<std::size_t> mesh_lane(mesh.size());
  for (std::size_t i = 0; i < mesh.size(); ++i) mesh_lane[i] = packers[mesh_index].place(scale.x(scale.start + mesh[i].at_ms));
  std::vector<std::size_t> fault_lane(connection_faults.size());
  for (std::size_t i = 0; i < connection_faults.size(); ++i)
    fault_lane[i] = packers[connection_index].place(scale.x(connection_faults[i].at_unix_ms));
  const auto shown = [&](std::size_t row) {
    return row < mesh_index || (row == mesh_index && !mesh.empty()) || (row == connection_index && !connection_faults.empty());
  };
  std::size_t crowded = 0;
  for (const auto& packer : packers) crowded += packer.crowded();

  std::string body;
  double y = 24;
  body += fmt::format("<text class=\"title\" x=\"12\" y=\"{}\" font-size=\"15\" font-weight=\"bold\">{}</text>\n", y,
                      xml_escape(input.title));
  for (const auto& line : pack_heading(input.heading)) {
    y += 17;
    body += fmt::format("<text class=\"heading\" x=\"12\" y=\"{}\" fill=\"#333333\">{}</text>\n", y, xml_escape(line));
  }
  y += 22;
  body += legend(y);
  y += 30;  // phase labels sit above the bands
  const double bands_top = y;

  // Rows: (first lane's top, lanes).
  std::vector<double> row_top(packers.size());
  for (std::size_t i = 0; i < packers.size(); ++i) {
    if (!shown(i)) continue;
    row_top[i] = y + row_padding;
    y += std::max<std::size_t>(packers[i].lanes(), 1) * lane_height + 2 * row_padding;
  }
  const double bands_bottom = y;

  // Phase bands first, so that marks are drawn over them.
  std::string phases;
  for (std::size_t i = 0; i < input.phases.size(); ++i) {
    const double x0 = scale.x(scale.start + input.phases[i].at_ms);
    const double x1 = i + 1 < input.phases.size() ? scale.x(scale.start + input.phases[i + 1].at_ms) : width - right;
    const bool settle = input.phases[i].label == "settle";
    phases += fmt::format("<rect class=\"band\" x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"{}\"/>\n", x0,
                          bands_top, std::max(x1 - x0, 0.0), bands_bottom - bands_top,
                          settle ? "#f1f1f1" : (i % 2 ? "#f7fbff" : "#eef5fd"));
    phases += fmt::format("<line class=\"phase\" x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" stroke=\"{3}\" stroke-dasharray=\"4 3\"/>\n",
                          x0, bands_top - 14, bands_bottom, phase_colour);
    // A label that would run past the right edge ends at its line instead of starting there.
    const double label_width = 7.0 * static_cast<double>(input.phases[i].label.size());
    const bool flip = x0 + 4 + label_width > width - 2;
    phases += fmt::format("<text class=\"phase-label\" x=\"{:.1f}\" y=\"{}\" fill=\"{}\"{}>{}</text>\n", flip ? x0 - 4 : x0 + 4,
                          bands_top - 4, phase_colour, flip ? " text-anchor=\"end\"" : "", xml_escape(input.phases[i].label));
  }
  body += phases;

  for (std::size_t i = 0; i < packers.size(); ++i) {
    if (!shown(i)) continue;
    const char* name = i < mesh_index ? rows[i].name : i == mesh_index ? mesh_row : connection_row;
    const char* colour = i < mesh_index ? rows[i].colour : i == mesh_index ? mesh_colour : connection_colour;
    const double height = std::max<std::size_t>(packers[i].lanes(), 1) * lane_height;
    body += fmt::format("<text class=\"row\" x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\" fill=\"{}\">{}</text>\n", left - 10,
                        row_top[i] + height / 2 + 4, colour, name);
    body += fmt::format("<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"#dddddd\"/>\n", left,
                        row_top[i] + height + row_padding, width - right, row_top[i] + height + row_padding);
  }

  // Requests: a mark per request; a retry is hollow with an arc from its payload's previous attempt.
  const std::map<std::uint64_t, std::uint64_t> previous_of = previous_attempts(input.ledger);  // id -> previous attempt's id
  std::map<std::uint64_t, std::pair<double, double>> position;  // request id -> (x, top) of its mark
  for (std::size_t i = 0; i < ordered.size(); ++i)
    position[ordered[i]->id] = {scale.x(ordered[i]->arrival_unix_ms),
                                row_top[row_index(timeline_row(*ordered[i]))] + lane_height * static_cast<double>(lane_of[i]) + 1};
  std::string marks, links;
  std::size_t retries = 0;
  for (const auto* record : ordered) {
    const auto& r = *record;
    const std::size_t row = row_index(timeline_row(r));
    const auto [x, top] = position[r.id];
    const auto previous = previous_of.find(r.id);
    const bool retry = previous != previous_of.end();
    if (retry) {
      ++retries;
      const auto [px, ptop] = position[previous->second];
      const double apex = std::min(ptop, top) - 14;
      links += fmt::format("<path class=\"retry-link\" d=\"M{:.1f} {:.1f} C{:.1f} {:.1f} {:.1f} {:.1f} {:.1f} {:.1f}\" "
                           "fill=\"none\" stroke=\"#555555\" stroke-width=\"1\" stroke-opacity=\"0.6\"/>\n",
                           px, ptop, px, apex, x, apex, x, top);
    }
    marks += fmt::format(
        "<rect class=\"request{}\" data-request=\"{}\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{}\" height=\"{}\" fill=\"{}\"{}>"
        "<title>{}</title></rect>\n",
        retry ? " retry" : "", r.id, x - mark_width / 2, top, mark_width, mark_height, retry ? "white" : rows[row].colour,
        retry ? fmt::format(" stroke=\"{}\" stroke-width=\"2\"", rows[row].colour) : "", xml_escape(record_title(r, retry)));
    if (r.committed)
      marks += fmt::format("<circle class=\"committed\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"2.5\" fill=\"black\"/>\n", x,
                           top + mark_height + 3.5);
  }
  for (std::size_t i = 0; i < mesh.size(); ++i)
    marks += fmt::format("<rect class=\"mesh\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{}</title></rect>\n",
                         scale.x(scale.start + mesh[i].at_ms) - mark_width / 2,
                         row_top[mesh_index] + lane_height * static_cast<double>(mesh_lane[i]) + 1, mark_width, mark_height,
                         mesh_colour, xml_escape(mesh[i].label));
  for (std::size_t i = 0; i < connection_faults.size(); ++i) {
    const auto& f = connection_faults[i];
    const double x = scale.x(f.at_unix_ms);
    const double top = row_top[connection_index] + lane_height * static_cast<double>(fault_lane[i]) + 3;
    marks += fmt::format(
        "<path class=\"connection-fault\" d=\"M{:.1f} {:.1f}l8 8m0 -8l-8 8\" stroke=\"{}\" stroke-width=\"2\">"
        "<title>{} conn {} after {} request(s) at {:+.3f}s</title></path>\n",
        x - 4, top, connection_colour, xml_escape(f.action), f.conn, f.requests, (f.at_unix_ms - scale.start) / 1000);
  }
  body += links + marks;

  const double step = tick_step_ms(scale.span);
  for (double t = 0; t <= scale.span + 1e-9; t += step)
    body += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" fill=\"#666666\">{:g}s</text>\n",
                        scale.x(scale.start + t), bands_bottom + 16, t / 1000);
  body += fmt::format("<text class=\"footer\" x=\"{}\" y=\"{:.1f}\" fill=\"#666666\">{} requests, {} of them retries; {} connection "
                      "fault(s); time since the first phase started{}</text>\n",
                      left, bands_bottom + 36, input.ledger.size(), retries, connection_faults.size(),
                      crowded ? fmt::format("; {} marks too crowded to stack cover others", crowded) : "");
  const double height = bands_bottom + 50;
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{:.0f}\" viewBox=\"0 0 {} {:.0f}\" "
      "font-family=\"sans-serif\" font-size=\"12\">\n",
      width, height, width, height);
  svg += fmt::format("<title>{}</title>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n", xml_escape(input.title));
  return svg + body + "</svg>\n";
}

}  // namespace rwchaos::harness
