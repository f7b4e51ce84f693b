-- The Neovim plugin (editors/nvim) in Debian's Neovim, headless: require('whalesafe').setup{}
-- starts the server for a Dockerfile; its diagnostics arrive; a code action applies (when the
-- server offers code actions); fix all works, through the server's source.fixAll.whalesafe
-- when it offers it and through the command line; typing updates the diagnostics; :write
-- writes the file; a Containerfile is a Dockerfile; the grammar's highlight query loads with
-- our parser and captures what it should.
-- Run by nvim_plugin_test.sh: WHALESAFE, WORKDIR, PLUGIN_DIR, PARSER set.
local uv = vim.loop
local WHALESAFE = os.getenv('WHALESAFE')
local WORK = os.getenv('WORKDIR')
local TIMEOUT = 30000

local failures = 0
local function check(name, ok, detail)
  if not ok then failures = failures + 1 end
  io.stderr:write(string.format('%s %s%s\n', ok and 'ok  ' or 'FAIL', name,
    (not ok and detail ~= nil) and (' ' .. vim.inspect(detail)) or ''))
end
local function skipped(name, why)
  io.stderr:write(string.format('SKIPPED %s: %s\n', name, why))
end

local co
local function sleep(ms)
  vim.defer_fn(function() assert(coroutine.resume(co)) end, ms)
  coroutine.yield()
end
local function wait_until(predicate)
  local deadline = uv.now() + TIMEOUT
  while not predicate() do
    if uv.now() > deadline then return false end
    sleep(10)
  end
  return true
end

local function codes(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == 'whalesafe' then out[#out + 1] = d.code end
  end
  table.sort(out)
  return out
end
local function has(bufnr, code)
  return vim.tbl_contains(codes(bufnr), code)
end
local function lines(bufnr)
  return vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
end
local function read(path)
  local f = assert(io.open(path, 'rb'))
  local s = f:read('*a')
  f:close()
  return s
end

local function main()
  sleep(0)
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

  -- 2. A code action for one diagnostic, applied as vim.lsp.buf.code_action would.
  local caps = client.server_capabilities or {}
  if not caps.codeActionProvider then
    skipped('code action', 'the server announces no codeActionProvider yet')
  else
    local diag
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.code == 'legacy-env-format' then diag = d end
    end
    local params = {
      textDocument = vim.lsp.util.make_text_document_params(bufnr),
      range = { start = { line = diag.lnum, character = diag.col }, ['end'] = { line = diag.end_lnum, character = diag.end_col } },
      context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, diag.lnum), only = { 'quickfix' } },
    }
    local response = client.request_sync('textDocument/codeAction', params, 5000, bufnr)
    -- The fix itself (preferred, as it is safe), not "ignore this rule here".
    local action
    for _, a in ipairs((response and response.result) or {}) do
      if a.isPreferred and (a.edit or a.data) and not action then action = a end
    end
    for _, a in ipairs((response and response.result) or {}) do
      if not action and (a.edit or a.data) and not a.title:lower():find('ignore') then action = a end
    end
    check('code action offered', action, response)
    if action then
      if not action.edit then action = client.request_sync('codeAction/resolve', action, 5000, bufnr).result end
      vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
      check('code action applied', lines(bufnr)[2] == 'ENV NODE_ENV=production', lines(bufnr))
      check('its diagnostic goes', wait_until(function() return not has(bufnr, 'legacy-env-format') end), codes(bufnr))
    end
  end

  -- 3. Fix all through the server's source.fixAll.whalesafe, when it offers it.
  if whalesafe.server_has_fix_all(client) then
    local before = lines(bufnr)
    local changed, err = whalesafe.fix_all(bufnr, { via = 'lsp' })
    check('fix all (server) changed the buffer', changed and not err, err)
    check('fix all (server) result', lines(bufnr)[3] == 'RUN apk add --no-cache curl', lines(bufnr))
    vim.api.nvim_buf_set_lines(bufnr, 0, -1, false, before) -- so that step 4 has work to do
  else
    skipped('fix all through the server', 'the server does not offer ' .. whalesafe.FIX_ALL_KIND .. ' yet')
  end

  -- 4. Fix all through the command line (:WhalesafeFixAll's fallback, and its unsafe-fixes path).
  local changed, err = whalesafe.fix_all(bufnr, { via = 'cli' })
  check('fix all (command line) changed the buffer', changed and not err, err)
  check('fix all (command line) result', vim.deep_equal(lines(bufnr), {
    'FROM alpine:3.22', 'ENV NODE_ENV=production', 'RUN apk add --no-cache curl', 'USER app', 'CMD ["/bin/app"]',
  }), lines(bufnr))
  check('diagnostics after fix all', wait_until(function() return #codes(bufnr) == 0 end), codes(bufnr))

  -- 5. Typing a line key by key: its diagnostic arrives.
  vim.api.nvim_win_set_cursor(0, { vim.api.nvim_buf_line_count(bufnr), 0 })
  vim.api.nvim_input('o')
  for ch in ('WORKDIR app'):gmatch('.') do
    vim.api.nvim_input(ch)
    sleep(10)
  end
  vim.api.nvim_input('<Esc>')
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

  -- 9. fix_on_save: :write fixes the buffer first (here through the command line).
  whalesafe.setup({ cmd = { WHALESAFE, 'lsp' }, fix_on_save = true })
  vim.cmd('edit ' .. vim.fn.fnameescape(WORK .. '/Containerfile'))
  vim.api.nvim_buf_set_lines(0, 1, 1, false, { 'ENV GREETING hello' })
  vim.cmd('write')
  check('fix on save', read(WORK .. '/Containerfile') == 'FROM alpine:3.22\nENV GREETING=hello\nENV MODE=prod\nUSER app\n',
    read(WORK .. '/Containerfile'))

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

  -- 11. The plugin's copy of the grammar's highlight query loads with our parser and captures.
  local parser_path = os.getenv('PARSER')
  local add = (vim.treesitter.language and vim.treesitter.language.add) or vim.treesitter.require_language
  local ok_lang, lang_err = pcall(add, 'dockerfile', parser_path)
  check('our parser loads', ok_lang, lang_err)
  if ok_lang then
    local get_query = vim.treesitter.query.get or vim.treesitter.query.get_query
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

  vim.cmd(failures == 0 and 'qa!' or 'cquit 1')
end

co = coroutine.create(function()
  local ok, err = pcall(main)
  if not ok then
    io.stderr:write('FAIL error: ' .. tostring(err) .. '\n')
    vim.cmd('cquit 1')
  end
end)
assert(coroutine.resume(co))
