// The sharing-group pages (web_groups.cc, issue 16) through WebApp over an in-process API: an
// ISAC's admin starts a group, invites an organisation by a corporate number typed with
// full-width digits and hyphens; the invited admin finds the invitation on /groups and in the
// inbox (whose entry opens /groups), accepts, and sees both members and the TAXII collection;
// a plain member of the group cannot manage it, an outsider gets 404 for every address of it;
// the admin revokes an invitation, removes the member (never the owner) and closes the group;
// a declined invitation is listed as ended; the invitation e-mail's link (/groups) survives a
// sign-in. Refused forms stay on the page with the reason.
// Runs on SQLite, and on PostgreSQL with HOSHITORI_API_TEST_BACKEND=postgresql.
#include <regex>
#include <set>

#include "service/taxii_service.h"
#include "web_test_support.h"

namespace hoshitori::web {
namespace {

using namespace testing_support;  // NOLINT(google-build-using-namespace)

// Every value of attribute `name` in `html`, in order.
std::vector<std::string> Attributes(const std::string& html, const std::string& name) {
  std::vector<std::string> out;
  const std::regex pattern(name + "=\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), pattern);
       it != std::sregex_iterator(); ++it) {
    out.push_back((*it)[1].str());
  }
  return out;
}

// The page's text as a browser reads it: mstch writes "/" as "&#x2F;" and "=" as "&#x3D;".
std::string Decoded(std::string html) {
  for (const auto& [from, to] :
       {std::pair<std::string, std::string>{"&#x2F;", "/"}, {"&#x3D;", "="}}) {
    for (size_t at = html.find(from); at != std::string::npos; at = html.find(from, at + 1)) {
      html.replace(at, from.size(), to);
    }
  }
  return html;
}

bool Shows(const HttpResponse& response, const std::string& needle) {
  return Decoded(response.body).find(needle) != std::string::npos;
}

// The group id of a Location such as "/groups/12?done=groups_created".
std::string GroupIdOf(const HttpResponse& response) {
  const std::string location = Location(response);
  std::smatch found;
  static const std::regex pattern("^/groups/([0-9]+)");
  const bool matched = std::regex_search(location, found, pattern);
  EXPECT_TRUE(matched) << location << response.body;
  return matched ? found[1].str() : "";
}

class WebGroupsTest : public WebAppTest {
 protected:
  // Signs up organisation `name` through the web form; returns its admin's browser.
  Browser SignUpAs(const std::string& number, const std::string& name, const std::string& email) {
    Browser browser(*web_);
    browser.Get("/signup");
    const auto response = browser.Post("/signup", {{"corporate_number", number},
                                                   {"name", name},
                                                   {"industry", "E"},
                                                   {"email", email},
                                                   {"display_name", "管理 太郎"},
                                                   {"password", "a long enough password"}});
    EXPECT_EQ(response.status, 303) << response.body;
    return browser;
  }
};

TEST_F(WebGroupsTest, AdminInvitesByFullWidthNumberMemberAcceptsAndIsRemoved) {
  Browser isac = SignUpAs("3400120034561", "自動車ISAC事務局", "admin@isac.example");
  Browser member = SignUpAs("7000012050002", "さくら部品株式会社", "admin@sakura.example");
  Browser outsider = SignUpAs("6100000000001", "北斗物流株式会社", "admin@hokuto.example");

  // An empty list, with the form to start a group.
  const auto empty = isac.Get("/groups");
  ASSERT_EQ(empty.status, 200);
  EXPECT_TRUE(Shows(empty, "まだどのグループにも参加していません。"));
  EXPECT_TRUE(Shows(empty, "<option value=\"cross_industry\">業種横断</option>"));

  // A refused form stays on the page with the reason (supply-chain groups are not started).
  const auto refused = isac.Post("/groups", {{"kind", "supply_chain"}, {"name", "x"}});
  EXPECT_EQ(refused.status, 422);
  EXPECT_TRUE(Shows(refused, "グループを作れませんでした。"));
  EXPECT_TRUE(Shows(refused, "isac / industry / cross_industry")) << refused.body;

  const auto created =
      isac.Post("/groups",
                {{"kind", "isac"}, {"name", "自動車部品 ISAC"}, {"description", "部品の攻撃情報"}});
  ASSERT_EQ(created.status, 303) << created.body;
  const std::string id = GroupIdOf(created);
  const std::string base = "/groups/" + id;
  EXPECT_EQ(Location(created), base + "?done=groups_created");

  // A bad number is refused on the page; one typed as an IME gives it is read.
  const auto bad = isac.Post(base + "/invite", {{"corporate_number", "１２３"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(Shows(bad, "招待できませんでした。"));
  EXPECT_TRUE(Shows(bad, "value=\"１２３\"")) << "the typed number is kept";
  const auto invited =
      isac.Post(base + "/invite", {{"corporate_number", "７０００－０１２０５－０００２"}});
  ASSERT_EQ(invited.status, 303) << invited.body;
  EXPECT_EQ(Location(invited), base + "?done=groups_invited");
  const auto twice = isac.Post(base + "/invite", {{"corporate_number", "7000012050002"}});
  EXPECT_EQ(twice.status, 422);
  EXPECT_TRUE(Shows(twice, "この組織への招待はすでに有効です")) << twice.body;

  const auto admin_view = isac.Get(base + "?done=groups_invited");
  ASSERT_EQ(admin_view.status, 200);
  EXPECT_TRUE(Shows(admin_view, "招待を送りました。"));
  EXPECT_TRUE(Shows(admin_view, "さくら部品株式会社 · 送信日"));
  EXPECT_TRUE(Shows(admin_view, "<strong>ISAC</strong>"));
  EXPECT_TRUE(Shows(admin_view, "部品の攻撃情報"));

  // The invited admin: the invitation on /groups and in the inbox, whose entry opens /groups.
  const auto invitations = member.Get("/groups");
  ASSERT_EQ(invitations.status, 200);
  EXPECT_TRUE(Shows(invitations, "自動車部品 ISAC</strong> (ISAC) · 運営: 自動車ISAC事務局"));
  const auto invitation_ids = Attributes(invitations.body, "data-invitation");
  ASSERT_EQ(invitation_ids.size(), 1u);
  const auto inbox = member.Get("/inbox");
  ASSERT_TRUE(Shows(inbox, "data-kind=\"group_invitation\"")) << inbox.body;
  const auto entries = Attributes(inbox.body, "data-entry");
  ASSERT_FALSE(entries.empty());
  const auto opened = member.Post("/inbox/" + entries.front() + "/read", {{"open", "1"}});
  EXPECT_EQ(Location(opened), "/groups");
  // Nobody else can answer it.
  EXPECT_EQ(outsider.Post("/groups/invitations/" + invitation_ids[0] + "/accept", {}).status, 404);

  const auto accepted = member.Post("/groups/invitations/" + invitation_ids[0] + "/accept", {});
  ASSERT_EQ(accepted.status, 303) << accepted.body;
  EXPECT_EQ(Location(accepted), base + "?done=groups_accepted");
  const auto member_view = member.Get(base);
  ASSERT_EQ(member_view.status, 200);
  EXPECT_TRUE(Shows(member_view, "自動車ISAC事務局 <small>(運営組織)</small>"));
  EXPECT_TRUE(Shows(member_view, "さくら部品株式会社 <small>(自社)</small>"));
  EXPECT_TRUE(Shows(member_view, "構成員 (2)"));
  const std::string collection = service::CollectionId(std::stoll(id));
  EXPECT_TRUE(Shows(member_view, "/taxii2/api1/collections/" + collection + "/objects/"));
  EXPECT_TRUE(Shows(member_view, "href=\"/tokens\""));
  // A plain member sees no admin form, and its change is refused on the page.
  EXPECT_FALSE(Shows(member_view, "/invite\""));
  EXPECT_FALSE(Shows(member_view, "/close\""));
  const auto not_admin = member.Post(base + "/close", {});
  EXPECT_EQ(not_admin.status, 422);
  EXPECT_TRUE(Shows(not_admin, "変更できませんでした。"));
  const auto listed = member.Get("/groups");
  EXPECT_TRUE(Shows(listed, "<td>ISAC</td><td>構成員</td><td>2</td>")) << listed.body;
  EXPECT_TRUE(Shows(listed, "参加済み"));

  // An outsider: the group does not exist, whatever the address.
  EXPECT_EQ(outsider.Get(base).status, 404);
  EXPECT_EQ(outsider.Post(base + "/invite", {{"corporate_number", "6100000000001"}}).status, 404);
  EXPECT_EQ(outsider.Post(base + "/close", {}).status, 404);
  EXPECT_FALSE(Shows(outsider.Get("/groups"), "自動車部品 ISAC"));
  // A change without the page's CSRF token is refused.
  EXPECT_EQ(isac.Post(base + "/close", {}, false).status, 403);

  // The admin invites the outsider, then revokes the invitation.
  ASSERT_EQ(isac.Post(base + "/invite", {{"corporate_number", "6100000000001"}}).status, 303);
  const auto with_open = isac.Get(base);
  const auto open_ids = Attributes(with_open.body, "data-invitation");
  ASSERT_EQ(open_ids.size(), 1u) << with_open.body;
  EXPECT_EQ(isac.Post("/groups/999999/invitations/" + open_ids[0] + "/revoke", {}).status, 404);
  const auto revoked = isac.Post(base + "/invitations/" + open_ids[0] + "/revoke", {});
  EXPECT_EQ(Location(revoked), base + "?done=groups_revoked");
  EXPECT_TRUE(Attributes(isac.Get(base).body, "data-invitation").empty());
  EXPECT_TRUE(Shows(outsider.Get("/groups"), "取り消し"));

  // Removing: never the owner; the member, after which the group is gone for it.
  std::set<std::string> members;
  for (const std::string& org : Attributes(isac.Get(base).body, "data-member")) members.insert(org);
  ASSERT_EQ(members.size(), 2u);
  const std::string owner_org = Attributes(isac.Get(base).body, "data-member").front();
  const auto owner_removal = isac.Post(base + "/members/" + owner_org + "/remove", {});
  EXPECT_EQ(owner_removal.status, 422);
  EXPECT_TRUE(Shows(owner_removal, "運営組織やサプライチェーンの構成員は外せません"));
  members.erase(owner_org);
  const auto removed = isac.Post(base + "/members/" + *members.begin() + "/remove", {});
  EXPECT_EQ(Location(removed), base + "?done=groups_removed");
  EXPECT_FALSE(Shows(isac.Get(base), "さくら部品株式会社"));
  EXPECT_EQ(member.Get(base).status, 404);

  // Closing: off the list; its page says it is closed and offers no form.
  const auto closed = isac.Post(base + "/close", {});
  EXPECT_EQ(Location(closed), "/groups?done=groups_closed");
  EXPECT_FALSE(Shows(isac.Get("/groups"), "自動車部品 ISAC"));
  const auto closed_view = isac.Get(base);
  EXPECT_TRUE(Shows(closed_view, "このグループは閉鎖されました"));
  EXPECT_FALSE(Shows(closed_view, "/invite\""));
}

TEST_F(WebGroupsTest, DeclinedInvitationIsListedAsEndedAndEnglishPagesAreEnglish) {
  Browser owner = SignUpAs("3400120034561", "Kanto ISAC", "admin@kanto.example");
  Browser invited = SignUpAs("7000012050002", "Minato Parts", "admin@minato.example");
  const auto created =
      owner.Post("/groups", {{"kind", "cross_industry"}, {"name", "Cross-industry circle"}});
  ASSERT_EQ(created.status, 303);
  const std::string base = "/groups/" + GroupIdOf(created);
  ASSERT_EQ(owner.Post(base + "/invite", {{"corporate_number", "7000-0120-50002"}}).status, 303);

  const auto list = invited.Get("/groups?lang=en");
  ASSERT_EQ(list.status, 200);
  EXPECT_TRUE(Shows(list, "Invitations to your organisation"));
  EXPECT_TRUE(Shows(list, "(Cross-industry) · Run by Kanto ISAC"));
  const auto ids = Attributes(list.body, "data-invitation");
  ASSERT_EQ(ids.size(), 1u);
  const auto declined = invited.Post("/groups/invitations/" + ids[0] + "/decline", {});
  EXPECT_EQ(Location(declined), "/groups?done=groups_declined");
  const auto after = invited.Get("/groups?done=groups_declined");
  EXPECT_TRUE(Shows(after, "The invitation is declined."));
  EXPECT_TRUE(Shows(after, "data-state=\"declined\""));
  EXPECT_FALSE(Shows(after, "/accept\""));
  // Declined: answering again is refused on the page.
  const auto again = invited.Post("/groups/invitations/" + ids[0] + "/accept", {});
  EXPECT_EQ(again.status, 422);
  EXPECT_TRUE(Shows(again, "The invitation could not be answered."));
  EXPECT_EQ(invited.Get(base).status, 404);
}

TEST_F(WebGroupsTest, PlainMembersAreNotOfferedTheFormsAdminsGet) {
  Browser owner = SignUpAs("3400120034561", "自動車ISAC事務局", "admin@isac.example");
  const api::testing_support::Caller admin = SignUp("7000012050002", "admin@sakura.example");
  Invite(admin, "staff@sakura.example", "member");  // password "another long password"
  const auto created = owner.Post("/groups", {{"kind", "industry"}, {"name", "部品工業会"}});
  ASSERT_EQ(created.status, 303);
  ASSERT_EQ(owner
                .Post("/groups/" + GroupIdOf(created) + "/invite",
                      {{"corporate_number", "7000012050002"}})
                .status,
            303);
  // The staff member signs in through the login form.
  Browser browser(*web_);
  browser.Get("/login");
  ASSERT_EQ(browser
                .Post("/login",
                      {{"email", "staff@sakura.example"}, {"password", "another long password"}})
                .status,
            303);
  const auto list = browser.Get("/groups");
  ASSERT_EQ(list.status, 200);
  EXPECT_TRUE(Shows(list, "部品工業会"));
  EXPECT_TRUE(Shows(list, "招待に答えられるのは自社の管理者です。"));
  EXPECT_FALSE(Shows(list, "/accept\""));
  EXPECT_FALSE(Shows(list, "action=\"/groups\""));  // no form to start a group
  const auto ids = Attributes(list.body, "data-invitation");
  ASSERT_EQ(ids.size(), 1u);
  EXPECT_EQ(browser.Post("/groups/invitations/" + ids[0] + "/accept", {}).status, 422);
}

TEST_F(WebGroupsTest, TheInvitationLinkSurvivesSigningIn) {
  SignUpAs("3400120034561", "自動車ISAC事務局", "admin@isac.example");
  // The e-mail's link (/groups) opened signed out: sign in, then back on /groups.
  Browser browser(*web_);
  EXPECT_EQ(Location(browser.Get("/groups")), "/login?next=%2Fgroups");
  EXPECT_TRUE(Shows(browser.Get("/login?next=%2Fgroups"), "value=\"/groups\""));
  const auto signed_in = browser.Post("/login", {{"email", "admin@isac.example"},
                                                 {"password", "a long enough password"},
                                                 {"next", "/groups"}});
  EXPECT_EQ(Location(signed_in), "/groups");
  EXPECT_EQ(browser.Get("/groups").status, 200);
}

}  // namespace
}  // namespace hoshitori::web
