#include "report/management_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>

#include "report/pdf_document.h"
#include "report/report_text.h"

namespace hoshitori::report {

namespace {

constexpr TextStyle kTitle{18, 0.05};
constexpr TextStyle kHeading{12.5, 0.05};
constexpr TextStyle kBody{9.5, 0.12};
constexpr TextStyle kSmall{8, 0.35};
constexpr TextStyle kCell{8.5, 0.12};

std::string Percent(double share) {
  char text[16];
  std::snprintf(text, sizeof text, "%.0f%%", std::clamp(share, 0.0, 1.0) * 100);
  return text;
}

std::string_view EffortWords(Language language, int effort) {
  if (effort <= 1) return Pick(language, "小：数時間でできる", "Small: a few hours");
  if (effort == 2) return Pick(language, "中：数日・少額の費用", "Medium: a few days, small cost");
  return Pick(language, "大：数週間・予算が必要", "Large: weeks, needs a budget");
}

std::string_view AnswerWords(Language language, std::string_view status) {
  if (status == "implemented") return Pick(language, "実施している", "Done");
  if (status == "partial") return Pick(language, "一部実施している", "Partly done");
  if (status == "not_implemented") return Pick(language, "実施していない", "Not done");
  if (status == "not_applicable") return Pick(language, "当てはまらない", "Does not apply");
  return Pick(language, "わからない・未回答", "Unknown or unanswered");
}

std::string Star(int star) { return star > 0 ? "★" + std::to_string(star) : "—"; }

// A section heading with a rule under it; keeps `keep_with` points of what follows on the
// same page.
void Heading(PageComposer& page, std::string_view text, double keep_with = 60) {
  page.Room(24 + keep_with);
  page.Advance(8);
  const double height = page.Text(text, kHeading, kMargin, page.y(), kContentWidth);
  page.Advance(height + 2);
  if (page.drawing()) {
    cairo_set_source_rgb(page.cr(), 0.2, 0.35, 0.6);
    cairo_set_line_width(page.cr(), 0.8);
    cairo_move_to(page.cr(), kMargin, page.y());
    cairo_line_to(page.cr(), kMargin + kContentWidth, page.y());
    cairo_stroke(page.cr());
  }
  page.Advance(6);
}

// The radar of coverage by category, own values filled and the average dashed, in a square of
// `size` points whose top left is at (x, y). Needs at least three categories.
void Radar(PageComposer& page, const ManagementReport& report, double x, double y, double size) {
  const size_t n = report.categories.size();
  const double label_room = 78;
  const double radius = size / 2 - label_room / 2 - 8;
  const double cx = x + size / 2;
  const double cy = y + size / 2;
  const auto point = [&](size_t i, double share) {
    const double angle = -std::numbers::pi / 2 + 2 * std::numbers::pi * static_cast<double>(i) / n;
    const double r = radius * std::clamp(share, 0.0, 1.0);
    return std::pair{cx + r * std::cos(angle), cy + r * std::sin(angle)};
  };
  cairo_t* cr = page.cr();
  if (page.drawing()) {
    cairo_set_line_width(cr, 0.5);
    for (double ring : {0.25, 0.5, 0.75, 1.0}) {
      cairo_set_source_rgb(cr, 0.8, 0.8, 0.8);
      for (size_t i = 0; i <= n; ++i) {
        const auto [px, py] = point(i % n, ring);
        if (i == 0) {
          cairo_move_to(cr, px, py);
        } else {
          cairo_line_to(cr, px, py);
        }
      }
      cairo_stroke(cr);
    }
    for (size_t i = 0; i < n; ++i) {
      const auto [px, py] = point(i, 1.0);
      cairo_move_to(cr, cx, cy);
      cairo_line_to(cr, px, py);
    }
    cairo_stroke(cr);
    const auto polygon = [&](auto value_of) {
      for (size_t i = 0; i <= n; ++i) {
        const auto [px, py] = point(i % n, value_of(report.categories[i % n]));
        if (i == 0) {
          cairo_move_to(cr, px, py);
        } else {
          cairo_line_to(cr, px, py);
        }
      }
      cairo_close_path(cr);
    };
    polygon([](const CategoryLine& c) { return c.coverage; });
    cairo_set_source_rgba(cr, 0.15, 0.4, 0.75, 0.25);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.15, 0.4, 0.75);
    cairo_set_line_width(cr, 1.5);
    cairo_stroke(cr);
    if (report.average_contributors > 0) {
      polygon([](const CategoryLine& c) { return c.average.value_or(0); });
      const double dash[] = {4, 3};
      cairo_set_dash(cr, dash, 2, 0);
      cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
      cairo_set_line_width(cr, 1.2);
      cairo_stroke(cr);
      cairo_set_dash(cr, nullptr, 0, 0);
    }
  }
  // Labels outside the outer ring, aligned away from the centre.
  for (size_t i = 0; i < n; ++i) {
    const auto [px, py] = point(i, 1.0);
    const double dx = px - cx;
    const Align align = std::abs(dx) < 4 ? Align::kCenter : dx > 0 ? Align::kLeft : Align::kRight;
    const std::string label =
        report.categories[i].name + " " + Percent(report.categories[i].coverage);
    const TextStyle style{7.5, 0.15, align};
    const double height = page.Measure(label, style, label_room).height;
    double lx = align == Align::kCenter ? px - label_room / 2
                : align == Align::kLeft ? px + 4
                                        : px - 4 - label_room;
    double ly = py - height / 2;
    if (align == Align::kCenter) ly = py < cy ? py - height - 3 : py + 3;
    page.Text(label, style, lx, ly, label_room);
  }
}

void Compose(PageComposer& page, const ManagementReport& r) {
  const Language l = r.language;
  page.Advance(page.Text(Pick(l, "セキュリティ対策 経営者向けレポート",
                              "Security measures: report for management"),
                         kTitle, kMargin, page.y(), kContentWidth) +
               4);
  page.Advance(page.Text(r.organisation, {15, 0.05}, kMargin, page.y(), kContentWidth) + 2);
  std::string facts;
  if (!r.corporate_number.empty()) {
    facts += std::string(Pick(l, "法人番号 ", "Corporate number ")) + r.corporate_number + "　";
  }
  facts += std::string(Pick(l, "評価基準：", "Framework: ")) + r.framework + "　" +
           std::string(Pick(l, "評価：", "Assessment: ")) + r.assessment + "　" +
           std::string(Pick(l, "状態：", "Status: ")) + std::string(StatusWords(l, r.status)) +
           "\n" + std::string(Pick(l, "作成日：", "Prepared on: ")) + r.generated_on;
  page.Paragraph(facts, kSmall, 10);

  // The two levels side by side.
  const double box_top = page.y();
  const double half = (kContentWidth - 12) / 2;
  const auto level_box = [&](double x, std::string_view label, int star, std::string note) {
    double y = box_top + 8;
    y += page.Text(label, {9.5, 0.3, Align::kCenter}, x, y, half);
    y += page.Text(Star(star), {30, 0.05, Align::kCenter}, x, y, half);
    y += page.Text(StarRow(star), {12, 0.35, Align::kCenter}, x, y, half);
    y += page.Text(note, {8, 0.35, Align::kCenter}, x + 8, y + 2, half - 16) + 10;
    return y - box_top;
  };
  std::string held_note = std::string(AttestationWords(l, r.attestation));
  if (!r.valid_until.empty()) {
    held_note += std::string(Pick(l, "　有効期限 ", "; valid until ")) + r.valid_until;
  }
  const double held_height =
      level_box(kMargin, Pick(l, "保持しているレベル", "Level held"), r.held_star, held_note);
  const double eligible_height = level_box(
      kMargin + half + 12, Pick(l, "回答が満たしているレベル", "Level the answers meet"),
      r.eligible_star,
      std::string(r.held_star >= r.eligible_star
                      ? Pick(l, "保持しているレベルと同じです", "the same as the level held")
                      : Pick(l, "確認・評価を受けると保持できます",
                             "held once confirmed or evaluated as the level requires")));
  const double box_height = std::max(held_height, eligible_height);
  if (page.drawing()) {
    cairo_set_source_rgb(page.cr(), 0.7, 0.75, 0.85);
    cairo_set_line_width(page.cr(), 0.8);
    cairo_rectangle(page.cr(), kMargin, box_top, half, box_height);
    cairo_rectangle(page.cr(), kMargin + half + 12, box_top, half, box_height);
    cairo_stroke(page.cr());
  }
  page.Advance(box_height + 8);
  for (const std::string& reason : r.reasons) page.Paragraph("・" + reason, kSmall, 2);

  if (!r.details) {
    page.Advance(8);
    page.Paragraph(
        Pick(l,
             "この評価はレベルだけが共有されています。分類ごとの達成率、不足している対策、"
             "対策の計画は含まれません。",
             "Only the level of this assessment is shared with you: coverage by "
             "category, missing measures and the action plan are not included."),
        kBody);
    return;
  }

  // Coverage by category: the radar, then the table.
  Heading(page, Pick(l, "分類ごとの達成率", "Coverage by category"), 200);
  if (r.categories.size() >= 3) {
    const double size = 300;
    page.Room(size);
    Radar(page, r, kMargin + (kContentWidth - size) / 2, page.y(), size);
    page.Advance(size);
  }
  page.Paragraph(
      r.average_contributors > 0
          ? std::string(Pick(l, "実線：自社　破線：業種平均（同じ業種の ",
                             "Solid: your company. Dashed: industry average (latest assessments "
                             "of ")) +
                std::to_string(r.average_contributors) +
                std::string(Pick(l, " 社の最新の評価から）", " companies in your industry)"))
          : std::string(Pick(l,
                             "業種平均：表示できません（同じ業種の 5 社以上の回答が必要で、"
                             "評価した組織自身にだけ示します）。",
                             "Industry average: not shown (it needs at least 5 companies of the "
                             "industry and is shown to the assessed organisation only).")),
      kSmall, 6);
  const std::vector<Column> category_columns{{0, 215},
                                             {220, 60, Align::kRight, false},
                                             {285, 60, Align::kRight, false},
                                             {350, 55, Align::kRight, false},
                                             {410, 55, Align::kRight, false},
                                             {470, kContentWidth - 470, Align::kRight, false}};
  page.Row(category_columns,
           {std::string(Pick(l, "分類", "Category")), std::string(Pick(l, "達成率", "Coverage")),
            std::string(Pick(l, "業種平均", "Industry")), std::string(Pick(l, "実施", "Done")),
            std::string(Pick(l, "一部", "Partly")), std::string(Pick(l, "未実施", "Not done"))},
           {8, 0.4});
  bool shade = false;
  for (const CategoryLine& c : r.categories) {
    page.Row(category_columns,
             {c.name, Percent(c.coverage), c.average ? Percent(*c.average) : "—",
              std::to_string(c.implemented), std::to_string(c.partial),
              std::to_string(c.not_implemented)},
             kCell, shade = !shade);
  }
  if (r.unanswered > 0) {
    page.Advance(4);
    page.Paragraph(
        std::string(Pick(l, "まだ回答していない問いが ", "Questions still unanswered: ")) +
            std::to_string(r.unanswered) + std::string(Pick(l, " 問あります。", ".")),
        kBody);
  }

  // The gaps to the next level.
  if (r.next_star > 0) {
    Heading(page, std::string(Pick(l, "", "Missing for ")) + Star(r.next_star) +
                      std::string(Pick(l, " に足りない対策（", " (")) +
                      std::to_string(r.gaps.size()) + std::string(Pick(l, " 件）", ")")));
    if (r.gaps.empty()) {
      page.Paragraph(Pick(l, "ありません。", "None."), kBody);
    }
    const std::vector<Column> gap_columns{{0, 70}, {75, kContentWidth - 75}};
    shade = false;
    for (const GapLine& gap : r.gaps)
      page.Row(gap_columns, {gap.ref, gap.title}, kCell, shade = !shade);
  }

  // The action plan.
  Heading(page, Pick(l, "対策の計画（優先順）", "Action plan (in order of priority)"));
  page.Paragraph(
      Pick(l,
           "リスクを大きく減らし、手間の少ないものから並べています。手間の目安：小＝数時間、"
           "中＝数日・少額の費用、大＝数週間・予算が必要。",
           "Ordered by risk reduction and effort. Effort: small = a few hours, medium = "
           "a few days and a small cost, large = weeks and a budget."),
      kSmall, 6);
  if (r.plan.empty()) page.Paragraph(Pick(l, "必要な対策はありません。", "Nothing to do."), kBody);
  const std::vector<Column> plan_columns{{0, 22, Align::kRight, false},
                                         {28, 62},
                                         {94, 220},
                                         {318, 70},
                                         {392, 30, Align::kCenter, false},
                                         {426, kContentWidth - 426}};
  if (!r.plan.empty()) {
    page.Row(plan_columns,
             {"#", std::string(Pick(l, "番号", "Ref")), std::string(Pick(l, "対策", "Measure")),
              std::string(Pick(l, "現状", "Now")), std::string(Pick(l, "必要", "For")),
              std::string(Pick(l, "手間の目安", "Effort"))},
             {8, 0.4});
  }
  shade = false;
  int number = 0;
  for (const ActionLine& step : r.plan) {
    page.Row(
        plan_columns,
        {std::to_string(++number), step.ref, step.title, std::string(AnswerWords(l, step.status)),
         step.needed_for_star > 0 ? Star(step.needed_for_star) : "",
         std::string(EffortWords(l, step.effort))},
        kCell, shade = !shade);
  }
}

}  // namespace

Status CheckManagementReport(const ManagementReport& r) {
  struct Field {
    std::string_view name;
    const std::string& text;
  };
  for (const Field& f :
       {Field{"organisation", r.organisation}, Field{"corporate_number", r.corporate_number},
        Field{"assessment", r.assessment}, Field{"framework", r.framework},
        Field{"status", r.status}, Field{"attestation", r.attestation},
        Field{"valid_until", r.valid_until}, Field{"generated_on", r.generated_on}}) {
    if (auto checked = CheckReportText(f.text, f.name); !checked) return checked;
  }
  const auto invalid = [](const std::string& message) {
    return MakeError(ErrorKind::kInvalid, "invalid report", "report: " + message);
  };
  for (int star : {r.held_star, r.eligible_star, r.next_star}) {
    if (star < 0 || star > 5) return invalid("a star level is outside 0..5 / レベルは 0〜5 です");
  }
  if (r.categories.size() > kMaxCategories || r.reasons.size() > kMaxReasons ||
      r.gaps.size() > kMaxReportItems || r.plan.size() > kMaxReportItems) {
    return invalid("too many categories, reasons, gaps or plan steps / 項目が多すぎます");
  }
  for (const std::string& reason : r.reasons) {
    if (auto checked = CheckReportText(reason, "reasons", true); !checked) return checked;
  }
  for (const CategoryLine& c : r.categories) {
    if (auto checked = CheckReportText(c.name, "categories.name"); !checked) return checked;
    const auto share = [](double v) { return v >= 0 && v <= 1; };
    if (!share(c.coverage) || (c.average && !share(*c.average))) {
      return invalid("a coverage is outside 0..1 / 達成率は 0〜1 です");
    }
  }
  for (const GapLine& g : r.gaps) {
    if (auto checked = CheckReportText(g.ref, "gaps.ref"); !checked) return checked;
    if (auto checked = CheckReportText(g.title, "gaps.title"); !checked) return checked;
  }
  for (const ActionLine& a : r.plan) {
    if (auto checked = CheckReportText(a.ref, "plan.ref"); !checked) return checked;
    if (auto checked = CheckReportText(a.title, "plan.title"); !checked) return checked;
    if (auto checked = CheckReportText(a.status, "plan.status"); !checked) return checked;
  }
  return OkStatus();
}

Result<std::string> RenderManagementReportPdf(const ManagementReport& report) {
  if (auto checked = CheckManagementReport(report); !checked) return checked.error();
  DocumentInfo info;
  info.title = std::string(Pick(report.language, "経営者向けレポート", "Management report")) +
               " — " + report.organisation;
  info.author = "Hoshitori";
  info.created_at = report.generated_on.empty() ? "" : report.generated_on + "T00:00:00Z";
  return RenderDocument(info, [&](PageComposer& page) { Compose(page, report); });
}

}  // namespace hoshitori::report
