// Framework: one guideline or questionnaire as a tree of requirement nodes, with the
// categories its results are grouped by and, for point-scored questionnaires, the scoring.
//
// Frameworks are immutable once built by the catalog loader and safe to share across
// threads. Nodes are stored in pre-order; an index into nodes() is a stable NodeIndex.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "catalog/answer_status.h"

namespace hoshitori {

struct LocalizedText {
  std::string ja;
  std::string en;
  // The text in `lang` ("ja" or "en"), falling back to the other one.
  const std::string& In(std::string_view lang) const {
    if (lang == "en") return en.empty() ? ja : en;
    return ja.empty() ? en : ja;
  }
};

// Level tags as a bit set. A node tagged star3 is required from ★3 on.
enum LevelTag : uint8_t {
  kStar1 = 1 << 0,
  kStar2 = 1 << 1,
  kStar3 = 1 << 2,
  kStar4 = 1 << 3,
  kStar5 = 1 << 4,
  kLv1 = 1 << 5,
  kLv2 = 1 << 6,
  kLv3 = 1 << 7,
};
using LevelTags = uint8_t;

std::optional<LevelTag> ParseLevelTag(std::string_view name);
std::string_view LevelTagName(LevelTag tag);
// The lowest star (1..5) among `tags`, or 0 when none is a star tag.
int LowestStar(LevelTags tags);

struct Choice {
  std::string id;
  AnswerStatus status = AnswerStatus::kUnknown;
  int points = 0;
  LocalizedText label;
};

using NodeIndex = int32_t;

struct RequirementNode {
  std::string id;
  std::string ref;
  LocalizedText title;
  LocalizedText description;
  LocalizedText why;
  LocalizedText evidence;
  int category = -1;  // index into Framework::categories(); -1 only for grouping nodes
  LevelTags levels = 0;
  int weight = 3;  // 1..5, risk reduced when the node is met
  int effort = 2;  // 1 = hours, 2 = days / small cost, 3 = weeks / budget
  bool assessable = false;
  NodeIndex parent = -1;
  std::vector<NodeIndex> children;
  std::vector<Choice> choices;
  int source_line = 0;  // line in the catalog file, for messages
};

struct Category {
  std::string id;
  LocalizedText name;
};

struct ScoringBand {
  int min = 0;
  int max = 0;
  LocalizedText label;
};

struct Scoring {
  int max = 0;
  AnswerStatus not_applicable_counts_as = AnswerStatus::kImplemented;
  std::vector<ScoringBand> bands;
};

class Framework {
 public:
  std::string id;
  std::string version;
  LocalizedText name;
  LocalizedText publisher;
  std::string source_url;
  LocalizedText licence_note;
  std::string file;  // where it was loaded from
  std::vector<Category> categories;
  std::optional<Scoring> scoring;

  const std::vector<RequirementNode>& nodes() const { return nodes_; }
  // Indices of the assessable nodes, in pre-order.
  const std::vector<NodeIndex>& assessable() const { return assessable_; }
  // Position of node `index` within assessable(), or -1.
  int AssessablePosition(NodeIndex index) const { return assessable_position_[index]; }

  // Finds a node by id, or else by ref. Returns -1 when neither matches.
  NodeIndex Find(std::string_view id_or_ref) const;
  int FindCategory(std::string_view category_id) const;

  // Appends a node (pre-order); used by the loader and by tests. Call Seal() when done.
  NodeIndex AddNode(RequirementNode node);
  // Builds the lookup indices. Returns false when ids or refs collide (first clash in
  // `clash`).
  bool Seal(std::string* clash);

 private:
  std::vector<RequirementNode> nodes_;
  std::vector<NodeIndex> assessable_;
  std::vector<int> assessable_position_;
  // Transparent hashing lets Find look up a string_view without copying it.
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  using NodeMap = std::unordered_map<std::string, NodeIndex, TextHash, std::equal_to<>>;
  NodeMap by_id_;
  NodeMap by_ref_;
};

}  // namespace hoshitori
