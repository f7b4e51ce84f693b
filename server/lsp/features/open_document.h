// OpenDocument: one document the client has open. The io thread owns the text, the version and
// the line index, and applies the client's edits; the analysis worker owns the analyzer and
// catches up with the text through `unsynced`, the one byte range that changed since it last
// looked (a burst of edits merges into one range, so the analyzer makes one incremental
// tree-sitter edit for the whole burst). `mutex` guards what both threads touch.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "findings/diagnostic.h"
#include "lsp/features/document_analyzer.h"
#include "lsp/features/related_information.h"
#include "lsp/protocol/line_index.h"

namespace whalesafe::lsp::features {

// Bytes [start, old_end) of the analysed text became bytes [start, new_end) of the current one.
struct ChangedRange {
  uint32_t start = 0;
  uint32_t old_end = 0;
  uint32_t new_end = 0;
};

// `range` followed by the edit replacing [start, end) of the then current text with `length`
// bytes, as one range.
ChangedRange merge(const std::optional<ChangedRange>& range, uint32_t start, uint32_t end,
                   uint32_t length);

struct OpenDocument {
  const std::string uri;
  const std::optional<std::string> path;  // local file, for configuration

  OpenDocument(std::string uri_, std::optional<std::string> path_)
      : uri(std::move(uri_)), path(std::move(path_)) {}

  // --- io thread only (read and written there; written under `mutex`) ---
  std::string text;
  int64_t version = 0;
  protocol::LineIndex lines;
  uint64_t pull_generation = 0;  // bumped by each change, for pull diagnostics' resultId

  // --- both threads, under `mutex` ---
  std::mutex mutex;
  std::optional<ChangedRange> unsynced;  // since the analyzer last synced
  bool analyzer_stale = true;            // the analyzer must be rebuilt from `text`
  bool scheduled = false;                // an analysis job is queued
  bool closed = false;
  bool recheck = false;  // ShellCheck results arrived: run the rules again on the same text
  // ShellCheck off the analysis worker: at most one run per document in flight; the scripts of
  // the newest analysis wait in `shellcheck_next` (older ones are dropped) until the document
  // has been quiet for a moment (`shellcheck_quiet`).
  bool shellcheck_running = false;
  std::vector<DocumentAnalyzer::ShellcheckBatch> shellcheck_next;

  // --- analysis worker only ---
  std::unique_ptr<DocumentAnalyzer> analyzer;
  int64_t analysed_version = -1;
  std::shared_ptr<const std::vector<findings::Diagnostic>> last_diagnostics;
  // Parallel to last_diagnostics (empty when the client takes no related information).
  std::shared_ptr<const std::vector<std::vector<RelatedLocation>>> last_related;
  uint64_t revision = 0;  // bumped when ShellCheck's results changed last_diagnostics
  // --- io thread only ---
  uint64_t announced_revision = 0;  // the newest revision pull clients were told about
  // Restarted by every analysis that leaves scripts for ShellCheck; the run starts when it
  // expires. Created on first use; dropped at didClose.
  std::unique_ptr<boost::asio::steady_timer> shellcheck_quiet;
};

}  // namespace whalesafe::lsp::features
