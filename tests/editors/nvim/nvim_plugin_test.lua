-- The Neovim plugin (editors/nvim) in Debian's Neovim, headless: require('whalesafe').setup{}
-- starts the server for a Dockerfile; its diagnostics arrive; the server's quick fix applies
-- through vim.lsp.buf.code_action(); :WhalesafeFixAll and fix on save go through the server's
-- source.fixAll.whalesafe (checked by watching the requests and commands the plugin sends), and
-- through `whalesafe --fix -` only for a server without it; typing updates the diagnostics; :write
-- writes the file; a Containerfile is a Dockerfile; Neovim finds the plugin's queries (the
-- grammar's, through a link), they load with our parser and the highlights capture what they
-- should.
-- Run by nvim_plugin_test.sh: WHALESAFE, WORKDIR, PLUGIN_DIR, PARSER, NVIM_HARNESS set.
local h = dofile(os.getenv('NVIM_HARNESS'))
local check, wait_until, read = h.check, h.wait_until, h.read
local WHALESAFE = os.getenv('WHALESAFE')
local WORK = os.getenv('WORKDIR')

-- The codes of the buffer's whalesafe diagnostics, sorted.
local function codes(bufnr)
  return h.codes(bufnr, 'whalesafe')
end
local function has(bufnr, code)
  return vim.tbl_contains(codes(bufnr), code)
end
local function lines(bufnr)
  return vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
end

local function main()
  vim.opt.runtimepath:prepend(os.getenv('PLUGIN_DIR'))
  local whalesafe = require('whalesafe')
  whalesafe.setup({ cmd = { WHALESAFE, 'lsp' } })

  -- 1. Open a Dockerfile: the plugin starts the server and the diagnostics arrive.
  vim.cmd('edit ' .. vim.fn.fnameescape(WORK .. '/Dockerfile'))
  local bufnr = vim.api.nvim_get_current_buf()
  check('filetype', vim.bo[bufnr].filetype == 'dockerfile', vim.bo[bufnr].filetype)
  check('client attached', wait_until(function() return whalesafe.get_client(bufnr) ~= nil end))
  local client = whalesafe.get_client(bufnr)
  check('client initialized', wait_until(function() return client.initialized end))
  check('root directory from .whalesafe.yaml', client.config.root_dir == WORK, client.config.root_dir)
  check('diagnostics arrive', wait_until(function()
    return has(bufnr, 'legacy-env-format') and has(bufnr, 'apk-no-cache') and has(bufnr, 'instruction-casing')
  end), codes(bufnr))

  -- What the plugin does, seen from outside: every request the client sends, and every
  -- command run through vim.fn.system (the plugin's `whalesafe --fix -` fallback).
  local requests, systems = {}, {}
  local real_request = client.request
  client.request = function(method, params, ...)
    requests[#requests + 1] = { method = method, only = params and params.context and params.context.only }
    return real_request(method, params, ...)
  end
  local real_system = vim.fn.system
  vim.fn.system = function(cmd, ...)
    systems[#systems + 1] = cmd
    return real_system(cmd, ...)
  end
  local function reset_spies() requests, systems = {}, {} end
  local function fix_all_requested()
    for _, r in ipairs(requests) do
      if r.method == 'textDocument/codeAction' and vim.deep_equal(r.only, { whalesafe.FIX_ALL_KIND }) then return true end
    end
    return false
  end
  local fixed_lines = {
    'FROM alpine:3.22', 'ENV NODE_ENV=production', 'RUN apk add --no-cache curl', 'USER app', 'CMD ["/bin/app"]',
  }

  -- 2. The server offers code actions (this build's server does: a missing capability is a
  -- failure here, not a reason to skip), and one applies as the user applies it: the cursor on
  -- the diagnostic, vim.lsp.buf.code_action(), and the preferred quick fix picked in the menu
  -- (vim.ui.select).
  local caps = client.server_capabilities or client.resolved_capabilities or {}
  check('server announces quickfix and fix-all code actions', whalesafe.server_has_fix_all(client) and
    vim.tbl_contains((type(caps.codeActionProvider) == 'table' and caps.codeActionProvider.codeActionKinds) or {}, 'quickfix'),
    caps.codeActionProvider)
  local diag
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == 'legacy-env-format' then diag = d end
  end
  vim.api.nvim_win_set_cursor(0, { diag.lnum + 1, diag.col })
  local actions = h.code_action(function(menu)
    for _, a in ipairs(menu) do
      if a.kind == 'quickfix' and a.isPreferred then return a end
    end
  end)
  local function offered()
    return vim.tbl_map(function(a)
      return string.format('%s [%s%s]', a.title, a.kind, a.isPreferred and ', preferred' or '')
    end, actions)
  end
  check('code action applied (vim.lsp.buf.code_action, preferred quick fix)', wait_until(function()
    return lines(bufnr)[2] == 'ENV NODE_ENV=production'
  end), { offered = offered(), lines = lines(bufnr) })
  check('the quick fix was offered with an ignore action', vim.tbl_contains(offered(),
    'Ignore legacy-env-format for this instruction [quickfix]'), offered())
  check('its diagnostic goes', wait_until(function() return not has(bufnr, 'legacy-env-format') end), codes(bufnr))

  -- 3. :WhalesafeFixAll through the server's source.fixAll.whalesafe (the server offers it, so
  -- the command line must not be used).
  local before = lines(bufnr)
  reset_spies()
  vim.cmd('WhalesafeFixAll')
  check('fix all (server) result', vim.deep_equal(lines(bufnr), fixed_lines), lines(bufnr))
  check('fix all asked the server for ' .. whalesafe.FIX_ALL_KIND, fix_all_requested(), requests)
  check('fix all did not run the command line', #systems == 0, systems)
  check('diagnostics after fix all', wait_until(function() return #codes(bufnr) == 0 end), codes(bufnr))

  -- 4. The fallback for a server without the capability: `whalesafe --fix -`.
  vim.api.nvim_buf_set_lines(bufnr, 0, -1, false, before)
  local announced = caps.codeActionProvider
  caps.codeActionProvider = nil
  reset_spies()
  local changed, err = whalesafe.fix_all(bufnr)
  caps.codeActionProvider = announced
  check('fix all (command line) changed the buffer', changed and not err, err)
  check('fix all (command line) result', vim.deep_equal(lines(bufnr), fixed_lines), lines(bufnr))
  check('fix all (command line) ran whalesafe --fix -', #systems == 1 and systems[1]:find('--fix', 1, true)
    and not fix_all_requested(), { systems = systems, requests = requests })
  check('diagnostics after fix all (command line)', wait_until(function() return #codes(bufnr) == 0 end), codes(bufnr))

  -- 5. Typing a line key by key: its diagnostic arrives.
  vim.api.nvim_win_set_cursor(0, { vim.api.nvim_buf_line_count(bufnr), 0 })
  h.type('o', 'WORKDIR app', 10)
  check('diagnostic for the typed line', wait_until(function() return has(bufnr, 'workdir-relative') end), codes(bufnr))

  -- 6. :write, and the file on disk.
  vim.cmd('write')
  check('file written', read(WORK .. '/Dockerfile') ==
    'FROM alpine:3.22\nENV NODE_ENV=production\nRUN apk add --no-cache curl\nUSER app\nCMD ["/bin/app"]\nWORKDIR app\n',
    read(WORK .. '/Dockerfile'))

  -- 7. A Containerfile is a Dockerfile, served by the same client (same root).
  vim.cmd('edit ' .. vim.fn.fnameescape(WORK .. '/Containerfile'))
  local cbuf = vim.api.nvim_get_current_buf()
  check('Containerfile filetype', vim.bo[cbuf].filetype == 'dockerfile', vim.bo[cbuf].filetype)
  check('Containerfile diagnostics', wait_until(function() return has(cbuf, 'legacy-env-format') end), codes(cbuf))
  check('one client for the root', whalesafe.get_client(cbuf) and whalesafe.get_client(cbuf).id == client.id)

  vim.cmd('edit ' .. vim.fn.fnameescape(WORK .. '/api.dockerfile'))
  check('*.dockerfile filetype (the plugin adds it)', vim.bo.filetype == 'dockerfile', vim.bo.filetype)

  -- 8. :WhalesafeRule shows a rule's documentation.
  vim.cmd('WhalesafeRule DL3014')
  check(':WhalesafeRule', vim.api.nvim_buf_get_lines(0, 0, 1, false)[1] == '## apt-missing-yes',
    vim.api.nvim_buf_get_lines(0, 0, 3, false))
  vim.cmd('close')

  -- 9. fix_on_save: :write fixes the buffer first, through the server.
  whalesafe.setup({ cmd = { WHALESAFE, 'lsp' }, fix_on_save = true })
  vim.cmd('edit ' .. vim.fn.fnameescape(WORK .. '/Containerfile'))
  vim.api.nvim_buf_set_lines(0, 1, 1, false, { 'ENV GREETING hello' })
  reset_spies()
  vim.cmd('write')
  check('fix on save', read(WORK .. '/Containerfile') == 'FROM alpine:3.22\nENV GREETING=hello\nENV MODE=prod\nUSER app\n',
    read(WORK .. '/Containerfile'))
  check('fix on save through the server', fix_all_requested() and #systems == 0, { systems = systems, requests = requests })
  vim.fn.system = real_system

  -- 10. :WhalesafeRestart: a new client serves the open Dockerfiles.
  local old_id = whalesafe.get_client(0).id
  vim.cmd('WhalesafeRestart')
  check('a new client after :WhalesafeRestart', wait_until(function()
    local c = whalesafe.get_client(0)
    return c and c.id ~= old_id and c.initialized
  end))
  vim.api.nvim_buf_set_lines(0, 1, 1, false, { 'ENV AGAIN yes' })
  check('diagnostics after the restart', wait_until(function() return has(0, 'legacy-env-format') end), codes(0))
  vim.cmd('edit!')

  -- 11. The plugin's queries (a link to the grammar's, see nvim_plugin_test.sh) are the ones
  -- Neovim finds on the runtime path; they load with our parser and the highlights capture.
  local plugin_queries = os.getenv('PLUGIN_DIR') .. '/queries/dockerfile/'
  local get_files = vim.treesitter.query.get_files or vim.treesitter.query.get_query_files
  for _, name in ipairs({ 'highlights', 'injections' }) do
    local files = get_files('dockerfile', name)
    check('Neovim finds the plugin\'s ' .. name .. '.scm', vim.tbl_contains(files, plugin_queries .. name .. '.scm'),
      files)
  end
  local parser_path = os.getenv('PARSER')
  local add = (vim.treesitter.language and vim.treesitter.language.add) or vim.treesitter.require_language
  local ok_lang, lang_err = pcall(add, 'dockerfile', parser_path)
  check('our parser loads', ok_lang, lang_err)
  if ok_lang then
    local get_query = vim.treesitter.query.get or vim.treesitter.query.get_query
    local ok_inj, injections = pcall(get_query, 'dockerfile', 'injections')
    check('queries/dockerfile/injections.scm compiles against the grammar', ok_inj and injections, injections)
    local ok_q, query = pcall(get_query, 'dockerfile', 'highlights')
    check('queries/dockerfile/highlights.scm compiles against the grammar', ok_q and query, query)
    if ok_q and query then
      local tree = vim.treesitter.get_parser(bufnr, 'dockerfile'):parse()[1]
      local captured = {}
      for id, node in query:iter_captures(tree:root(), bufnr, 0, -1) do
        captured[query.captures[id] .. ':' .. vim.treesitter.query.get_node_text(node, bufnr)] = true
      end
      check('FROM is a keyword', captured['keyword:FROM'], vim.tbl_keys(captured))
      check('the image name is captured', captured['string.special:alpine'], vim.tbl_keys(captured))
    end
  end
end

h.run(main)
