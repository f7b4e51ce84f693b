// DocumentService: the textDocument/* features of the language server. It keeps the open
// documents (didOpen / didChange / didClose, incremental sync), analyses them on its own worker
// thread so that reading never waits for analysis, pushes textDocument/publishDiagnostics after
// every change and answers textDocument/diagnostic (pull).
//
// Bursts: a document has at most one analysis job queued; the job takes the newest text when it
// runs, so a burst of changes is analysed once, at its newest version. A result is published
// only if its version is still the document's version when it reaches the io thread, so stale
// diagnostics are never sent.
#pragma once

#include <boost/asio/thread_pool.hpp>
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

// A request that is well formed but cannot be carried out (a rename to an invalid name):
// answered with LSP's RequestFailed.
class QueryFailed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
inline constexpr int kRequestFailed = -32803;

class DocumentService {
 public:
  // Registers the handlers and capabilities on `server`, which must outlive this object.
  explicit DocumentService(protocol::Server& server);
  ~DocumentService();
  DocumentService(const DocumentService&) = delete;
  DocumentService& operator=(const DocumentService&) = delete;

  // Stops the worker (waiting for a running analysis to finish).
  void stop();

  // --- Requests about one document (hover, completion, symbols...: editing_service.h) ---
  // What a query sees: the document brought up to its newest text, on the analysis worker.
  struct Snapshot {
    const std::string& uri;
    int64_t version;
    DocumentAnalyzer& analyzer;
    const std::vector<findings::Diagnostic>& diagnostics;
    protocol::PositionEncoding encoding;
  };
  using Query = std::function<json(Snapshot& snapshot)>;
  // Answers `responder` with `compute`'s result, run on the analysis worker after the newest
  // text has been analysed. Throws InvalidParams when `uri` is not open; `compute` may throw
  // InvalidParams too (answered with -32602) or a QueryFailed (-32803, RequestFailed).
  void query(const std::string& uri, const protocol::Responder& responder, Query compute);

 private:
  struct Analysis {
    int64_t version = 0;
    std::shared_ptr<const std::vector<findings::Diagnostic>> diagnostics;
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
  std::optional<Analysis> analyse(OpenDocument& doc);
  // io thread: true when `doc` is still open and at `version`.
  bool current(const std::shared_ptr<OpenDocument>& doc, int64_t version) const;
  void publish(const std::shared_ptr<OpenDocument>& doc, const Analysis& analysis);
  std::shared_ptr<OpenDocument> find(const std::string& uri) const;

  protocol::Server& server_;
  std::map<std::string, std::shared_ptr<OpenDocument>, std::less<>> documents_;  // io thread
  uint64_t generation_ = 0;                                                      // io thread
  SetupCache setups_;                                                            // worker thread
  boost::asio::thread_pool worker_{1};
  bool stopped_ = false;
};

}  // namespace whalesafe::lsp::features
