// The xlsx half of table.h: libzip opens the archive from memory, expat reads the parts.
#include <expat.h>
#include <zip.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>

#include "interchange/table.h"

namespace hoshitori::interchange {

namespace {

constexpr zip_uint64_t kMaxPartBytes = 64u << 20;  // one unpacked XML part
constexpr size_t kMaxCells = 4'000'000;
constexpr int kMaxColumns = 16384;                 // Excel's limit (XFD)
constexpr int kMaxRow = 1'048'576;

struct ArchiveCloser {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
struct EntryCloser {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};
struct ParserFree {
  void operator()(XML_ParserStruct* parser) const { XML_ParserFree(parser); }
};
using Archive = std::unique_ptr<zip_t, ArchiveCloser>;

Result<Archive> OpenArchive(std::string_view bytes) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (!source) {
    zip_error_fini(&error);
    return MakeError("the file cannot be read as xlsx");
  }
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (!archive) {
    zip_source_free(source);
    const std::string reason = zip_error_strerror(&error);
    zip_error_fini(&error);
    return MakeError("the file is not a readable xlsx workbook (" + reason + ")");
  }
  zip_error_fini(&error);
  return Archive(archive);
}

// The unpacked bytes of one part, "" (and found=false) when the archive lacks it.
Result<std::string> ReadPart(zip_t* archive, const std::string& name, bool* found) {
  *found = false;
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat(archive, name.c_str(), 0, &stat) != 0) return std::string();
  *found = true;
  if (!(stat.valid & ZIP_STAT_SIZE) || stat.size > kMaxPartBytes) {
    return MakeError("the xlsx part " + name + " is too large to read (over 64 MB unpacked)");
  }
  std::unique_ptr<zip_file_t, EntryCloser> file(zip_fopen(archive, name.c_str(), 0));
  if (!file) return MakeError("the xlsx part " + name + " cannot be opened");
  std::string data(static_cast<size_t>(stat.size), '\0');
  zip_int64_t total = 0;
  while (total < static_cast<zip_int64_t>(data.size())) {
    const zip_int64_t n = zip_fread(file.get(), data.data() + total, data.size() - static_cast<size_t>(total));
    if (n < 0) return MakeError("the xlsx part " + name + " is damaged");
    if (n == 0) break;
    total += n;
  }
  data.resize(static_cast<size_t>(total));
  return data;
}

std::string_view LocalName(const char* name) {
  std::string_view view(name);
  const size_t colon = view.rfind(':');
  return colon == std::string_view::npos ? view : view.substr(colon + 1);
}

const char* Attribute(const char** attributes, std::string_view local) {
  for (int i = 0; attributes[i]; i += 2) {
    if (LocalName(attributes[i]) == local) return attributes[i + 1];
  }
  return nullptr;
}

// Runs expat over `xml` with `handler` (an object with Start/End/Text members).
template <typename Handler>
Status ParseXml(const std::string& xml, const std::string& part, Handler& handler) {
  std::unique_ptr<XML_ParserStruct, ParserFree> parser(XML_ParserCreate("UTF-8"));
  if (!parser) return MakeError("out of memory reading " + part);
  XML_SetUserData(parser.get(), &handler);
  XML_SetElementHandler(
      parser.get(),
      [](void* data, const char* name, const char** attributes) {
        static_cast<Handler*>(data)->Start(LocalName(name), attributes);
      },
      [](void* data, const char* name) { static_cast<Handler*>(data)->End(LocalName(name)); });
  XML_SetCharacterDataHandler(parser.get(), [](void* data, const char* text, int length) {
    static_cast<Handler*>(data)->Text(std::string_view(text, static_cast<size_t>(length)));
  });
  if (XML_Parse(parser.get(), xml.data(), static_cast<int>(xml.size()), 1) == XML_STATUS_ERROR) {
    return MakeError("the xlsx part " + part + " is not valid XML (line " +
                     std::to_string(XML_GetCurrentLineNumber(parser.get())) + ": " +
                     XML_ErrorString(XML_GetErrorCode(parser.get())) + ")");
  }
  if (!handler.error.empty()) return MakeError(handler.error);
  return OkStatus();
}

struct WorkbookHandler {
  std::vector<std::pair<std::string, std::string>> sheets;  // name, relationship id
  std::string error;
  void Start(std::string_view name, const char** attributes) {
    if (name != "sheet") return;
    const char* sheet_name = Attribute(attributes, "name");
    const char* id = Attribute(attributes, "id");
    if (sheet_name && id) sheets.emplace_back(sheet_name, id);
  }
  void End(std::string_view) {}
  void Text(std::string_view) {}
};

struct RelationshipsHandler {
  std::map<std::string, std::string> targets;
  std::string error;
  void Start(std::string_view name, const char** attributes) {
    if (name != "Relationship") return;
    const char* id = Attribute(attributes, "Id");
    const char* target = Attribute(attributes, "Target");
    if (id && target) targets[id] = target;
  }
  void End(std::string_view) {}
  void Text(std::string_view) {}
};

// <sst><si><t>..</t></si><si><r><t>..</t></r><rPh><t>ruby</t></rPh></si></sst>
struct SharedStringsHandler {
  std::vector<std::string> strings;
  std::string current;
  bool in_item = false, in_text = false;
  int phonetic = 0;
  size_t bytes = 0;
  std::string error;
  void Start(std::string_view name, const char**) {
    if (name == "si") {
      in_item = true;
      current.clear();
    } else if (name == "rPh") {
      ++phonetic;
    } else if (name == "t" && in_item) {
      in_text = true;
    }
  }
  void End(std::string_view name) {
    if (name == "si") {
      in_item = false;
      strings.push_back(std::move(current));
      current.clear();
      if (strings.size() > kMaxCells && error.empty()) error = "the xlsx file has too many strings";
    } else if (name == "rPh") {
      --phonetic;
    } else if (name == "t") {
      in_text = false;
    }
  }
  void Text(std::string_view text) {
    if (in_item && in_text && phonetic == 0) current.append(text);
  }
};

// "B12" -> column 1, row 12. Returns false when it is not a valid reference.
bool ParseReference(std::string_view reference, int* column, int* row) {
  int c = 0, r = 0;
  size_t i = 0;
  for (; i < reference.size() && reference[i] >= 'A' && reference[i] <= 'Z'; ++i) {
    c = c * 26 + (reference[i] - 'A' + 1);
    if (c > kMaxColumns) return false;
  }
  if (i == 0 || i == reference.size()) return false;
  for (; i < reference.size(); ++i) {
    if (reference[i] < '0' || reference[i] > '9') return false;
    r = r * 10 + (reference[i] - '0');
    if (r > kMaxRow) return false;
  }
  if (r == 0) return false;
  *column = c - 1;
  *row = r;
  return true;
}

std::string NumberText(const std::string& raw) {
  char* end = nullptr;
  const double value = std::strtod(raw.c_str(), &end);
  if (raw.empty() || end != raw.c_str() + raw.size() || !std::isfinite(value)) return raw;
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.15g", value);
  return buffer;
}

struct SheetHandler {
  const std::vector<std::string>* shared = nullptr;
  std::string part;
  Table table;
  int row = 0, column = -1;
  std::string type, value;
  bool in_value = false, in_inline = false, in_text = false;
  int phonetic = 0;
  size_t cells = 0;
  std::string error;

  void Fail(const std::string& message) {
    if (error.empty()) error = message;
  }
  void Start(std::string_view name, const char** attributes) {
    if (!error.empty()) return;
    if (name == "row") {
      const char* r = Attribute(attributes, "r");
      int next = row + 1;
      if (r) {
        char* end = nullptr;
        const long parsed = std::strtol(r, &end, 10);
        if (*end != '\0' || parsed <= row || parsed > kMaxRow) return Fail(part + ": row number '" + r + "' is out of order");
        next = static_cast<int>(parsed);
      }
      row = next;
      column = -1;
      table.rows.push_back(TableRow{row, {}});
    } else if (name == "c") {
      if (table.rows.empty()) return Fail(part + ": a cell outside a row");
      const char* r = Attribute(attributes, "r");
      int c = column + 1, cell_row = row;
      if (r && !ParseReference(r, &c, &cell_row)) return Fail(part + ": cell reference '" + std::string(r) + "' is not valid");
      if (cell_row != row || c <= column || c >= kMaxColumns) return Fail(part + ": cell " + (r ? r : "?") + " is out of order");
      column = c;
      const char* t = Attribute(attributes, "t");
      type = t ? t : "n";
      value.clear();
    } else if (name == "v") {
      in_value = true;
    } else if (name == "is") {
      in_inline = true;
    } else if (name == "rPh") {
      ++phonetic;
    } else if (name == "t" && in_inline) {
      in_text = true;
    }
  }
  void End(std::string_view name) {
    if (!error.empty()) return;
    if (name == "v") {
      in_value = false;
    } else if (name == "is") {
      in_inline = false;
    } else if (name == "rPh") {
      --phonetic;
    } else if (name == "t") {
      in_text = false;
    } else if (name == "c") {
      std::string text;
      if (type == "s") {
        char* end = nullptr;
        const unsigned long index = std::strtoul(value.c_str(), &end, 10);
        if (value.empty() || *end != '\0' || index >= shared->size()) {
          return Fail(part + ": cell " + ColumnName(column) + std::to_string(row) + " names shared string '" + value + "' that does not exist");
        }
        text = (*shared)[index];
      } else if (type == "b") {
        text = value == "1" ? "TRUE" : "FALSE";
      } else if (type == "n") {
        text = NumberText(value);
      } else {
        text = value;  // inlineStr, str (formula result), e (error such as #N/A)
      }
      if (text.empty()) return;
      if (++cells > kMaxCells) return Fail(part + ": the sheet has too many cells");
      std::vector<std::string>& out = table.rows.back().cells;
      out.resize(static_cast<size_t>(column) + 1);
      out[column] = std::move(text);
    } else if (name == "row") {
      if (table.rows.back().cells.empty()) table.rows.pop_back();
    }
  }
  void Text(std::string_view text) {
    if (!error.empty()) return;
    if (in_value || (in_inline && in_text && phonetic == 0)) {
      if (value.size() + text.size() > kMaxPartBytes) return Fail(part + ": a cell is too long");
      value.append(text);
    }
  }
};

struct Workbook {
  Archive archive;
  std::vector<std::pair<std::string, std::string>> sheets;  // name, part path
};

Result<Workbook> OpenWorkbook(std::string_view bytes) {
  auto archive = OpenArchive(bytes);
  if (!archive) return archive.error();
  bool found = false;
  auto workbook_xml = ReadPart(archive->get(), "xl/workbook.xml", &found);
  if (!workbook_xml) return workbook_xml.error();
  if (!found) return MakeError("the file is a zip archive but not an xlsx workbook (no xl/workbook.xml)");
  WorkbookHandler workbook;
  if (auto parsed = ParseXml(*workbook_xml, "xl/workbook.xml", workbook); !parsed) return parsed.error();
  auto rels_xml = ReadPart(archive->get(), "xl/_rels/workbook.xml.rels", &found);
  if (!rels_xml) return rels_xml.error();
  RelationshipsHandler rels;
  if (found) {
    if (auto parsed = ParseXml(*rels_xml, "xl/_rels/workbook.xml.rels", rels); !parsed) return parsed.error();
  }
  Workbook out{std::move(archive).value(), {}};
  for (size_t i = 0; i < workbook.sheets.size(); ++i) {
    const auto& [name, id] = workbook.sheets[i];
    std::string path = "xl/worksheets/sheet" + std::to_string(i + 1) + ".xml";
    if (auto target = rels.targets.find(id); target != rels.targets.end()) {
      path = target->second;
      if (!path.empty() && path.front() == '/') {
        path.erase(path.begin());
      } else {
        path = "xl/" + path;
      }
    }
    out.sheets.emplace_back(name, path);
  }
  if (out.sheets.empty()) return MakeError("the xlsx workbook has no sheets");
  return out;
}

}  // namespace

Result<std::vector<std::string>> XlsxSheetNames(std::string_view xlsx_bytes) {
  auto workbook = OpenWorkbook(xlsx_bytes);
  if (!workbook) return workbook.error();
  std::vector<std::string> names;
  for (const auto& [name, path] : workbook->sheets) names.push_back(name);
  return names;
}

Result<Table> ReadXlsxSheet(std::string_view xlsx_bytes, std::string_view sheet) {
  auto workbook = OpenWorkbook(xlsx_bytes);
  if (!workbook) return workbook.error();
  const std::pair<std::string, std::string>* chosen = nullptr;
  std::string names;
  for (const auto& entry : workbook->sheets) {
    if (sheet.empty() ? chosen == nullptr : entry.first == sheet) chosen = &entry;
    names += (names.empty() ? "" : ", ") + ("'" + entry.first + "'");
  }
  if (!chosen) return MakeError("the workbook has no sheet '" + std::string(sheet) + "'; it has " + names);
  bool found = false;
  auto strings_xml = ReadPart(workbook->archive.get(), "xl/sharedStrings.xml", &found);
  if (!strings_xml) return strings_xml.error();
  SharedStringsHandler strings;
  if (found) {
    if (auto parsed = ParseXml(*strings_xml, "xl/sharedStrings.xml", strings); !parsed) return parsed.error();
  }
  auto sheet_xml = ReadPart(workbook->archive.get(), chosen->second, &found);
  if (!sheet_xml) return sheet_xml.error();
  if (!found) return MakeError("sheet '" + chosen->first + "' is missing from the workbook (" + chosen->second + ")");
  SheetHandler handler;
  handler.shared = &strings.strings;
  handler.part = "sheet '" + chosen->first + "'";
  handler.table.sheet = chosen->first;
  if (auto parsed = ParseXml(*sheet_xml, chosen->second, handler); !parsed) return parsed.error();
  return std::move(handler.table);
}

}  // namespace hoshitori::interchange
