#include "catalog/framework.h"

namespace hoshitori {

namespace {
constexpr std::pair<std::string_view, LevelTag> kLevelTagNames[] = {
    {"star1", kStar1}, {"star2", kStar2}, {"star3", kStar3}, {"star4", kStar4},
    {"star5", kStar5}, {"lv1", kLv1},     {"lv2", kLv2},     {"lv3", kLv3},
};
}  // namespace

std::optional<LevelTag> ParseLevelTag(std::string_view name) {
  for (const auto& [text, tag] : kLevelTagNames) {
    if (text == name) return tag;
  }
  return std::nullopt;
}

std::string_view LevelTagName(LevelTag tag) {
  for (const auto& [text, value] : kLevelTagNames) {
    if (value == tag) return text;
  }
  return "";
}

int LowestStar(LevelTags tags) {
  for (int star = 1; star <= 5; ++star) {
    if (tags & (1 << (star - 1))) return star;
  }
  return 0;
}

NodeIndex Framework::Find(std::string_view id_or_ref) const {
  if (auto it = by_id_.find(id_or_ref); it != by_id_.end()) return it->second;
  if (auto it = by_ref_.find(id_or_ref); it != by_ref_.end()) return it->second;
  return -1;
}

int Framework::FindCategory(std::string_view category_id) const {
  for (size_t i = 0; i < categories.size(); ++i) {
    if (categories[i].id == category_id) return static_cast<int>(i);
  }
  return -1;
}

NodeIndex Framework::AddNode(RequirementNode node) {
  const auto index = static_cast<NodeIndex>(nodes_.size());
  if (node.parent >= 0) nodes_[node.parent].children.push_back(index);
  nodes_.push_back(std::move(node));
  return index;
}

bool Framework::Seal(std::string* clash) {
  by_id_.clear();
  by_ref_.clear();
  assessable_.clear();
  assessable_position_.assign(nodes_.size(), -1);
  bool unique = true;
  for (NodeIndex i = 0; i < static_cast<NodeIndex>(nodes_.size()); ++i) {
    const RequirementNode& node = nodes_[i];
    if (!by_id_.emplace(node.id, i).second && unique) {
      unique = false;
      if (clash) *clash = node.id;
    }
    // Refs may repeat ids of the same node; only a ref that names another node is a clash.
    if (!node.ref.empty()) {
      auto [it, inserted] = by_ref_.emplace(node.ref, i);
      if (!inserted && it->second != i && unique) {
        unique = false;
        if (clash) *clash = node.ref;
      }
    }
    if (node.assessable) {
      assessable_position_[i] = static_cast<int>(assessable_.size());
      assessable_.push_back(i);
    }
  }
  return unique;
}

}  // namespace hoshitori
