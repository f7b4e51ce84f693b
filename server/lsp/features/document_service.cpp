#include "lsp/features/document_service.h"

#include <fmt/format.h>
#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <chrono>

#include "lsp/features/document_size_limit.h"
#include "lsp/features/lsp_diagnostics.h"
#include "lsp/protocol/types.h"
#include "lsp/protocol/uri.h"
#include "lsp/transport/json_text.h"
#include "lsp/transport/jsonrpc.h"
#include "rules/shellcheck_runner.h"

namespace whalesafe::lsp::features {
namespace {

using protocol::InvalidParams;

// LSP's TextDocumentSyncKind.Incremental.
constexpr int kSyncIncremental = 2;
// Closing a document at least this large gives its memory back to the system at once.
constexpr std::size_t kTrimAfterClosing = std::size_t{1} << 20;

// The same findings in the same order (ShellCheck's re-analysis changes nothing else).
bool same_findings(const std::vector<findings::Diagnostic>& a,
                   const std::vector<findings::Diagnostic>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const findings::Diagnostic& x, const findings::Diagnostic& y) {
                      return x.rule == y.rule && x.severity == y.severity &&
                             x.message == y.message && x.start_byte == y.start_byte &&
                             x.end_byte == y.end_byte && x.code == y.code;
                    });
}

}  // namespace

DocumentService::DocumentService(protocol::Server& server)
    : server_(server), setups_(server.log()) {
  server.add_capabilities([this](const json& client, json& capabilities) {
    related_support_ =
        protocol::at_path(client, {"textDocument", "publishDiagnostics", "relatedInformation"}) ==
            true ||
        protocol::at_path(client, {"textDocument", "diagnostic", "relatedInformation"}) == true;
    capabilities["textDocumentSync"] = {{"openClose", true}, {"change", kSyncIncremental}};
    capabilities["diagnosticProvider"] = {{"identifier", "whalesafe"},
                                          {"interFileDependencies", false},
                                          {"workspaceDiagnostics", false}};
  });
  server.on_notification("textDocument/didOpen", [this](json& p) { did_open(p); });
  server.on_notification("textDocument/didChange", [this](json& p) { did_change(p); });
  server.on_notification("textDocument/didClose", [this](json& p) { did_close(p); });
  server.on_request("textDocument/diagnostic",
                    [this](json& p, const protocol::Responder& r) { pull_diagnostics(p, r); });
  // The ShellCheck thread, and the programs it starts (a child takes its creator's nice value),
  // yield the CPU to the analysis and to the editor. Best effort: without it they only compete.
  boost::asio::post(shellcheck_worker_,
                    [] { ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 10); });
}

DocumentService::~DocumentService() { stop(); }

void DocumentService::stop() {
  if (stopped_) return;
  stopped_ = true;
  shellcheck_worker_.stop();
  shellcheck_worker_.join();  // waits for a running `shellcheck`
  worker_.stop();
  worker_.join();
}

std::shared_ptr<OpenDocument> DocumentService::find(const std::string& uri) const {
  const auto it = documents_.find(uri);
  return it == documents_.end() ? nullptr : it->second;
}

void DocumentService::did_open(json& params) {
  protocol::TextDocumentItem item = protocol::parse_did_open(params);
  if (const auto old = find(item.uri)) {
    server_.log().warning("didOpen of an open document (reopened): " + item.uri);
    const std::lock_guard<std::mutex> lock(old->mutex);
    old->closed = true;
  }
  auto doc = std::make_shared<OpenDocument>(item.uri, protocol::file_path_from_uri(item.uri));
  doc->text = std::move(item.text);
  doc->version = item.version;
  doc->lines.reset(doc->text);
  doc->pull_generation = ++generation_;
  documents_[item.uri] = doc;
  schedule(doc);
}

void DocumentService::did_change(json& params) {
  protocol::DidChangeParams change = protocol::parse_did_change(params);
  const std::shared_ptr<OpenDocument> doc = find(change.uri);
  if (!doc) {
    server_.log().warning("didChange of a document that is not open: " + change.uri);
    return;
  }
  if (change.version <= doc->version) {
    server_.log().warning(fmt::format("didChange of {}: version {} after {}", change.uri,
                                      change.version, doc->version));
  }
  const protocol::PositionEncoding encoding = server_.position_encoding();
  {
    const std::lock_guard<std::mutex> lock(doc->mutex);
    for (protocol::ContentChange& c : change.changes) {
      if (!c.range) {
        doc->text = std::move(c.text);
        doc->analyzer_stale = true;
        doc->unsynced.reset();
      } else {
        uint32_t start = doc->lines.offset(doc->text, c.range->start, encoding);
        uint32_t end = doc->lines.offset(doc->text, c.range->end, encoding);
        if (end < start) std::swap(start, end);
        doc->text.replace(start, end - start, c.text);
        if (!doc->analyzer_stale) {
          doc->unsynced = merge(doc->unsynced, start, end, static_cast<uint32_t>(c.text.size()));
        }
      }
      doc->lines.reset(doc->text);
    }
    doc->version = change.version;
  }
  doc->pull_generation = ++generation_;
  schedule(doc);
}

void DocumentService::did_close(json& params) {
  const std::string uri = protocol::parse_text_document_uri(params);
  const auto it = documents_.find(uri);
  if (it == documents_.end()) {
    server_.log().warning("didClose of a document that is not open: " + uri);
    return;
  }
  std::shared_ptr<OpenDocument> doc = std::move(it->second);
  documents_.erase(it);
  doc->shellcheck_quiet.reset();  // (io thread only; a waiting run is not started)
  bool large = false;
  {
    const std::lock_guard<std::mutex> lock(doc->mutex);
    doc->closed = true;
    large = doc->text.size() >= kTrimAfterClosing;
  }
  // Clears the client's diagnostics for the closed document.
  server_.notify("textDocument/publishDiagnostics",
                 json{{"uri", uri}, {"diagnostics", json::array()}});
  if (large || documents_.empty()) {
    // The workers drop the last reference (after any job still holding the document, as each
    // runs jobs in order: the analysis worker's, then a ShellCheck run's), then return the
    // freed memory to the system.
    boost::asio::post(worker_, [this, doc = std::move(doc)]() mutable {
      boost::asio::post(shellcheck_worker_, [doc = std::move(doc)]() mutable {
        doc.reset();
        malloc_trim(0);
      });
    });
  }
}

void DocumentService::schedule(const std::shared_ptr<OpenDocument>& doc) {
  {
    const std::lock_guard<std::mutex> lock(doc->mutex);
    if (doc->scheduled) return;  // the queued job will see this change too
    doc->scheduled = true;
  }
  boost::asio::post(worker_, [this, doc] {
    std::optional<Analysis> analysis = analyse(doc);
    if (!analysis) return;
    boost::asio::post(server_.io(), [this, doc, analysis = std::move(*analysis)] {
      if (!current(doc, analysis.version)) return;
      if (analysis.revision != doc->announced_revision) {
        // New diagnostics for the same version: a pull client's resultId must change.
        doc->announced_revision = analysis.revision;
        doc->pull_generation = ++generation_;
        refresh_pull_clients();
      }
      if (!analysis.unchanged) publish(doc, analysis);
    });
  });
}

std::optional<DocumentService::Analysis> DocumentService::analyse(
    const std::shared_ptr<OpenDocument>& shared) {
  OpenDocument& doc = *shared;
  std::optional<std::string> full_text;
  std::optional<ChangedRange> range;
  std::string new_text;
  int64_t version = 0;
  std::optional<findings::Diagnostic> too_large;
  const std::size_t max_bytes = max_document_bytes(setups_.for_document(doc.path)->config);
  bool recheck = false;
  {
    const std::lock_guard<std::mutex> lock(doc.mutex);
    doc.scheduled = false;
    if (doc.closed) return std::nullopt;
    version = doc.version;
    recheck = doc.recheck;
    doc.recheck = false;
    too_large = document_too_large(doc.text.size(), max_bytes);
    if (too_large) {
      doc.analyzer_stale = true;  // rebuilt from the text once it fits again
      doc.unsynced.reset();
    } else if (doc.analyzer_stale || !doc.analyzer) {
      full_text = doc.text;
      doc.analyzer_stale = false;
      doc.unsynced.reset();
    } else if (doc.unsynced) {
      range = doc.unsynced;
      new_text = doc.text.substr(range->start, range->new_end - range->start);
      doc.unsynced.reset();
    }
  }
  if (too_large) {
    doc.analyzer.reset();
    doc.last_diagnostics = std::make_shared<const std::vector<findings::Diagnostic>>(
        std::vector<findings::Diagnostic>{std::move(*too_large)});
    doc.last_related.reset();  // the size message refers to nothing else
    doc.analysed_version = version;
    return Analysis{version, doc.last_diagnostics, doc.last_related, doc.revision};
  }
  if (!full_text && !range && !recheck && doc.last_diagnostics && doc.analysed_version == version) {
    return Analysis{version, doc.last_diagnostics, doc.last_related, doc.revision};  // unchanged
  }
  // Only ShellCheck's results are new: the same text, analysed again.
  const bool recheck_only =
      !full_text && !range && doc.last_diagnostics && doc.analysed_version == version;
  const auto previous = doc.last_diagnostics;
  const auto started = std::chrono::steady_clock::now();
  try {
    if (full_text) {
      doc.analyzer.reset();
      doc.analyzer = std::make_unique<DocumentAnalyzer>(
          std::move(*full_text), setups_.for_document(doc.path), doc.path.value_or(""));
    } else if (range) {
      doc.analyzer->edit(range->start, range->old_end, new_text);
    }
    doc.last_diagnostics =
        std::make_shared<const std::vector<findings::Diagnostic>>(doc.analyzer->diagnostics());
    doc.last_related = std::make_shared<const std::vector<std::vector<RelatedLocation>>>(
        related_support_ ? related_locations(doc.analyzer->document(), doc.analyzer->model(),
                                             *doc.last_diagnostics)
                         : std::vector<std::vector<RelatedLocation>>{});
    doc.analysed_version = version;
    defer_shellcheck(shared, doc.analyzer->take_pending_shellcheck());
    if (recheck_only) {
      if (same_findings(*previous, *doc.last_diagnostics)) {
        return Analysis{version, doc.last_diagnostics, doc.last_related, doc.revision, true};
      }
      ++doc.revision;
    }
  } catch (const std::exception& e) {
    server_.log().error(
        fmt::format("cannot analyse {} (version {}): {}", doc.uri, version, e.what()));
    doc.analyzer.reset();
    doc.last_diagnostics.reset();
    doc.last_related.reset();
    const std::lock_guard<std::mutex> lock(doc.mutex);
    doc.analyzer_stale = true;
    return std::nullopt;
  }
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::steady_clock::now() - started)
                          .count();
  server_.log().debug(fmt::format("analysed {} version {} in {} us: {} diagnostics", doc.uri,
                                  version, micros, doc.last_diagnostics->size()));
  return Analysis{version, doc.last_diagnostics, doc.last_related, doc.revision};
}

// --- ShellCheck, off the analysis worker ---

void DocumentService::defer_shellcheck(const std::shared_ptr<OpenDocument>& doc,
                                       std::vector<DocumentAnalyzer::ShellcheckBatch> batches) {
  {
    const std::lock_guard<std::mutex> lock(doc->mutex);
    // The newest analysis's scripts replace any still waiting (an empty list too: nothing
    // older is worth checking any more).
    doc->shellcheck_next = std::move(batches);
    if (doc->shellcheck_next.empty()) return;
  }
  // Weak: a closed document is not kept alive by the io thread (did_close frees it).
  boost::asio::post(server_.io(), [this, weak = std::weak_ptr<OpenDocument>(doc)] {
    if (const std::shared_ptr<OpenDocument> alive = weak.lock()) shellcheck_when_quiet(alive);
  });
}

void DocumentService::shellcheck_when_quiet(const std::shared_ptr<OpenDocument>& doc) {
  if (find(doc->uri) != doc) return;  // closed meanwhile
  if (!doc->shellcheck_quiet) {
    doc->shellcheck_quiet = std::make_unique<boost::asio::steady_timer>(server_.io());
  }
  doc->shellcheck_quiet->expires_after(kShellcheckQuiet);  // cancels a wait in progress
  doc->shellcheck_quiet->async_wait(
      [this, weak = std::weak_ptr<OpenDocument>(doc)](const boost::system::error_code& ec) {
        if (ec) return;  // restarted by a newer analysis, or the document was closed
        const std::shared_ptr<OpenDocument> alive = weak.lock();
        if (!alive || find(alive->uri) != alive) return;
        {
          const std::lock_guard<std::mutex> lock(alive->mutex);
          // A run in progress restarts the timer when it ends, if scripts are still waiting.
          if (alive->shellcheck_running || alive->shellcheck_next.empty()) return;
          alive->shellcheck_running = true;
        }
        boost::asio::post(shellcheck_worker_, [this, alive] { run_shellcheck(alive); });
      });
}

void DocumentService::run_shellcheck(const std::shared_ptr<OpenDocument>& doc) {
  std::vector<DocumentAnalyzer::ShellcheckBatch> batches;
  {
    const std::lock_guard<std::mutex> lock(doc->mutex);
    if (doc->closed) {
      doc->shellcheck_running = false;
      return;
    }
    batches = std::move(doc->shellcheck_next);
    doc->shellcheck_next.clear();
  }
  const auto started = std::chrono::steady_clock::now();
  std::size_t count = 0;
  bool ok = true;
  for (const DocumentAnalyzer::ShellcheckBatch& batch : batches) {
    // Fills the runner's cache, which the next analysis reads.
    ok = rules::shellcheck::check_scripts(batch.scripts, batch.dialect).has_value() && ok;
    count += batch.scripts.size();
  }
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::steady_clock::now() - started)
                          .count();
  bool waiting = false;
  {
    const std::lock_guard<std::mutex> lock(doc->mutex);
    doc->shellcheck_running = false;
    waiting = !doc->shellcheck_next.empty();  // from analyses made during the run
  }
  const std::weak_ptr<OpenDocument> weak(doc);
  if (!ok) {
    // Analysing again would find the same scripts missing and start the program again.
    server_.log().warning(fmt::format("shellcheck failed on {} script(s) of {}", count, doc->uri));
    if (waiting) {
      boost::asio::post(server_.io(), [this, weak] {
        if (const std::shared_ptr<OpenDocument> alive = weak.lock()) shellcheck_when_quiet(alive);
      });
    }
    return;
  }
  server_.log().debug(
      fmt::format("shellcheck checked {} script(s) of {} in {} us", count, doc->uri, micros));
  // The analysis this starts hands any script still missing back (defer_shellcheck).
  boost::asio::post(server_.io(), [this, weak] {
    if (const std::shared_ptr<OpenDocument> alive = weak.lock()) recheck(alive);
  });
}

void DocumentService::recheck(const std::shared_ptr<OpenDocument>& doc) {
  if (find(doc->uri) != doc) return;  // closed meanwhile
  {
    const std::lock_guard<std::mutex> lock(doc->mutex);
    doc->recheck = true;
  }
  schedule(doc);
}

void DocumentService::refresh_pull_clients() {
  if (protocol::at_path(server_.client_capabilities(),
                        {"workspace", "diagnostics", "refreshSupport"}) == true) {
    server_.request("workspace/diagnostic/refresh", nullptr, [this](const json&, const json& e) {
      if (!e.is_null()) server_.log().debug("workspace/diagnostic/refresh: " + e.dump());
    });
  }
}

bool DocumentService::current(const std::shared_ptr<OpenDocument>& doc, int64_t version) const {
  const auto it = documents_.find(doc->uri);
  return it != documents_.end() && it->second == doc && doc->version == version;
}

void DocumentService::publish(const std::shared_ptr<OpenDocument>& doc, const Analysis& analysis) {
  // Written as JSON text directly: for a long file with hundreds of findings, building the
  // params as JSON values and dumping them cost more than the analysis (docs/performance.md).
  std::string params = R"({"uri":)";
  transport::append_json_string(params, doc->uri);
  params += R"(,"version":)";
  transport::append_json_integer(params, analysis.version);
  params += R"(,"diagnostics":)";
  params += lsp_diagnostics_json(*analysis.diagnostics, doc->text, doc->lines,
                                 server_.position_encoding(), analysis.related.get(), doc->uri);
  params += '}';
  server_.notify_encoded("textDocument/publishDiagnostics", std::move(params));
}

void DocumentService::pull_diagnostics(json& params, const protocol::Responder& responder) {
  const std::string uri = protocol::parse_text_document_uri(params);
  std::string previous;
  if (const auto it = params.find("previousResultId"); it != params.end() && !it->is_null()) {
    if (!it->is_string()) throw InvalidParams("params.previousResultId: expected a string");
    previous = it->get<std::string>();
  }
  const std::shared_ptr<OpenDocument> doc = find(uri);
  if (!doc) throw InvalidParams("document not open: " + uri);
  queue_pull(doc, responder, std::move(previous));
}

void DocumentService::queue_pull(const std::shared_ptr<OpenDocument>& doc,
                                 protocol::Responder responder, std::string previous_result_id) {
  boost::asio::post(worker_, [this, doc, responder, previous_result_id] {
    if (responder.cancelled()) return;
    std::optional<Analysis> analysis = analyse(doc);
    boost::asio::post(server_.io(), [this, doc, responder, previous_result_id,
                                     analysis = std::move(analysis)] {
      if (responder.cancelled()) return;
      if (find(doc->uri) != doc) {
        responder.error(transport::error_code::kContentModified, "the document was closed");
        return;
      }
      if (!analysis) {
        responder.error(transport::error_code::kInternalError, "the document cannot be analysed");
        return;
      }
      if (!current(doc, analysis->version)) {
        queue_pull(doc, responder, previous_result_id);  // changed meanwhile: the newest
        return;
      }
      const std::string result_id = std::to_string(doc->pull_generation);
      if (result_id == previous_result_id) {
        responder.result(json{{"kind", "unchanged"}, {"resultId", result_id}});
        return;
      }
      std::string result = R"({"kind":"full","resultId":)";
      transport::append_json_string(result, result_id);
      result += R"(,"items":)";
      result +=
          lsp_diagnostics_json(*analysis->diagnostics, doc->text, doc->lines,
                               server_.position_encoding(), analysis->related.get(), doc->uri);
      result += '}';
      responder.result_encoded(std::move(result));
    });
  });
}

// --- Queries for other features ---

void DocumentService::query(const std::string& uri, std::optional<int64_t> version,
                            const protocol::Responder& responder, Query query) {
  const std::shared_ptr<OpenDocument> doc = find(uri);
  if (!doc) throw InvalidParams("document not open: " + uri);
  if (version && *version != doc->version) {
    responder.error(transport::error_code::kContentModified,
                    fmt::format("the document is at version {}, not {}", doc->version, *version));
    return;
  }
  boost::asio::post(worker_, [this, doc, v = doc->version, responder, job = std::move(query)] {
    run_query(doc, v, responder, job);
  });
}

void DocumentService::run_query(const std::shared_ptr<OpenDocument>& doc, int64_t version,
                                const protocol::Responder& responder, const Query& query) {
  namespace ec = transport::error_code;
  if (responder.cancelled()) return;
  const std::optional<Analysis> analysis = analyse(doc);
  if (!analysis) {
    responder.error(ec::kContentModified, "the document was closed or cannot be analysed");
    return;
  }
  if (analysis->version != version) {
    // Changed since the request: its positions refer to text that is gone.
    responder.error(ec::kContentModified, "the document changed");
    return;
  }
  // Requests never wait for the shellcheck program either (fix-all analyses its result again):
  // they use what the cache holds.
  struct Ignore : rules::shellcheck::Deferral {
    void missing(rules::shellcheck::Dialect, std::vector<std::string>) override {}
  } ignore;
  const rules::shellcheck::DeferralScope deferred(ignore);
  try {
    const Snapshot snapshot{doc->uri, version, *doc->analyzer, *analysis->diagnostics,
                            server_.position_encoding()};
    responder.result(query(snapshot));
  } catch (const InvalidParams& e) {
    responder.error(ec::kInvalidParams, e.what());
  } catch (const protocol::RequestFailed& e) {
    responder.error(ec::kRequestFailed, e.what());
  } catch (const std::exception& e) {
    server_.log().error(fmt::format("internal error answering for {}: {}", doc->uri, e.what()));
    responder.error(ec::kInternalError, std::string("internal error: ") + e.what());
  }
}

// --- Configuration ---

void DocumentService::reconfigure(std::optional<ClientSettings> settings) {
  if (settings) client_settings_ = std::move(*settings);
  // The setups are reset on the worker, and only then are the documents marked stale (back on
  // the io thread): a job queued before the reset (a query, an analysis) that found a document
  // stale would re-analyse it with the old setups and clear the mark, and the new settings would
  // never be applied to it.
  boost::asio::post(worker_, [this, current = client_settings_]() mutable {
    setups_.reset(std::move(current));
    boost::asio::post(server_.io(), [this] { reanalyse_all(); });
  });
}

void DocumentService::reanalyse_all() {
  for (const auto& [uri, doc] : documents_) {
    {
      const std::lock_guard<std::mutex> lock(doc->mutex);
      doc->analyzer_stale = true;
      doc->unsynced.reset();
    }
    doc->pull_generation = ++generation_;
    // The same version gets new diagnostics: what was published for it no longer holds.
    schedule(doc);
  }
  // Clients that pull diagnostics are told to pull again.
  refresh_pull_clients();
}

}  // namespace whalesafe::lsp::features
