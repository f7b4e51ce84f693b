// DocumentService: the textDocument/* features of the language server. It keeps the open
// documents (didOpen / didChange / didClose, incremental sync), analyses them on its own worker
// thread so that reading never waits for analysis, pushes textDocument/publishDiagnostics after
// every change and answers textDocument/diagnostic (pull).
//
// Bursts: a document has at most one analysis job queued; the job takes the newest text when it
// runs, so a burst of changes is analysed once, at its newest version. A result is published
// only if its version is still the document's version when it reaches the io thread, so stale
// diagnostics are never sent.
//
// ShellCheck: the analysis never waits for the `shellcheck` program. It reports the findings
// already in the runner's cache and leaves the other scripts to a second worker, which runs the
// program (one run per document at a time, the newest scripts only, once no change has come for
// kShellcheckQuiet, at a lower CPU priority) and then has the document analysed again: its
// diagnostics are published a second time for the same version, complete. Why wait: while the
// user types into a RUN every keystroke makes a new script, and a program started for each,
// with the re-analysis that follows it, took the CPU from the analysis of the next keystroke.
#pragma once

#include <atomic>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "lsp/features/analysis_setup.h"
#include "lsp/features/open_document.h"
#include "lsp/protocol/server.h"

namespace whalesafe::lsp::features {

using nlohmann::json;

class DocumentService {
 public:
  // How long a document must go without a new analysis before ShellCheck runs on its scripts.
  static constexpr std::chrono::milliseconds kShellcheckQuiet{250};

  // Registers the handlers and capabilities on `server`, which must outlive this object.
  explicit DocumentService(protocol::Server& server);
  ~DocumentService();
  DocumentService(const DocumentService&) = delete;
  DocumentService& operator=(const DocumentService&) = delete;

  // Stops the worker (waiting for a running analysis to finish).
  void stop();

  // --- For features that answer requests from an analysed document (code actions, hover,
  // completion, symbols...: code_actions.h, editing_service.h) ---
  // One open document as analysed at `version`, seen from the analysis worker. The analyzer is
  // mutable: model() and lines() are built on first use after a change.
  struct Snapshot {
    const std::string& uri;
    int64_t version;
    DocumentAnalyzer& analyzer;
    const std::vector<findings::Diagnostic>& diagnostics;
    protocol::PositionEncoding encoding;
  };
  using Query = std::function<json(const Snapshot&)>;
  // Answers `responder` with what `query` returns, run on the analysis worker once `uri` is
  // analysed. `version`: the version the request's positions refer to (the document's current
  // one when nullopt); when the document is no longer at it, the answer is ContentModified.
  // `query` may throw protocol::InvalidParams (answered -32602) or RequestFailed (-32803).
  void query(const std::string& uri, std::optional<int64_t> version,
             const protocol::Responder& responder, Query query);
  // The same, at the document's current version.
  void query(const std::string& uri, const protocol::Responder& responder, Query query) {
    this->query(uri, std::nullopt, responder, std::move(query));
  }

  // --- Configuration ---
  // Drops every cached configuration (a configuration file changed) and, when `settings` is
  // given, uses them from now on; then checks every open document again and asks clients that
  // pull diagnostics to pull again (workspace/diagnostic/refresh).
  void reconfigure(std::optional<ClientSettings> settings);

 private:
  // Marks every open document stale and checks it again (io thread; after the setups' reset).
  void reanalyse_all();

  struct Analysis {
    int64_t version = 0;
    std::shared_ptr<const std::vector<findings::Diagnostic>> diagnostics;
    std::shared_ptr<const std::vector<std::vector<RelatedLocation>>> related;
    // Bumped when ShellCheck's results changed the diagnostics of an analysed version.
    uint64_t revision = 0;
    // A re-analysis for ShellCheck's results that found nothing new: nothing to publish.
    bool unchanged = false;
  };

  void did_open(json& params);
  void did_change(json& params);
  void did_close(json& params);
  void pull_diagnostics(json& params, const protocol::Responder& responder);

  void schedule(const std::shared_ptr<OpenDocument>& doc);
  void queue_pull(const std::shared_ptr<OpenDocument>& doc, protocol::Responder responder,
                  std::string previous_result_id);
  // Worker thread: brings the document's analyzer up to date and returns its diagnostics;
  // nullopt when the document is closed or cannot be analysed.
  std::optional<Analysis> analyse(const std::shared_ptr<OpenDocument>& doc);
  void run_query(const std::shared_ptr<OpenDocument>& doc, int64_t version,
                 const protocol::Responder& responder, const Query& query);
  // io thread: true when `doc` is still open and at `version`.
  bool current(const std::shared_ptr<OpenDocument>& doc, int64_t version) const;
  void publish(const std::shared_ptr<OpenDocument>& doc, const Analysis& analysis);
  // Worker thread, after an analysis: hands the scripts it missed to the ShellCheck worker.
  void defer_shellcheck(const std::shared_ptr<OpenDocument>& doc,
                        std::vector<DocumentAnalyzer::ShellcheckBatch> batches);
  // io thread: (re)starts the document's quiet timer; ShellCheck runs when it expires.
  void shellcheck_when_quiet(const std::shared_ptr<OpenDocument>& doc);
  // ShellCheck worker: checks the document's waiting scripts.
  void run_shellcheck(const std::shared_ptr<OpenDocument>& doc);
  // io thread: the document's diagnostics change at the same version (pull clients pull again).
  void recheck(const std::shared_ptr<OpenDocument>& doc);
  void refresh_pull_clients();
  std::shared_ptr<OpenDocument> find(const std::string& uri) const;

  protocol::Server& server_;
  std::map<std::string, std::shared_ptr<OpenDocument>, std::less<>> documents_;  // io thread
  uint64_t generation_ = 0;                                                      // io thread
  SetupCache setups_;                                                            // worker thread
  ClientSettings client_settings_;                                               // io thread
  boost::asio::thread_pool worker_{1};
  boost::asio::thread_pool shellcheck_worker_{1};  // runs the `shellcheck` program
  bool stopped_ = false;
  // The client shows Diagnostic.relatedInformation (set at initialize, read by the worker).
  std::atomic<bool> related_support_{false};
};

}  // namespace whalesafe::lsp::features
