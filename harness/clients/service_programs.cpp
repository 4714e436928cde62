#include "harness/clients/service_programs.hpp"

namespace rwchaos::harness {

const std::vector<ServiceProgram>& service_programs() {
  // Storage stays 1.79.5 by default: it reads only snappy remote-write 1.0 (docs/clients.md), and the
  // results of docs/results/ were measured against it.
  static const std::vector<ServiceProgram> programs = {
      {"storage", "victoria-metrics", "victoria-metrics", {"1.79.5", "1.112.0"}, "1.79.5"},
      {"hop", "haproxy", "haproxy", {"2.6.12"}, "2.6.12"},
      {"hop", "vmauth", "vmauth", {"1.112.0"}, "1.112.0"},
  };
  return programs;
}

const ServiceProgram* find_service_program(const std::string& role, const std::string& kind) {
  for (const auto& program : service_programs())
    if (program.role == role && program.kind == kind) return &program;
  return nullptr;
}

}  // namespace rwchaos::harness
