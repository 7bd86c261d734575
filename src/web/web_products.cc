// The pages of a supplier's products, their SBOMs and VEX statements (issue 17), over
// service::ProductService:
//   /products                    the organisation's products, and a form to add one
//   /products/{id}               one product's versions, and a form to add a version
//   /product-versions/{id}       one version: its SBOM (counts, components by page, download as
//                                CycloneDX 1.6), its VEX statements (a form per statement, a
//                                form to add one, download as OpenVEX), its deliveries to buyers
//                                and the versions it contains; a buyer it is delivered to reads
//                                there what the supplier shared with it
//   /product-versions/{id}/sbom  (POST, multipart) the SBOM upload form
//   /product-versions/{id}/vex   (POST, multipart) the VEX upload form (OpenVEX or CycloneDX)
//   /deliveries                  the buyer's side: the versions its suppliers deliver to it
// Every other change is a form POST to the page with a field "action". The rules — who sees
// and changes what, what is valid, that nothing is stored when a file does not read — are the
// service's; the pages only show them. Downloads link to the API (/api/v1/product-versions/
// {id}/sbom and /vex), which reads the same session cookie and authorises the same way.
#include <algorithm>
#include <map>
#include <set>

#include "core/error_kind.h"
#include "sbom/vex.h"
#include "service/product_service.h"
#include "service/relationship_service.h"
#include "web/web_app.h"
#include "web/web_page.h"

namespace hoshitori::web {

using api::HttpResponse;
using nlohmann::json;

namespace {

// Components shown per page of the version page.
constexpr int64_t kComponentsPerPage = 50;

// What a page handler decided: a response of its own (a redirect), "not found", or a template
// to render with its context.
struct Outcome {
  std::optional<HttpResponse> response;
  bool not_found = false;
  std::string view;
  json context = json::object();
  int status = 200;
};

Outcome RedirectTo(const std::string& location) {
  Outcome out;
  out.response = Redirect(location);
  return out;
}

// A page to render with template `view`, its menu entry `nav` current.
Outcome Show(WebApp::Page& page, const std::string& view, const std::string& nav) {
  Outcome out;
  out.view = view;
  page.nav = nav;
  return out;
}

Outcome Missing() {
  Outcome out;
  out.not_found = true;
  return out;
}

std::string OrganisationName(const service::Party& party) {
  return party.organisation ? party.organisation->name : "#" + std::to_string(party.id);
}

// The justification names offered when editing a statement: OpenVEX's five (sbom/vex.h); a
// CycloneDX code already stored is offered too, so that saving keeps it.
constexpr const char* kOpenVexJustifications[] = {
    "component_not_present", "vulnerable_code_not_present", "vulnerable_code_not_in_execute_path",
    "vulnerable_code_cannot_be_controlled_by_adversary", "inline_mitigations_already_exist"};
constexpr const char* kVexStatuses[] = {"not_affected", "affected", "fixed", "under_investigation"};

// The pages of one request, run on one service context as the signed-in user.
class ProductRequest {
 public:
  ProductRequest(const TemplateSet& templates, WebApp::Page& page, service::Context& context)
      : t_(templates), page_(page), lang_(page.lang), products_(context), context_(context) {}

  Outcome ProductList();
  Outcome Product(int64_t product_id);
  Outcome Version(int64_t version_id);
  Outcome Upload(int64_t version_id, bool sbom);
  Outcome Deliveries();

 private:
  const std::string& Msg(const std::string& key) const { return t_.Message(lang_, key); }
  // A label from the messages for `prefix + name`, or `name` itself when there is none.
  std::string Label(const std::string& prefix, const std::string& name) const {
    const std::string& text = Msg(prefix + name);
    return text == prefix + name ? name : text;
  }
  json Problem(const Error& error, const std::string& file_name = "") const;
  json Options(const char* const* names, size_t count, const std::string& prefix,
               const std::string& chosen, bool with_empty) const;
  json KindOptions(const std::string& chosen) const;
  json StatementsContext(const std::vector<VexStatementRow>& rows, bool editable) const;
  // The confirmed relationships in which the caller's organisation buys (`as_buyer`) or
  // supplies; none when they cannot be read.
  std::vector<service::RelationshipEntry> ConfirmedRelationships(bool as_buyer);
  Outcome VersionPage(int64_t version_id, json problem);
  Status VersionChange(int64_t version_id);

  const TemplateSet& t_;
  WebApp::Page& page_;
  const std::string& lang_;
  service::ProductService products_;
  service::Context& context_;
};

json ProductRequest::Problem(const Error& error, const std::string& file_name) const {
  // A file that does not read: the reader's "<file>: <place>: <reason>" (English, as the
  // readers write it) is shown as its three parts, labelled in the page's language.
  static const std::map<std::string, std::string> kKeys = {
      {"Invalid SBOM", "products_error_sbom"},
      {"Unknown SBOM format", "products_error_sbom"},
      {"Invalid VEX", "products_error_vex"},
      {"Unknown VEX format", "products_error_vex"},
      {"File too large", "products_error_sbom"},
      {"Product exists", "products_error_exists"},
      {"Version exists", "products_error_exists"},
      {"Delivery exists", "products_error_exists"},
      {"Containment exists", "products_error_exists"},
      {"Containment cycle", "products_error_cycle"},
      {"Justification required", "products_error_justification"},
  };
  json out = ProblemForPage(t_, lang_, error);
  if (const auto key = kKeys.find(error.title); key != kKeys.end())
    out["message"] = Msg(key->second);
  const bool reader = error.title == "Invalid SBOM" || error.title == "Invalid VEX";
  std::string detail = reader ? error.message : PickLanguage(error.message, lang_);
  if (!file_name.empty() && detail.starts_with(file_name + ": ")) {
    std::string rest = detail.substr(file_name.size() + 2);
    std::string where;
    if (reader &&
        (rest.starts_with("/") || rest.starts_with("line ") || rest.starts_with("statement "))) {
      const size_t colon = rest.find(": ");
      if (colon != std::string::npos) {
        where = rest.substr(0, colon);
        rest = rest.substr(colon + 2);
      }
    }
    out["file"] = file_name;
    if (!where.empty()) out["where"] = where;
    out["reason"] = rest;
    detail.clear();
  }
  out["detail"] = detail;
  return out;
}

json ProductRequest::Options(const char* const* names, size_t count, const std::string& prefix,
                             const std::string& chosen, bool with_empty) const {
  json options = json::array();
  if (with_empty) options.push_back(json{{"value", ""}, {"label", Msg("products_none_chosen")}});
  bool found = chosen.empty();
  for (size_t i = 0; i < count; ++i) {
    options.push_back(json{
        {"value", names[i]}, {"label", Label(prefix, names[i])}, {"selected", chosen == names[i]}});
    found = found || chosen == names[i];
  }
  if (!found)
    options.push_back(
        json{{"value", chosen}, {"label", Label(prefix, chosen)}, {"selected", true}});
  return options;
}

json ProductRequest::KindOptions(const std::string& chosen) const {
  static constexpr const char* kKinds[] = {"software", "device", "cloud_service"};
  const bool known = service::ProductKindFromName(chosen).has_value();
  return Options(kKinds, std::size(kKinds), "product_kind_", known ? chosen : "software", false);
}

json ProductRequest::StatementsContext(const std::vector<VexStatementRow>& rows,
                                       bool editable) const {
  json list = json::array();
  size_t n = 0;
  for (const VexStatementRow& row : rows) {
    list.push_back(
        json{{"n", std::to_string(n++)},
             {"vulnerability", row.vulnerability},
             {"status", row.status},
             {"status_label", Label("vex_status_", row.status)},
             {"justification", row.justification},
             {"justification_label",
              row.justification.empty() ? "" : Label("vex_just_", row.justification)},
             {"impact", row.impact},
             {"action", row.action},
             {"updated_at", row.updated_at.substr(0, 10)},
             {"editable", editable},
             {"statuses",
              Options(kVexStatuses, std::size(kVexStatuses), "vex_status_", row.status, false)},
             {"justifications", Options(kOpenVexJustifications, std::size(kOpenVexJustifications),
                                        "vex_just_", row.justification, true)}});
  }
  return list;
}

std::vector<service::RelationshipEntry> ProductRequest::ConfirmedRelationships(bool as_buyer) {
  std::vector<service::RelationshipEntry> out;
  auto listed =
      service::RelationshipService(context_).List(service::RelationshipStatus::kConfirmed);
  if (!listed) return out;
  for (service::RelationshipEntry& entry : *listed) {
    if (entry.as_buyer == as_buyer) out.push_back(std::move(entry));
  }
  return out;
}

Outcome ProductRequest::ProductList() {
  Outcome out = Show(page_, "products", "products");
  out.context["title"] = Msg("products_title");
  if (page_.request.method == "POST") {
    service::NewProduct input;
    input.org_id = page_.org_id();
    input.name = page_.Field("name");
    input.kind =
        service::ProductKindFromName(page_.Field("kind")).value_or(service::ProductKind::kSoftware);
    if (const std::string purl = page_.Field("purl"); !purl.empty()) input.purl = purl;
    if (const std::string cpe = page_.Field("cpe"); !cpe.empty()) input.cpe = cpe;
    const auto created = products_.CreateProduct(input);
    if (created)
      return RedirectTo("/products/" + std::to_string(created->id) + "?done=product_added");
    out.context["problem"] = Problem(created.error());
  }
  out.context["kinds"] = KindOptions(page_.Field("kind"));
  json rows = json::array();
  const auto listed = products_.ListProducts(page_.org_id());
  if (!listed) {
    out.context["problem"] = Problem(listed.error());
  } else {
    for (const ProductRow& product : *listed) {
      // Per product its versions and which of them have an SBOM: a few reads per product,
      // bounded by kMaxProductsPerOrganisation and kMaxVersionsPerProduct.
      int64_t versions = 0, with_sbom = 0, components = 0;
      if (const auto detail = products_.GetProduct(product.id)) {
        versions = static_cast<int64_t>(detail->versions.size());
        for (const ProductVersionRow& version : detail->versions) {
          const auto got = products_.GetVersion(version.id);
          if (got && got->sbom) {
            ++with_sbom;
            components += got->sbom->component_count;
          }
        }
      }
      rows.push_back(json{{"id", std::to_string(product.id)},
                          {"name", product.name},
                          {"kind", Label("product_kind_", product.kind)},
                          {"versions", versions},
                          {"with_sbom", with_sbom},
                          {"components", components},
                          {"identifier", product.purl.value_or(product.cpe.value_or(""))}});
    }
  }
  out.context["products"] = rows;
  out.context["has_products"] = !rows.empty();
  return out;
}

Outcome ProductRequest::Product(int64_t product_id) {
  Outcome out = Show(page_, "product", "products");
  if (page_.request.method == "POST") {
    const auto added = products_.AddVersion(product_id, page_.Field("version"));
    if (added)
      return RedirectTo("/product-versions/" + std::to_string(added->id) + "?done=version_added");
    out.context["problem"] = Problem(added.error());
    if (added.error().kind == ErrorKind::kNotFound) return Missing();
  }
  const auto detail = products_.GetProduct(product_id);
  if (!detail) return Missing();
  const ProductRow& product = detail->product;
  out.context["title"] = product.name;
  out.context["id"] = std::to_string(product.id);
  out.context["name"] = product.name;
  out.context["kind"] = Label("product_kind_", product.kind);
  out.context["purl"] = product.purl.value_or("");
  out.context["cpe"] = product.cpe.value_or("");
  out.context["owner"] = detail->owner;
  json versions = json::array();
  for (const ProductVersionRow& version : detail->versions) {
    json row{{"id", std::to_string(version.id)},
             {"version", version.version},
             {"created_at", version.created_at.substr(0, 10)}};
    if (const auto got = products_.GetVersion(version.id); got && got->sbom) {
      row["sbom"] = json{{"format", got->sbom->format + " " + got->sbom->spec_version},
                         {"components", got->sbom->component_count}};
    }
    versions.push_back(std::move(row));
  }
  out.context["versions"] = versions;
  out.context["has_versions"] = !versions.empty();
  return out;
}

Status ProductRequest::VersionChange(int64_t version_id) {
  const std::string action = page_.Field("action");
  if (action == "vex") {
    service::VexEdit edit{version_id,
                          page_.Field("vulnerability"),
                          page_.Field("status"),
                          page_.Field("justification"),
                          page_.Field("impact"),
                          page_.Field("vex_action")};
    TRY(products_.SetVexStatement(edit));
    return OkStatus();
  }
  if (action == "deliver") {
    const std::string relationship = page_.Field("relationship");
    if (!IsId(relationship)) {
      return service::Invalid("Missing relationship",
                              "取引関係を選んでください / choose a relationship");
    }
    service::NewDelivery delivery{version_id, std::stoll(relationship),
                                  page_.Field("share_sbom") == "yes",
                                  page_.Field("disclose_matches") == "yes"};
    TRY(products_.DeclareDelivery(delivery));
    return OkStatus();
  }
  if (action == "end_delivery" && IsId(page_.Field("delivery"))) {
    TRY(products_.EndDelivery(std::stoll(page_.Field("delivery"))));
    return OkStatus();
  }
  if ((action == "contain" || action == "uncontain") && IsId(page_.Field("inner"))) {
    const int64_t inner = std::stoll(page_.Field("inner"));
    if (action == "uncontain") return products_.RemoveContainment(version_id, inner);
    TRY(products_.DeclareContainment(version_id, inner));
    return OkStatus();
  }
  return service::Invalid("Unknown action", "不明な操作です / unknown action");
}

Outcome ProductRequest::Version(int64_t version_id) {
  json problem;
  if (page_.request.method == "POST") {
    const std::string action = page_.Field("action");
    const Status changed = VersionChange(version_id);
    if (changed) {
      const std::string anchor = action == "vex"                                   ? "#vex"
                                 : action == "deliver" || action == "end_delivery" ? "#deliveries"
                                                                                   : "#contents";
      return RedirectTo("/product-versions/" + std::to_string(version_id) + "?done=product_" +
                        action + anchor);
    }
    problem = Problem(changed.error());
  }
  return VersionPage(version_id, std::move(problem));
}

Outcome ProductRequest::Upload(int64_t version_id, bool sbom) {
  json problem;
  const std::string id = std::to_string(version_id);
  if (!page_.upload || page_.upload->data.empty()) {
    problem = json{{"message", Msg("products_no_file")}};
  } else {
    const std::string file =
        page_.upload->filename.empty() ? std::string("upload") : page_.upload->filename;
    if (sbom) {
      const auto stored = products_.UploadSbom(version_id, file, page_.upload->data);
      if (stored) {
        return RedirectTo("/product-versions/" + id +
                          "?done=sbom_uploaded&n=" + std::to_string(stored->components) +
                          "&purl=" + std::to_string(stored->with_purl) + "#sbom");
      }
      if (stored.error().kind == ErrorKind::kNotFound) return Missing();
      problem = Problem(stored.error(), file);
    } else {
      const auto stored = products_.UploadVex(version_id, file, page_.upload->data);
      if (stored) {
        return RedirectTo("/product-versions/" + id +
                          "?done=vex_uploaded&n=" + std::to_string(stored->statements) + "#vex");
      }
      if (stored.error().kind == ErrorKind::kNotFound) return Missing();
      problem = Problem(stored.error(), file);
    }
  }
  return VersionPage(version_id, std::move(problem));
}

Outcome ProductRequest::VersionPage(int64_t version_id, json problem) {
  const auto detail = products_.GetVersion(version_id);
  if (!detail) return Missing();
  Outcome out = Show(page_, "product-version", detail->owner ? "products" : "deliveries");
  json& c = out.context;
  const std::string id = std::to_string(version_id);
  c["title"] = detail->product.name + " " + detail->version.version;
  c["id"] = id;
  c["product_id"] = std::to_string(detail->product.id);
  c["product"] = detail->product.name;
  c["version"] = detail->version.version;
  c["kind"] = Label("product_kind_", detail->product.kind);
  c["owner"] = detail->owner;
  c["can_read_sbom"] = detail->can_read_sbom;
  c["can_read_vex"] = detail->can_read_vex;
  if (!problem.is_null()) {
    c["problem"] = problem;  // rendered with 422
  }
  // The notices of an upload carry its counts.
  const std::string done = page_.Query("done");
  if (done == "sbom_uploaded" && IsId(page_.Query("n")) && IsId(page_.Query("purl"))) {
    c["notice"] = t_.Format(lang_, "products_sbom_uploaded",
                            {{"n", page_.Query("n")}, {"purl", page_.Query("purl")}});
  } else if (done == "vex_uploaded" && IsId(page_.Query("n"))) {
    c["notice"] = t_.Format(lang_, "products_vex_uploaded", {{"n", page_.Query("n")}});
  }

  // The SBOM and its components, a page at a time.
  if (detail->sbom) {
    const SbomDocumentRow& s = *detail->sbom;
    c["sbom"] = json{{"format", s.format + " " + s.spec_version + " (" + s.encoding + ")"},
                     {"file_name", s.file_name},
                     {"sha256", s.sha256.substr(0, 16)},
                     {"components", s.component_count},
                     {"uploaded_at", s.uploaded_at.substr(0, 16)}};
    const std::string asked = page_.Query("page");
    const int64_t number =
        IsId(asked) && asked.size() < 7 ? std::max<int64_t>(1, std::stoll(asked)) : 1;
    const auto components =
        products_.Components(version_id, (number - 1) * kComponentsPerPage, kComponentsPerPage);
    if (components) {
      json rows = json::array();
      for (const SbomComponentRow& component : components->items) {
        rows.push_back(
            json{{"ordinal", component.ordinal + 1},
                 {"name", component.group.empty() ? component.name
                                                  : component.group + "/" + component.name},
                 {"version", component.version},
                 {"type", component.type},
                 {"purl", component.purl},
                 {"nested", component.parent.has_value()}});
      }
      c["component_rows"] = rows;
      c["components_range"] = t_.Format(
          lang_, "products_components_range",
          {{"from", std::to_string(components->items.empty() ? 0 : components->offset + 1)},
           {"to",
            std::to_string(components->offset + static_cast<int64_t>(components->items.size()))},
           {"total", std::to_string(components->total)}});
      if (number > 1)
        c["prev_link"] =
            "/product-versions/" + id + "?page=" + std::to_string(number - 1) + "#components";
      if (number * kComponentsPerPage < components->total)
        c["next_link"] =
            "/product-versions/" + id + "?page=" + std::to_string(number + 1) + "#components";
    }
  }

  // The VEX statements: a form per statement for the owner, read-only for a buyer.
  if (detail->can_read_vex) {
    const auto statements = products_.ListVex(version_id);
    if (statements) {
      c["statements"] = StatementsContext(*statements, detail->owner);
      c["has_statements"] = !statements->empty();
    }
    // The add form shows again what was sent, when it is a name the service knows.
    const bool sent = page_.Field("action") == "vex";
    const std::string status = page_.Field("status");
    const std::string justification = page_.Field("justification");
    c["new_statuses"] =
        Options(kVexStatuses, std::size(kVexStatuses), "vex_status_",
                sent && sbom::VexStatusFromName(status) ? status : "not_affected", false);
    c["new_justifications"] =
        Options(kOpenVexJustifications, std::size(kOpenVexJustifications), "vex_just_",
                sent && (sbom::IsOpenVexJustification(justification) ||
                         sbom::IsCycloneDxJustification(justification))
                    ? justification
                    : "",
                true);
  }

  if (!detail->owner) return out;

  // Deliveries: to whom this version goes, and a form over the confirmed relationships in
  // which this organisation is the supplier.
  std::map<int64_t, std::string> buyer_names;
  json relationships = json::array();
  for (const service::RelationshipEntry& entry : ConfirmedRelationships(false)) {
    const std::string name = OrganisationName(entry.edge.buyer);
    buyer_names[entry.edge.buyer.id] = name;
    relationships.push_back(json{
        {"id", std::to_string(entry.edge.relationship.id)},
        {"label",
         name + " — " +
             Label("kind_", std::string(RelationshipKindName(entry.edge.relationship.kind)))},
        {"selected", page_.Field("relationship") == std::to_string(entry.edge.relationship.id)}});
  }
  c["relationships"] = relationships;
  c["has_relationships"] = !relationships.empty();
  json deliveries = json::array();
  if (const auto listed = products_.ListDeliveries(version_id)) {
    for (const DeliveryRow& d : *listed) {
      const auto name = buyer_names.find(d.buyer_id);
      deliveries.push_back(json{
          {"delivery_id", std::to_string(d.id)},
          {"buyer", name == buyer_names.end() ? "#" + std::to_string(d.buyer_id) : name->second},
          {"share_sbom", d.share_sbom},
          {"disclose_matches", d.disclose_matches},
          {"live", d.live},
          {"ended", d.ended_at.has_value()},
          {"since", d.created_at.substr(0, 10)}});
    }
  }
  c["deliveries"] = deliveries;
  c["has_deliveries"] = !deliveries.empty();

  // Containment: the versions this one contains and those containing it, by name where the
  // caller may read them; the form offers the versions delivered to this organisation.
  auto version_label = [&](int64_t other) {
    const auto got = products_.GetVersion(other);
    return got ? got->product.name + " " + got->version.version : "#" + std::to_string(other);
  };
  json contains = json::array();
  std::set<int64_t> inside;
  for (const ContainmentRow& row : detail->contains) {
    inside.insert(row.inner_version_id);
    contains.push_back(json{{"inner", std::to_string(row.inner_version_id)},
                            {"label", version_label(row.inner_version_id)}});
  }
  json contained_in = json::array();
  for (const ContainmentRow& row : detail->contained_in) {
    contained_in.push_back(json{{"id", std::to_string(row.outer_version_id)},
                                {"label", version_label(row.outer_version_id)}});
  }
  c["contains"] = contains;
  c["has_contains"] = !contains.empty();
  c["contained_in"] = contained_in;
  c["has_contained_in"] = !contained_in.empty();
  json delivered = json::array();
  if (const auto received = products_.DeliveriesToBuyer(page_.org_id())) {
    std::set<int64_t> offered;
    for (const DeliveryRow& d : *received) {
      if (inside.count(d.product_version_id) || !offered.insert(d.product_version_id).second)
        continue;
      delivered.push_back(json{{"id", std::to_string(d.product_version_id)},
                               {"label", d.product_name + " " + d.version}});
    }
  }
  c["delivered_to_us"] = delivered;
  c["has_delivered_to_us"] = !delivered.empty();
  return out;
}

Outcome ProductRequest::Deliveries() {
  Outcome out = Show(page_, "deliveries", "deliveries");
  out.context["title"] = Msg("deliveries_title");
  // The suppliers' names: the confirmed relationships in which this organisation buys.
  std::map<int64_t, std::string> supplier_names;
  for (const service::RelationshipEntry& entry : ConfirmedRelationships(true)) {
    supplier_names[entry.edge.supplier.id] = OrganisationName(entry.edge.supplier);
  }
  json rows = json::array();
  const auto received = products_.DeliveriesToBuyer(page_.org_id());
  if (!received) {
    out.context["problem"] = Problem(received.error());
  } else {
    for (const DeliveryRow& d : *received) {
      const auto name = supplier_names.find(d.org_id);
      json row{{"version_id", std::to_string(d.product_version_id)},
               {"supplier",
                name == supplier_names.end() ? "#" + std::to_string(d.org_id) : name->second},
               {"product", d.product_name},
               {"version", d.version},
               {"share_sbom", d.share_sbom},
               {"disclose_matches", d.disclose_matches},
               {"since", d.created_at.substr(0, 10)}};
      if (d.disclose_matches) {
        if (const auto statements = products_.ListVex(d.product_version_id)) {
          row["statements"] = StatementsContext(*statements, false);
          row["has_statements"] = !statements->empty();
        }
      }
      rows.push_back(std::move(row));
    }
  }
  out.context["deliveries"] = rows;
  out.context["has_deliveries"] = !rows.empty();
  return out;
}

}  // namespace

HttpResponse WebApp::ProductPages(Page& page, const std::vector<std::string>& parts) {
  const std::string method = page.request.method == "HEAD" ? "GET" : page.request.method;
  const size_t n = parts.size();
  const bool id = n >= 2 && IsId(parts[1]);
  Outcome out = AsUser(page, [&](service::Context& context) {
    ProductRequest pages(*templates_, page, context);
    if (parts[0] == "products" && n == 1) return pages.ProductList();
    if (parts[0] == "products" && n == 2 && id) return pages.Product(std::stoll(parts[1]));
    if (parts[0] == "product-versions" && n == 2 && id) return pages.Version(std::stoll(parts[1]));
    if (parts[0] == "product-versions" && n == 3 && id && method == "POST" &&
        (parts[2] == "sbom" || parts[2] == "vex"))
      return pages.Upload(std::stoll(parts[1]), parts[2] == "sbom");
    if (parts[0] == "deliveries" && n == 1 && method == "GET") return pages.Deliveries();
    return Missing();
  });
  if (out.response) return std::move(*out.response);
  if (out.not_found) return NotFound(page);
  return Render(page, out.view, std::move(out.context), out.status);
}

}  // namespace hoshitori::web
