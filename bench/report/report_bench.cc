// Renders the supplier-portfolio report of N synthetic suppliers (default 4,000: one
// industry's yearly campaign) and prints wall time, CPU time, pages, bytes and peak memory.
// Usage: report_bench [suppliers] [repeat] [out.pdf]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <string>

#include "report/portfolio_report.h"

namespace {

using hoshitori::report::Compliance;
using hoshitori::report::PortfolioReport;
using hoshitori::report::PortfolioRow;

PortfolioReport Synthetic(int suppliers) {
  PortfolioReport report;
  report.buyer = "星取自動車株式会社";
  report.buyer_number = "1234567890123";
  report.generated_on = "2026-12-06";
  const char* reasons[] = {"機密情報を扱う", "停止すると生産に支障", "社内システムに接続する", ""};
  const char* attestations[] = {"self", "expert_confirmed", "third_party", ""};
  for (int i = 0; i < suppliers; ++i) {
    PortfolioRow row;
    row.name = "サンプル部品工業" + std::to_string(i) + "株式会社";
    row.corporate_number = std::to_string(1000000000000LL + i);
    row.attestation = attestations[i % 4];
    row.held_star = row.attestation.empty() ? 0 : 2 + i % 3;
    if (!row.attestation.empty()) row.valid_until = "2027-0" + std::to_string(1 + i % 9) + "-30";
    row.compliance = static_cast<Compliance>(i % 5);
    if (row.compliance != Compliance::kOutsideChain) {
      row.required_star = 3 + i % 2;
      row.tier = 1 + i % 4;
    }
    row.reason = reasons[i % 4];
    report.rows.push_back(row);
  }
  return report;
}

double CpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
  const int suppliers = argc > 1 ? std::atoi(argv[1]) : 4000;
  const int repeat = argc > 2 ? std::atoi(argv[2]) : 3;
  const PortfolioReport report = Synthetic(suppliers);
  std::string pdf;
  for (int run = 1; run <= repeat; ++run) {
    const auto start = std::chrono::steady_clock::now();
    const double cpu = CpuSeconds();
    auto rendered = hoshitori::report::RenderPortfolioReportPdf(report);
    const double cpu_seconds = CpuSeconds() - cpu;
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!rendered) {
      std::fprintf(stderr, "report_bench: %s\n", rendered.error().message.c_str());
      return 1;
    }
    pdf = std::move(rendered).value();
    std::printf("run %d: %d suppliers, %.2f s wall, %.2f s CPU, %zu bytes\n", run, suppliers, wall,
                cpu_seconds, pdf.size());
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("peak memory: %.1f MiB\n", static_cast<double>(usage.ru_maxrss) / 1024);
  if (argc > 3) std::ofstream(argv[3], std::ios::binary) << pdf;
  return 0;
}
