-- Neovim (Debian's, 0.7 or newer) with its built-in LSP client against `whalesafe lsp`:
-- open a Dockerfile and receive its diagnostics, type an edit key by key and receive the
-- updated ones (for the buffer's latest version), write the file and check its content, apply a
-- code action (fix-all, resolved lazily) and write and check again, then stop the client (shutdown + exit) and check the server's exit status.
-- Run by neovim_test.sh: WHALESAFE, DOCKERFILE, NVIM_HARNESS set; exits 0 when every check
-- passed.
local h = dofile(os.getenv('NVIM_HARNESS'))
local check, wait_until, codes = h.check, h.wait_until, h.codes
local WHALESAFE = os.getenv('WHALESAFE')
local FILE = os.getenv('DOCKERFILE')

local last_publish
local exit_code
local default_publish = vim.lsp.handlers['textDocument/publishDiagnostics']

-- The steps run in h.run's coroutine (typed keys and server messages go through Neovim's real
-- input and LSP machinery).
local function main()
  vim.cmd('edit ' .. vim.fn.fnameescape(FILE))
  local bufnr = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = 'whalesafe',
    cmd = { WHALESAFE, 'lsp' },
    root_dir = vim.fn.fnamemodify(FILE, ':h'),
    flags = { debounce_text_changes = 0 },
    -- Neovim 0.7 cannot be asked for settings (workspace/configuration): it pushes them.
    settings = { whalesafe = { rules = { ['base-image-untagged'] = 'error' } } },
    on_init = function(c)
      c.notify('workspace/didChangeConfiguration', { settings = c.config.settings })
    end,
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
        last_publish = result
        return default_publish(err, result, ctx, config)
      end,
    },
    on_exit = function(code) exit_code = code end,
  })
  check('client started', client_id ~= nil)
  vim.lsp.buf_attach_client(bufnr, client_id)
  local client = vim.lsp.get_client_by_id(client_id)
  check('initialized', wait_until(function() return client.initialized end))

  -- 1. The diagnostics of the file as opened.
  check('diagnostics after opening', wait_until(function() return #vim.diagnostic.get(bufnr) >= 2 end),
    vim.diagnostic.get(bufnr))
  check('diagnostic codes after opening',
    vim.deep_equal(codes(bufnr), { 'apt-missing-yes', 'base-image-untagged' }), codes(bufnr))
  local untagged
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == 'base-image-untagged' then untagged = d end
  end
  check('diagnostic position (0-based line 0, columns 5-11)',
    untagged and untagged.lnum == 0 and untagged.col == 5 and untagged.end_col == 11, untagged)
  check('diagnostic source', untagged and untagged.source == 'whalesafe', untagged)
  check('severity from the pushed settings', untagged and untagged.severity == vim.diagnostic.severity.ERROR, untagged)

  -- 2. Typing ":22.04" after "FROM ubuntu" key by key: the untagged warning goes away.
  vim.api.nvim_win_set_cursor(0, { 1, 10 })
  h.type('a', ':22.04', 20)
  check('typed text in the buffer',
    wait_until(function() return vim.api.nvim_buf_get_lines(bufnr, 0, 1, false)[1] == 'FROM ubuntu:22.04' end),
    vim.api.nvim_buf_get_lines(bufnr, 0, 1, false))
  check('diagnostics updated after typing',
    wait_until(function() return vim.deep_equal(codes(bufnr), { 'apt-missing-yes' }) end), codes(bufnr))
  local version = vim.lsp.util.buf_versions[bufnr]
  check('last publish is for the buffer version',
    wait_until(function() return last_publish and last_publish.version == vim.lsp.util.buf_versions[bufnr] end),
    { published = last_publish and last_publish.version, buffer = version })

  -- 3. A programmatic edit on line 2 (" -y" after "install").
  local line2 = vim.api.nvim_buf_get_lines(bufnr, 1, 2, false)[1]
  vim.api.nvim_buf_set_lines(bufnr, 1, 2, false, { (line2:gsub('install', 'install -y', 1)) })
  check('no diagnostics after fixing the RUN line',
    wait_until(function() return #vim.diagnostic.get(bufnr) == 0 end), codes(bufnr))

  -- 4. Write the file and check what is on disk.
  vim.cmd('write')
  local content = h.read(FILE)
  check('written file', content == 'FROM ubuntu:22.04\nRUN apt-get install -y --no-install-recommends curl=7.81.0-1ubuntu1.16\n', content)

  -- 4b. A code action: a new line that needs -y; the code actions at it, as the user picks one
  -- (vim.ui.select), "Fix all safe whalesafe problems", whose edit comes from codeAction/resolve.
  -- Then write the file and check it again.
  vim.api.nvim_buf_set_lines(bufnr, 2, 2, false, { 'RUN apt-get purge curl' })
  check('a finding on the new line',
    wait_until(function() return vim.tbl_contains(codes(bufnr), 'apt-missing-yes') end), codes(bufnr))
  vim.api.nvim_win_set_cursor(0, { 3, 4 })
  local actions = h.code_action(function(menu)
    local pick
    for _, a in ipairs(menu) do
      if a.kind == 'source.fixAll.whalesafe' then pick = a end
    end
    return pick
  end)
  local offered = function() return vim.tbl_map(function(a) return { a.kind, a.title } end, actions) end
  check('fix-all applied to the buffer', wait_until(function()
    return vim.api.nvim_buf_get_lines(bufnr, 2, 3, false)[1] == 'RUN apt-get purge -y curl'
  end), { offered = offered(), lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false) })
  check('quick fix offered too', vim.tbl_contains(vim.tbl_map(function(o) return o[1] end, offered()), 'quickfix'), offered())
  vim.cmd('write')
  content = h.read(FILE)
  check('written file after the code action', content == 'FROM ubuntu:22.04\n'
    .. 'RUN apt-get install -y --no-install-recommends curl=7.81.0-1ubuntu1.16\n'
    .. 'RUN apt-get purge -y curl\n', content)

  -- 5. Stopping the client sends shutdown and exit: the server exits with status 0.
  vim.lsp.stop_client(client_id)
  check('server exit status 0', wait_until(function() return exit_code ~= nil end) and exit_code == 0, exit_code)
end

h.run(main)
