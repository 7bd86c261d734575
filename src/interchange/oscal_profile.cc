// OSCAL profile resolution (see oscal.h): the controls a profile selects from its catalog,
// in the catalog's groups and order, with the profile's parameter settings and additions.
#include <functional>
#include <map>
#include <set>

#include "interchange/oscal.h"
#include "interchange/oscal_common.h"

namespace hoshitori::interchange {

using oscal::json;
using oscal::StringMember;

namespace {

// OSCAL `matching` patterns: '*' any run of characters, '?' one character.
bool Glob(std::string_view pattern, std::string_view text) {
  size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

struct CatalogIndex {
  std::map<std::string, const json*> controls;           // id -> control
  std::map<std::string, std::vector<std::string>> kids;  // id -> child control ids
  std::vector<std::string> order;                        // document order

  void Walk(const json& owner, const std::string& parent_control, int depth) {
    if (depth > 64 || !owner.is_object()) return;
    if (auto it = owner.find("controls"); it != owner.end() && it->is_array()) {
      for (const json& control : *it) {
        const std::string id = StringMember(control, "id");
        if (id.empty()) continue;
        controls[id] = &control;
        order.push_back(id);
        if (!parent_control.empty()) kids[parent_control].push_back(id);
        Walk(control, id, depth + 1);
      }
    }
    if (auto it = owner.find("groups"); it != owner.end() && it->is_array()) {
      for (const json& group : *it) Walk(group, "", depth + 1);
    }
  }
};

// The ids `rules` (include-controls or exclude-controls entries) select.
Status Select(const json& rules, const CatalogIndex& index, const std::string& where,
              std::set<std::string>& out, std::vector<std::string>& unknown) {
  if (!rules.is_array()) return MakeError(where + " must be an array");
  std::function<void(const std::string&, int)> with_children = [&](const std::string& id,
                                                                   int depth) {
    if (depth > 64) return;
    auto kids = index.kids.find(id);
    if (kids == index.kids.end()) return;
    for (const std::string& kid : kids->second) {
      out.insert(kid);
      with_children(kid, depth + 1);
    }
  };
  for (const json& rule : rules) {
    if (!rule.is_object()) return MakeError(where + ": each entry must be an object");
    const bool children = StringMember(rule, "with-child-controls") == "yes";
    if (auto ids = rule.find("with-ids"); ids != rule.end() && ids->is_array()) {
      for (const json& id : *ids) {
        if (!id.is_string()) continue;
        const std::string text = id.get<std::string>();
        if (!index.controls.count(text)) {
          unknown.push_back(text);
          continue;
        }
        out.insert(text);
        if (children) with_children(text, 0);
      }
    }
    if (auto matching = rule.find("matching"); matching != rule.end() && matching->is_array()) {
      for (const json& match : *matching) {
        const std::string pattern = StringMember(match, "pattern");
        for (const std::string& id : index.order) {
          if (!Glob(pattern, id)) continue;
          out.insert(id);
          if (children) with_children(id, 0);
        }
      }
    }
  }
  return OkStatus();
}

// `owner`'s controls and groups keeping only selected controls; a selected control whose
// parent is not selected takes the parent's place.
void Filter(json& owner, const std::set<std::string>& selected, int depth) {
  if (depth > 64) return;
  if (auto it = owner.find("controls"); it != owner.end() && it->is_array()) {
    json kept = json::array();
    std::function<void(json&, int)> keep = [&](json& control, int d) {
      if (d > 64 || !control.is_object()) return;
      if (selected.count(StringMember(control, "id"))) {
        Filter(control, selected, d + 1);
        kept.push_back(std::move(control));
        return;
      }
      if (auto kids = control.find("controls"); kids != control.end() && kids->is_array()) {
        for (json& kid : *kids) keep(kid, d + 1);
      }
    };
    for (json& control : *it) keep(control, depth);
    if (kept.empty()) {
      owner.erase("controls");
    } else {
      *it = std::move(kept);
    }
  }
  if (auto it = owner.find("groups"); it != owner.end() && it->is_array()) {
    json kept = json::array();
    for (json& group : *it) {
      if (!group.is_object()) continue;
      Filter(group, selected, depth + 1);
      if (group.contains("controls") || group.contains("groups")) kept.push_back(std::move(group));
    }
    if (kept.empty()) {
      owner.erase("groups");
    } else {
      *it = std::move(kept);
    }
  }
}

// Calls `visit` on every object with an "id" below `owner` whose member `list` holds it.
void ForEachInList(json& owner, const char* list, const std::function<void(json&)>& visit,
                   int depth) {
  if (depth > 64 || !owner.is_object()) return;
  if (auto it = owner.find(list); it != owner.end() && it->is_array()) {
    for (json& item : *it) visit(item);
  }
  for (const char* key : {"controls", "groups"}) {
    if (auto it = owner.find(key); it != owner.end() && it->is_array()) {
      for (json& child : *it) ForEachInList(child, list, visit, depth + 1);
    }
  }
}

Status Modify(const json& modify, json& catalog, const std::string& file) {
  if (!modify.is_object()) return MakeError(file + ": profile.modify must be an object");
  if (auto sets = modify.find("set-parameters"); sets != modify.end() && sets->is_array()) {
    for (size_t i = 0; i < sets->size(); ++i) {
      const json& set = (*sets)[i];
      const std::string id = StringMember(set, "param-id");
      if (id.empty()) {
        return MakeError(file + ": profile.modify.set-parameters[" + std::to_string(i) +
                         "] has no param-id");
      }
      bool found = false;
      ForEachInList(
          catalog, "params",
          [&](json& param) {
            if (!param.is_object() || StringMember(param, "id") != id) return;
            found = true;
            for (const char* key :
                 {"label", "values", "select", "guidelines", "usage", "class", "depends-on"}) {
              if (set.contains(key)) param[key] = set[key];
            }
            // Values replace the selection they answer.
            if (set.contains("values") && !set.contains("select")) param.erase("select");
            for (const char* key : {"props", "links", "constraints"}) {
              if (auto add = set.find(key); add != set.end() && add->is_array()) {
                json& list = param[key];
                if (!list.is_array()) list = json::array();
                for (const json& item : *add) list.push_back(item);
              }
            }
          },
          0);
      if (!found) {
        return MakeError(file + ": profile.modify.set-parameters[" + std::to_string(i) +
                         "]: parameter '" + id + "' is not in the selected controls");
      }
    }
  }
  if (auto alters = modify.find("alters"); alters != modify.end() && alters->is_array()) {
    for (size_t i = 0; i < alters->size(); ++i) {
      const json& alter = (*alters)[i];
      const std::string where = file + ": profile.modify.alters[" + std::to_string(i) + "]";
      const std::string id = StringMember(alter, "control-id");
      if (id.empty()) return MakeError(where + " has no control-id");
      json* control = nullptr;
      ForEachInList(
          catalog, "controls",
          [&](json& c) {
            if (c.is_object() && StringMember(c, "id") == id) control = &c;
          },
          0);
      if (!control)
        return MakeError(where + ": control '" + id + "' is not among the selected controls");
      if (auto removes = alter.find("removes"); removes != alter.end() && removes->is_array()) {
        for (const json& remove : *removes) {
          const std::string by_name = StringMember(remove, "by-name");
          const std::string by_id = StringMember(remove, "by-id");
          for (const char* key : {"props", "parts", "links", "params"}) {
            auto list = control->find(key);
            if (list == control->end() || !list->is_array()) continue;
            json kept = json::array();
            for (json& item : *list) {
              const bool drop = (!by_name.empty() && StringMember(item, "name") == by_name) ||
                                (!by_id.empty() && StringMember(item, "id") == by_id);
              if (!drop) kept.push_back(std::move(item));
            }
            *list = std::move(kept);
          }
        }
      }
      if (auto adds = alter.find("adds"); adds != alter.end() && adds->is_array()) {
        for (const json& add : *adds) {
          const std::string position = StringMember(add, "position");
          if (!position.empty() && position != "ending" && position != "starting") {
            return MakeError(
                where + ": adds with position '" + position +
                "' are not supported (only starting and ending, at the control itself)");
          }
          if (add.contains("by-id") && StringMember(add, "by-id") != id) {
            return MakeError(where + ": adds inside a part (by-id) are not supported");
          }
          for (const char* key : {"props", "parts", "links", "params"}) {
            auto items = add.find(key);
            if (items == add.end() || !items->is_array()) continue;
            json& list = (*control)[key];
            if (!list.is_array()) list = json::array();
            for (const json& item : *items) {
              if (position == "starting") {
                list.insert(list.begin(), item);
              } else {
                list.push_back(item);
              }
            }
          }
        }
      }
    }
  }
  return OkStatus();
}

}  // namespace

Result<nlohmann::json> ResolveOscalProfile(std::string_view profile_text,
                                           std::string_view catalog_text,
                                           const OscalProfileOptions& options) {
  const std::string& file = options.file_name;
  auto profile_document = oscal::ParseDocument(profile_text, file);
  if (!profile_document) return profile_document.error();
  auto catalog_document = oscal::ParseDocument(catalog_text, options.catalog_file_name);
  if (!catalog_document) return catalog_document.error();
  const json& root = *profile_document;
  if (!root.is_object() || !root.contains("profile") || !root["profile"].is_object()) {
    return MakeError(file + ": not an OSCAL profile (the top level needs a \"profile\" object)");
  }
  if (!catalog_document->is_object() || !catalog_document->contains("catalog") ||
      !(*catalog_document)["catalog"].is_object()) {
    return MakeError(options.catalog_file_name +
                     ": not an OSCAL catalog (profiles are resolved against a catalog)");
  }
  const json& profile = root["profile"];
  json catalog = (*catalog_document)["catalog"];
  CatalogIndex index;
  index.Walk(catalog, "", 0);

  auto imports = profile.find("imports");
  if (imports == profile.end() || !imports->is_array() || imports->empty()) {
    return MakeError(file + ": profile.imports must list at least one import");
  }
  std::set<std::string> selected;
  std::vector<std::string> unknown;
  for (size_t i = 0; i < imports->size(); ++i) {
    const json& import = (*imports)[i];
    const std::string where = file + ": profile.imports[" + std::to_string(i) + "]";
    if (!import.is_object()) return MakeError(where + " must be an object");
    std::set<std::string> included, excluded;
    if (import.contains("include-all")) {
      included.insert(index.order.begin(), index.order.end());
    } else if (auto include = import.find("include-controls"); include != import.end()) {
      if (auto s = Select(*include, index, where + ".include-controls", included, unknown); !s)
        return s.error();
    } else {
      return MakeError(where + ": needs include-all or include-controls");
    }
    if (auto exclude = import.find("exclude-controls"); exclude != import.end()) {
      if (auto s = Select(*exclude, index, where + ".exclude-controls", excluded, unknown); !s)
        return s.error();
    }
    for (const std::string& id : included) {
      if (!excluded.count(id)) selected.insert(id);
    }
  }
  if (!unknown.empty()) {
    std::string listed;
    for (const std::string& id : unknown) listed += (listed.empty() ? "" : ", ") + id;
    return MakeError(file + ": " + std::to_string(unknown.size()) +
                     " controls the profile names are not in " + options.catalog_file_name + ": " +
                     listed);
  }
  if (selected.empty())
    return MakeError(file + ": the profile selects no control of " + options.catalog_file_name);
  Filter(catalog, selected, 0);
  if (auto modify = profile.find("modify"); modify != profile.end()) {
    if (auto s = Modify(*modify, catalog, file); !s) return s.error();
  }
  // The resolved catalog carries the profile's metadata; the catalog's parties stay as the
  // publisher when the profile names none.
  json metadata = profile.value("metadata", json::object());
  const json catalog_metadata = catalog.value("metadata", json::object());
  if (!metadata.contains("parties") && catalog_metadata.contains("parties"))
    metadata["parties"] = catalog_metadata["parties"];
  catalog["metadata"] = std::move(metadata);
  if (profile.contains("uuid")) catalog["uuid"] = profile["uuid"];
  catalog.erase("back-matter");
  return json{{"catalog", std::move(catalog)}};
}

}  // namespace hoshitori::interchange
