// The supplier's short road (issue 15) in AssessmentService, on SQLite and PostgreSQL: answers
// carried over from earlier assessments are proposals that count for nothing until confirmed,
// a renewal starts from the previous answers, the plan counts the target level's questions,
// and submission with a target level is refused (in the service, not only in the page) while
// criteria it needs are unanswered or the management declaration is missing.
#include <algorithm>
#include <cmath>

#include "api_test_support.h"
#include "service/assessment_service.h"

namespace hoshitori::api {
namespace {

using testing_support::ApiFixture;
using testing_support::Caller;
using testing_support::ShippedCatalog;

constexpr const char* kSupplier = "7000012050002";

Answer AnswerOf(const std::string& node_id, AnswerStatus status) {
  Answer answer;
  answer.node_id = node_id;
  answer.status = status;
  return answer;
}

class PrefillServiceTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    supplier_ = SignUp(kSupplier, "admin@supplier.example");
  }

  service::Context As(const Caller& caller) {
    service::Actor actor;
    actor.principal = service::Principal{caller.user_id, caller.org_id, Role::kOrgAdmin};
    return service::Context{*store_, ShippedCatalog(), clock_, nullptr, actor};
  }

  // A SECURITY ACTION assessment with every item answered `status`.
  int64_t SecurityAction(AnswerStatus status) {
    auto context = As(supplier_);
    service::AssessmentService assessments(context);
    const auto created = assessments.Create("security-action", "");
    EXPECT_TRUE(created.ok()) << created.error().message;
    const Framework& sa = *ShippedCatalog().FindFramework("security-action");
    service::AnswersToSave input;
    for (NodeIndex n : sa.assessable()) input.answers.push_back(AnswerOf(sa.nodes()[n].id, status));
    const auto saved = assessments.SaveAnswers(created->id, input);
    EXPECT_TRUE(saved.ok()) << saved.error().message;
    return created->id;
  }

  static const StoredCarriedAnswer* Find(const std::vector<StoredCarriedAnswer>& list,
                                         const std::string& node) {
    const auto found =
        std::find_if(list.begin(), list.end(), [&](const auto& a) { return a.node_id == node; });
    return found == list.end() ? nullptr : &*found;
  }

  Caller supplier_;
  const Clock clock_;
};

TEST_F(PrefillServiceTest, CarriedAnswersAreProposalsUntilConfirmed) {
  const int64_t source = SecurityAction(AnswerStatus::kImplemented);
  auto context = As(supplier_);
  service::AssessmentService assessments(context);
  const auto hub = assessments.Start(service::StartInput{"hoshitori-common", "", 3, ""});
  ASSERT_TRUE(hub.ok()) << hub.error().message;

  const auto carried = assessments.Carried(hub->id);
  ASSERT_TRUE(carried.ok()) << carried.error().message;
  // SA1-2 is equivalent to PR-06.1 (full): implemented; SA1-1 only intersects PR-05.1: partial.
  const StoredCarriedAnswer* antivirus = Find(*carried, "PR-06.1");
  ASSERT_NE(antivirus, nullptr);
  EXPECT_EQ(antivirus->status, "implemented");
  EXPECT_EQ(antivirus->source_assessment_id, source);
  EXPECT_EQ(antivirus->source_framework, "security-action");
  const auto chains = service::ParseProvenance(antivirus->provenance);
  ASSERT_TRUE(chains.ok());
  ASSERT_FALSE(chains->empty());
  EXPECT_EQ(chains->front().steps.front().framework, "security-action");
  EXPECT_EQ(chains->front().steps.front().node_id, "SA1-2");
  EXPECT_EQ(chains->front().steps.back().node_id, "PR-06.1");
  const StoredCarriedAnswer* updates = Find(*carried, "PR-05.1");
  ASSERT_NE(updates, nullptr);
  EXPECT_EQ(updates->status, "partial");

  // Not answered, not scored.
  const auto before = assessments.Answers(hub->id);
  ASSERT_TRUE(before.ok());
  EXPECT_TRUE(before->second.empty());
  const auto view = assessments.Get(hub->id);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(
      nlohmann::json::parse(view->result.evaluation).value("unanswered", -1),
      static_cast<int>(ShippedCatalog().FindFramework("hoshitori-common")->assessable().size()));
  EXPECT_EQ(view->target_star, 3);
  EXPECT_NE(view->name.find("★3"), std::string::npos) << view->name;

  // Confirming one makes it an answer and removes the proposal; the others still wait.
  const auto confirmed = assessments.ConfirmCarried(hub->id, {"PR-06.1"}, std::nullopt);
  ASSERT_TRUE(confirmed.ok()) << confirmed.error().message;
  const auto after = assessments.Answers(hub->id);
  ASSERT_EQ(after->second.size(), 1u);
  EXPECT_EQ(after->second[0].node_id, "PR-06.1");
  EXPECT_EQ(after->second[0].status, AnswerStatus::kImplemented);
  const auto waiting = assessments.Carried(hub->id);
  EXPECT_EQ(Find(*waiting, "PR-06.1"), nullptr);
  EXPECT_NE(Find(*waiting, "PR-05.1"), nullptr);
  EXPECT_EQ(waiting->size() + 1, carried->size());

  // Answering a criterion otherwise also settles its proposal.
  service::AnswersToSave input;
  input.answers.push_back(AnswerOf("PR-05.1", AnswerStatus::kImplemented));
  ASSERT_TRUE(assessments.SaveAnswers(hub->id, input).ok());
  EXPECT_EQ(Find(*assessments.Carried(hub->id), "PR-05.1"), nullptr);

  // Confirm all: every proposal becomes an answer.
  const auto all = assessments.ConfirmCarried(hub->id, {}, std::nullopt);
  ASSERT_TRUE(all.ok()) << all.error().message;
  EXPECT_TRUE(assessments.Carried(hub->id)->empty());
  EXPECT_EQ(assessments.Answers(hub->id)->second.size(), carried->size());
}

TEST_F(PrefillServiceTest, ARenewalStartsFromThePreviousAnswers) {
  SecurityAction(AnswerStatus::kNotImplemented);
  auto context = As(supplier_);
  service::AssessmentService assessments(context);
  const auto second = assessments.Create("security-action", "");
  ASSERT_TRUE(second.ok());
  const auto carried = assessments.Carried(second->id);
  ASSERT_TRUE(carried.ok());
  EXPECT_EQ(carried->size(),
            ShippedCatalog().FindFramework("security-action")->assessable().size());
  for (const StoredCarriedAnswer& a : *carried) {
    EXPECT_EQ(a.status, "not_implemented") << a.node_id;
    EXPECT_EQ(a.source_framework, "security-action");
  }
}

TEST_F(PrefillServiceTest, ThePlanCountsTheTargetLevelsQuestions) {
  auto context = As(supplier_);
  service::AssessmentService assessments(context);
  const Framework& hub = *ShippedCatalog().FindFramework("hoshitori-common");
  int star3 = 0;
  for (NodeIndex n : hub.assessable()) star3 += LowestStar(hub.nodes()[n].levels) <= 3;
  const auto empty = assessments.Plan("hoshitori-common", 3);
  ASSERT_TRUE(empty.ok()) << empty.error().message;
  EXPECT_EQ(empty->questions, star3);
  EXPECT_EQ(empty->carried, 0);
  EXPECT_EQ(empty->minutes,
            static_cast<int>(std::ceil(star3 * service::StartPlan::kMinutesPerQuestion)));
  const auto whole = assessments.Plan("hoshitori-common", std::nullopt);
  EXPECT_EQ(whole->questions, static_cast<int>(hub.assessable().size()));

  SecurityAction(AnswerStatus::kImplemented);
  const auto prefilled = assessments.Plan("hoshitori-common", 3);
  EXPECT_GT(prefilled->carried, 0);
  EXPECT_LT(prefilled->minutes, empty->minutes);

  const auto no_such_level = assessments.Plan("security-action", 4);
  ASSERT_FALSE(no_such_level.ok());
  EXPECT_EQ(no_such_level.error().kind, ErrorKind::kInvalid);
}

TEST_F(PrefillServiceTest, SubmissionForATargetNeedsItsCriteriaAndTheDeclaration) {
  SecurityAction(AnswerStatus::kImplemented);
  auto context = As(supplier_);
  service::AssessmentService assessments(context);
  const auto hub = assessments.Start(service::StartInput{"hoshitori-common", "", 3, "My ★3"});
  ASSERT_TRUE(hub.ok());
  EXPECT_EQ(assessments.Get(hub->id)->name, "My ★3");

  // Nothing answered (proposals do not count): refused, naming what is missing.
  auto check = assessments.CheckSubmission(hub->id);
  ASSERT_TRUE(check.ok());
  EXPECT_FALSE(check->ready());
  EXPECT_TRUE(check->declaration_required);
  EXPECT_FALSE(check->unconfirmed.empty());
  service::SubmissionInput input;
  input.declaration =
      service::DeclarationInput{"山田 太郎", "代表取締役", FormatDate(clock_.Today()),
                                std::string(service::CurrentDeclarationText().version)};
  auto refused = assessments.Submit(hub->id, input);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kInvalid);
  EXPECT_NE(refused.error().message.find("★3"), std::string::npos) << refused.error().message;
  EXPECT_EQ(store_->GetAssessment(hub->id).value()->attestation.status, AssessmentStatus::kDraft);

  // Every ★3 criterion answered (★4 ones left open): only the declaration is missing now.
  const Framework& framework = *ShippedCatalog().FindFramework("hoshitori-common");
  service::AnswersToSave answers;
  for (NodeIndex n : framework.assessable()) {
    if (LowestStar(framework.nodes()[n].levels) == 3) {
      answers.answers.push_back(AnswerOf(framework.nodes()[n].id, AnswerStatus::kImplemented));
    }
  }
  ASSERT_TRUE(assessments.SaveAnswers(hub->id, answers).ok());
  check = assessments.CheckSubmission(hub->id);
  EXPECT_TRUE(check->ready());
  auto without_declaration = assessments.Submit(hub->id, service::SubmissionInput{});
  ASSERT_FALSE(without_declaration.ok());
  EXPECT_EQ(without_declaration.error().title, "Management declaration required");

  const auto submitted = assessments.Submit(hub->id, input);
  ASSERT_TRUE(submitted.ok()) << submitted.error().message;
  EXPECT_EQ(submitted->record.attestation.status, AssessmentStatus::kSubmitted);
  EXPECT_EQ(submitted->result.eligible_star, 3);
}

TEST_F(PrefillServiceTest, WithoutATargetSubmissionIsAsBefore) {
  auto context = As(supplier_);
  service::AssessmentService assessments(context);
  const auto created = assessments.Create("security-action", "");
  ASSERT_TRUE(created.ok());
  const auto check = assessments.CheckSubmission(created->id);
  ASSERT_TRUE(check.ok());
  EXPECT_TRUE(check->ready());
  EXPECT_FALSE(check->declaration_required);
  EXPECT_TRUE(assessments.Submit(created->id, service::SubmissionInput{}).ok());
}

}  // namespace
}  // namespace hoshitori::api
