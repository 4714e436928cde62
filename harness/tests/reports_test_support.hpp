#pragma once
// Sample reports for the reports_* tests.
#include "harness/reports/run_report.hpp"

namespace rwchaos::harness::test {

inline RunReport passing_report() {
  RunReport r;
  r.scenario = "uc503-after-commit";
  r.file = "suites/uc503.yaml";
  r.client = {"vmalert", "/usr/bin/vmalert", "v1.79.5"};
  r.counts.lost = 0;
  r.counts.retries = 3;
  r.counts.duplicated = 2;
  r.counts.faults_injected = 3;
  r.counts.retry_intervals_ms = {500, 1000, 2000};
  r.checks = {{"lost", 0, 0, true}, {"retries", {{"min", 1}}, 3, true}};
  r.verdict = verdict_of(r.checks);
  r.rule = Rule{"Senders MUST retry on 5xx", "MUST", "https://prometheus.io/docs/concepts/remote_write_spec/"};
  r.seed = 42;
  r.measured = true;
  r.started = "2026-11-23T12:00:00.000Z";
  r.finished = "2026-11-23T12:00:40.500Z";
  r.duration = 40.5;
  return r;
}

inline RunReport failing_report() {
  RunReport r = passing_report();
  r.scenario = "retry-on-400 <&\"'>";
  r.client.kind = "vmagent";
  r.counts.lost = 5;
  r.counts.silent_loss = 5;
  r.counts.retried_4xx = 2;
  r.checks = {{"lost", 0, 5, false}, {"retried_4xx", 0, 2, false}, {"retries", {{"min", 1}}, 3, true}};
  r.verdict = verdict_of(r.checks);
  return r;
}

inline RunReport error_report() {
  RunReport r = passing_report();
  r.scenario = "no-binary";
  r.client.kind = "prometheus";
  r.verdict = "error";
  r.measured = false;
  r.error = "prometheus: binary not found on PATH";
  r.checks.clear();
  return r;
}

}  // namespace rwchaos::harness::test
