#include "report/portfolio_report.h"

#include <array>

#include "report/pdf_document.h"
#include "report/report_text.h"

namespace hoshitori::report {

namespace {

constexpr TextStyle kTitle{18, 0.05};
constexpr TextStyle kHeading{12.5, 0.05};
constexpr TextStyle kSmall{8, 0.35};
constexpr TextStyle kCell{7.5, 0.12};
constexpr TextStyle kHead{7.5, 0.4};

constexpr std::array kCompliances{Compliance::kMeets, Compliance::kBelow, Compliance::kUnknown,
                                  Compliance::kExpired, Compliance::kOutsideChain};

std::string_view ComplianceWords(Language language, Compliance compliance) {
  switch (compliance) {
    case Compliance::kMeets:
      return Pick(language, "適合", "Meets");
    case Compliance::kBelow:
      return Pick(language, "不適合（レベル不足）", "Below the required level");
    case Compliance::kUnknown:
      return Pick(language, "不明（未共有）", "Unknown (not shared)");
    case Compliance::kExpired:
      return Pick(language, "期限切れ", "Expired");
    case Compliance::kOutsideChain:
      return Pick(language, "取引関係の登録なし", "Not in your declared chain");
  }
  return "";
}

std::string Star(int star) { return star > 0 ? "★" + std::to_string(star) : "—"; }

void Heading(PageComposer& page, std::string_view text) {
  page.Room(110);
  page.Advance(8);
  page.Advance(page.Text(text, kHeading, kMargin, page.y(), kContentWidth) + 2);
  if (page.drawing()) {
    cairo_set_source_rgb(page.cr(), 0.2, 0.35, 0.6);
    cairo_set_line_width(page.cr(), 0.8);
    cairo_move_to(page.cr(), kMargin, page.y());
    cairo_line_to(page.cr(), kMargin + kContentWidth, page.y());
    cairo_stroke(page.cr());
  }
  page.Advance(6);
}

// A bar of `count` out of `total` at the cursor's row, `width` points at full length.
void Bar(PageComposer& page, double x, double width, int count, int total, double height) {
  if (!page.drawing() || total <= 0) return;
  cairo_set_source_rgb(page.cr(), 0.9, 0.91, 0.93);
  cairo_rectangle(page.cr(), kMargin + x, page.y() + 1, width, height - 2);
  cairo_fill(page.cr());
  cairo_set_source_rgb(page.cr(), 0.15, 0.4, 0.75);
  cairo_rectangle(page.cr(), kMargin + x, page.y() + 1, width * count / total, height - 2);
  cairo_fill(page.cr());
}

// The table of every supplier (`rows`), headed again on each page it runs onto.
void SupplierTable(PageComposer& page, Language l, const std::vector<const PortfolioRow*>& rows) {
  const std::vector<Column> columns{{0, 128},
                                    {131, 58, Align::kLeft, false},
                                    {192, 22, Align::kCenter, false},
                                    {217, 58},
                                    {278, 46, Align::kLeft, false},
                                    {327, 22, Align::kCenter, false},
                                    {352, 18, Align::kCenter, false},
                                    {373, 60},
                                    {436, kContentWidth - 436}};
  const std::vector<std::string> head{std::string(Pick(l, "取引先", "Supplier")),
                                      std::string(Pick(l, "法人番号", "Corp. no.")),
                                      std::string(Pick(l, "保持", "Held")),
                                      std::string(Pick(l, "評価の種類", "Attestation")),
                                      std::string(Pick(l, "有効期限", "Valid to")),
                                      std::string(Pick(l, "要求", "Req.")),
                                      std::string(Pick(l, "階層", "Tier")),
                                      std::string(Pick(l, "適合状況", "Compliance")),
                                      std::string(Pick(l, "理由", "Reason"))};
  page.Row(columns, head, kHead);
  bool shade = false;
  for (const PortfolioRow* row : rows) {
    page.Row(columns,
             {row->name, row->corporate_number, Star(row->held_star),
              std::string(AttestationWords(l, row->attestation)), row->valid_until,
              row->required_star > 0 ? Star(row->required_star) : "",
              row->tier > 0 ? std::to_string(row->tier) : "",
              std::string(ComplianceWords(l, row->compliance)), row->reason},
             kCell, shade = !shade, &head, &kHead);
  }
}

void Compose(PageComposer& page, const PortfolioReport& r) {
  const Language l = r.language;
  page.Advance(
      page.Text(Pick(l, "取引先のセキュリティ状況 一覧レポート", "Supplier security portfolio"),
                kTitle, kMargin, page.y(), kContentWidth) +
      4);
  page.Advance(page.Text(r.buyer, {14, 0.05}, kMargin, page.y(), kContentWidth) + 2);
  std::string facts;
  if (!r.buyer_number.empty()) {
    facts += std::string(Pick(l, "法人番号 ", "Corporate number ")) + r.buyer_number + "　";
  }
  facts += std::string(Pick(l, "作成日：", "Prepared on: ")) + r.generated_on + "　" +
           std::string(Pick(l, "取引先：", "Suppliers: ")) + std::to_string(r.rows.size()) +
           std::string(Pick(l, " 社", ""));
  page.Paragraph(facts, kSmall, 4);
  page.Paragraph(Pick(l,
                      "共有を受けた評価と、自社の方針（要求レベル）から判定しています。"
                      "共有されていない取引先のレベルは「不明」です（★0 ではありません）。",
                      "Levels come from the assessments shared with you, requirements from your "
                      "policy. A supplier that shared nothing is unknown, not ★0."),
                 kSmall, 8);

  // Counts by compliance and by level held.
  std::array<int, kCompliances.size()> by_compliance{};
  std::array<int, 6> by_star{};
  int unshared = 0;
  for (const PortfolioRow& row : r.rows) {
    ++by_compliance[static_cast<size_t>(row.compliance)];
    if (row.attestation.empty() && row.held_star == 0) {
      ++unshared;
    } else {
      ++by_star[static_cast<size_t>(row.held_star)];
    }
  }
  const int total = static_cast<int>(r.rows.size());
  const std::vector<Column> count_columns{{0, 170}, {175, 50, Align::kRight, false}};
  Heading(page, Pick(l, "方針への適合", "Compliance with your policy"));
  for (Compliance c : kCompliances) {
    const int count = by_compliance[static_cast<size_t>(c)];
    Bar(page, 235, kContentWidth - 235, count, total, 12);
    page.Row(count_columns, {std::string(ComplianceWords(l, c)), std::to_string(count)}, kCell);
  }
  Heading(page, Pick(l, "保持しているレベル", "Level held"));
  for (int star = 5; star >= 0; --star) {
    Bar(page, 235, kContentWidth - 235, by_star[static_cast<size_t>(star)], total, 12);
    page.Row(count_columns,
             {star > 0 ? StarRow(star) + " ★" + std::to_string(star)
                       : std::string(Pick(l, "レベルなし（共有あり）", "No level (shared)")),
              std::to_string(by_star[static_cast<size_t>(star)])},
             kCell);
  }
  Bar(page, 235, kContentWidth - 235, unshared, total, 12);
  page.Row(count_columns,
           {std::string(Pick(l, "不明（共有なし）", "Unknown (nothing shared)")),
            std::to_string(unshared)},
           kCell);

  // The suppliers whose level is unknown, first: they are the buyer's next requests.
  std::vector<const PortfolioRow*> unknown, all;
  for (const PortfolioRow& row : r.rows) {
    all.push_back(&row);
    if (row.compliance == Compliance::kUnknown) unknown.push_back(&row);
  }
  Heading(page, std::string(Pick(l, "レベルが不明な取引先（", "Suppliers of unknown level (")) +
                    std::to_string(unknown.size()) + std::string(Pick(l, " 社）", ")")));
  if (unknown.empty()) {
    page.Paragraph(Pick(l, "ありません。", "None."), kSmall);
  } else {
    page.Paragraph(Pick(l, "評価の共有を依頼してください。", "Ask them to share an assessment."),
                   kSmall, 4);
    SupplierTable(page, l, unknown);
  }
  Heading(page, Pick(l, "すべての取引先", "All suppliers"));
  SupplierTable(page, l, all);
}

}  // namespace

Status CheckPortfolioReport(const PortfolioReport& r) {
  const auto invalid = [](const std::string& message) {
    return MakeError(ErrorKind::kInvalid, "invalid report", "report: " + message);
  };
  if (r.rows.size() > kMaxPortfolioRows) {
    return invalid("more than " + std::to_string(kMaxPortfolioRows) + " suppliers / 取引先が " +
                   std::to_string(kMaxPortfolioRows) + " 社を超えています");
  }
  for (const auto& [name, text] :
       {std::pair<std::string_view, const std::string&>{"buyer", r.buyer},
        {"buyer_number", r.buyer_number},
        {"generated_on", r.generated_on}}) {
    if (auto checked = CheckReportText(text, name); !checked) return checked;
  }
  for (const PortfolioRow& row : r.rows) {
    for (const auto& [name, text] :
         {std::pair<std::string_view, const std::string&>{"rows.name", row.name},
          {"rows.corporate_number", row.corporate_number},
          {"rows.attestation", row.attestation},
          {"rows.valid_until", row.valid_until},
          {"rows.reason", row.reason}}) {
      if (auto checked = CheckReportText(text, name); !checked) return checked;
    }
    if (row.held_star < 0 || row.held_star > 5 || row.required_star < 0 || row.required_star > 5) {
      return invalid("a star level is outside 0..5 / レベルは 0〜5 です");
    }
    if (row.tier < 0 || row.tier > kMaxPortfolioTier) {
      return invalid("a tier is outside 0.." + std::to_string(kMaxPortfolioTier) +
                     " / 階層が範囲外です");
    }
  }
  return OkStatus();
}

Result<std::string> RenderPortfolioReportPdf(const PortfolioReport& report) {
  if (auto checked = CheckPortfolioReport(report); !checked) return checked.error();
  DocumentInfo info;
  info.title = std::string(Pick(report.language, "取引先一覧レポート", "Supplier portfolio")) +
               " — " + report.buyer;
  info.author = "Hoshitori";
  info.created_at = report.generated_on.empty() ? "" : report.generated_on + "T00:00:00Z";
  return RenderDocument(info, [&](PageComposer& page) { Compose(page, report); });
}

}  // namespace hoshitori::report
