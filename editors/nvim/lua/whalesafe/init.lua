-- whalesafe for Neovim: starts `whalesafe lsp` for Dockerfiles with the built-in LSP client
-- (vim.lsp.config/vim.lsp.enable on Neovim 0.11+, vim.lsp.start_client on 0.7 to 0.10), and
-- adds :WhalesafeFixAll, :WhalesafeRule and :WhalesafeRestart, and optional fix on write.
--
--   require('whalesafe').setup({})   -- see M.defaults for the options
local M = {}

M.defaults = {
  -- The server command; the first word is also the program "fix all" runs as a filter.
  cmd = { 'whalesafe', 'lsp' },
  filetypes = { 'dockerfile' },
  -- The root is the nearest directory holding one of these (else the file's directory).
  root_markers = { '.whalesafe.yaml', '.whalesafe.yml', '.hadolint.yaml', '.hadolint.yml', '.git' },
  -- Answered to the server's workspace/configuration requests for the "whalesafe" section.
  settings = { whalesafe = {} },
  fix_on_save = false,  -- run fix all before each :write of a Dockerfile
  unsafe_fixes = false, -- fix all also applies unsafe fixes (through the command line)
  on_attach = nil,
  capabilities = nil,
}

M.FIX_ALL_KIND = 'source.fixAll.whalesafe'

local uv = vim.loop
local clients = {} -- root directory -> client id (Neovim before 0.11)

local function notify(msg, level)
  vim.notify('whalesafe: ' .. msg, level or vim.log.levels.INFO)
end

local function dirname(path)
  return vim.fn.fnamemodify(path, ':h')
end

-- The nearest directory from `path` upward that holds a root marker.
local function find_root(path)
  local dir = dirname(path)
  while true do
    for _, marker in ipairs(M.config.root_markers) do
      if uv.fs_stat(dir .. '/' .. marker) then return dir end
    end
    local parent = dirname(dir)
    if parent == dir then return dirname(path) end
    dir = parent
  end
end

-- Containerfile, *.Dockerfile, Dockerfile.* and Containerfile.* are Dockerfiles too.
local function add_filetypes()
  -- Neovim 0.7 has vim.filetype.add but consults it only with g:do_filetype_lua set.
  if vim.fn.has('nvim-0.8') == 1 and vim.filetype and vim.filetype.add then
    vim.filetype.add({
      filename = { Containerfile = 'dockerfile', Dockerfile = 'dockerfile' },
      pattern = { ['.*%.[dD]ockerfile'] = 'dockerfile', ['.*/Dockerfile%..*'] = 'dockerfile',
        ['.*/Containerfile%..*'] = 'dockerfile' },
    })
  else
    vim.cmd([[
      augroup whalesafe_filetype
        autocmd!
        autocmd BufNewFile,BufRead Containerfile,Containerfile.*,*.Dockerfile,*.dockerfile,Dockerfile.* setfiletype dockerfile
      augroup END
    ]])
  end
end

local function client_config(root_dir)
  local config = {
    name = 'whalesafe',
    cmd = M.config.cmd,
    root_dir = root_dir,
    settings = M.config.settings,
    capabilities = M.config.capabilities,
    on_attach = M.config.on_attach,
    -- The server coalesces bursts of changes itself: no debounce on the client side.
    flags = { debounce_text_changes = 0 },
    handlers = {
      -- Neovim 0.7's default answer to workspace/configuration is this too; spelled out so
      -- that a `settings` table answers the same on every version.
      ['workspace/configuration'] = function(_, params)
        local out = {}
        for i, item in ipairs(params.items or {}) do
          local value = M.config.settings
          for key in string.gmatch(item.section or '', '[^.]+') do
            value = type(value) == 'table' and value[key] or nil
          end
          out[i] = value == nil and vim.NIL or value
        end
        return out
      end,
    },
  }
  return config
end

-- Neovim 0.7 to 0.10: one client per root directory, started on the first Dockerfile there.
local function attach_legacy(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == '' or vim.bo[bufnr].buftype ~= '' then return end
  local root = find_root(name)
  local id = clients[root]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or client.is_stopped() then
    id = vim.lsp.start_client(client_config(root))
    if not id then
      notify(string.format("could not start '%s'; install whalesafe or set cmd in setup()",
        table.concat(M.config.cmd, ' ')), vim.log.levels.ERROR)
      return
    end
    clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
end

-- The running clients (of one buffer): vim.lsp.get_clients on 0.10+, the older names before.
local function all_clients(bufnr)
  if vim.lsp.get_clients then return vim.lsp.get_clients(bufnr and { bufnr = bufnr } or nil) end
  return bufnr and vim.lsp.buf_get_clients(bufnr) or vim.lsp.get_active_clients()
end

-- The whalesafe client attached to a buffer.
function M.get_client(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  for _, client in pairs(all_clients(bufnr)) do
    if client.name == 'whalesafe' then return client end
  end
  return nil
end

-- Whether the server offers the fix-all code action.
function M.server_has_fix_all(client)
  local provider = client and client.server_capabilities and client.server_capabilities.codeActionProvider
  if type(provider) ~= 'table' then return false end
  for _, kind in ipairs(provider.codeActionKinds or {}) do
    if kind == M.FIX_ALL_KIND or vim.startswith(M.FIX_ALL_KIND, kind .. '.') then return true end
  end
  return false
end

-- client:request_sync on 0.11+ (methods), client.request_sync before (closures).
local function request_sync(client, ...)
  if vim.fn.has('nvim-0.11') == 1 then return client:request_sync(...) end
  return client.request_sync(...)
end

-- Fix all through the server: the source.fixAll.whalesafe code action, resolved if needed.
local function fix_all_lsp(bufnr, client)
  local last = vim.api.nvim_buf_line_count(bufnr)
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    range = { start = { line = 0, character = 0 }, ['end'] = { line = last, character = 0 } },
    context = { diagnostics = {}, only = { M.FIX_ALL_KIND } },
  }
  local response = request_sync(client, 'textDocument/codeAction', params, 5000, bufnr)
  if not response or response.err then
    return false, 'codeAction failed: ' .. vim.inspect(response and response.err)
  end
  local changed = false
  for _, action in ipairs(response.result or {}) do
    if not action.edit and not action.command and action.data then
      local resolved = request_sync(client, 'codeAction/resolve', action, 5000, bufnr)
      if resolved and resolved.result then action = resolved.result end
    end
    if action.edit then
      vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or 'utf-16')
      changed = true
    end
  end
  return changed
end

-- Fix all through the command line: `whalesafe --fix -` on the buffer's text, run in the
-- file's directory so that its configuration files apply.
local function fix_all_cli(bufnr)
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  local text = table.concat(lines, '\n') .. (vim.bo[bufnr].eol and '\n' or '')
  local args = { M.config.cmd[1], '--fix', '--color', 'never' }
  if M.config.unsafe_fixes then args[#args + 1] = '--unsafe-fixes' end
  args[#args + 1] = '-'
  local name = vim.api.nvim_buf_get_name(bufnr)
  local cwd = name ~= '' and dirname(name) or vim.fn.getcwd()
  local escaped = {}
  for i, a in ipairs(args) do escaped[i] = vim.fn.shellescape(a) end
  local out = vim.fn.system('cd ' .. vim.fn.shellescape(cwd) .. ' && ' .. table.concat(escaped, ' ') .. ' 2>/dev/null', text)
  local status = vim.v.shell_error
  if status ~= 0 and status ~= 1 then
    return false, string.format('%s --fix - failed (exit status %d)', M.config.cmd[1], status)
  end
  if out == text then return false end
  local fixed = vim.split(out, '\n', { plain = true })
  if fixed[#fixed] == '' then table.remove(fixed) end
  vim.api.nvim_buf_set_lines(bufnr, 0, -1, false, fixed)
  return true
end

-- Applies every fix to the buffer: the server's fix-all action when it offers one (and unsafe
-- fixes are off), else the command line. Returns whether the buffer changed, and an error.
function M.fix_all(bufnr, opts)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  opts = opts or {}
  local client = M.get_client(bufnr)
  local use_lsp = opts.via ~= 'cli' and not M.config.unsafe_fixes and M.server_has_fix_all(client)
  if opts.via == 'lsp' and not use_lsp then
    return false, 'the server does not offer ' .. M.FIX_ALL_KIND
  end
  if use_lsp then return fix_all_lsp(bufnr, client) end
  return fix_all_cli(bufnr)
end

-- The documentation of a rule (slug or alias), in a scratch markdown buffer.
function M.show_rule(rule)
  if not rule or rule == '' then
    local lnum = vim.api.nvim_win_get_cursor(0)[1] - 1
    for _, d in ipairs(vim.diagnostic.get(0, { lnum = lnum })) do
      if d.source == 'whalesafe' then rule = d.code break end
    end
  end
  if not rule then return notify('no whalesafe diagnostic on this line; :WhalesafeRule <rule>') end
  local out = vim.fn.systemlist({ M.config.cmd[1], 'rule', rule })
  if vim.v.shell_error ~= 0 then return notify(table.concat(out, '\n'), vim.log.levels.ERROR) end
  vim.cmd('new')
  vim.bo.buftype, vim.bo.bufhidden, vim.bo.filetype = 'nofile', 'wipe', 'markdown'
  vim.api.nvim_buf_set_lines(0, 0, -1, false, out)
  vim.bo.modifiable = false
end

function M.restart()
  for _, client in pairs(all_clients(nil)) do
    if client.name == 'whalesafe' then vim.lsp.stop_client(client.id) end
  end
  clients = {}
  vim.defer_fn(function()
    for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(M.config.filetypes, vim.bo[bufnr].filetype) then
        if vim.lsp.enable then
          vim.lsp.enable('whalesafe', false)
          vim.lsp.enable('whalesafe')
          return
        end
        attach_legacy(bufnr)
      end
    end
  end, 500)
end

function M.setup(opts)
  M.config = vim.tbl_deep_extend('force', M.defaults, opts or {})
  add_filetypes()
  local group = vim.api.nvim_create_augroup('whalesafe', { clear = true })
  if vim.lsp.config and vim.lsp.enable then
    -- Neovim 0.11+: the built-in configuration registry starts and attaches the client.
    local config = client_config(nil)
    config.root_dir = nil
    config.filetypes = M.config.filetypes
    config.root_markers = M.config.root_markers
    vim.lsp.config('whalesafe', config)
    vim.lsp.enable('whalesafe')
  else
    vim.api.nvim_create_autocmd('FileType', {
      group = group,
      pattern = M.config.filetypes,
      callback = function(args) attach_legacy(args.buf) end,
    })
    -- Dockerfiles already open when setup() runs.
    for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(M.config.filetypes, vim.bo[bufnr].filetype) then
        attach_legacy(bufnr)
      end
    end
  end
  if M.config.fix_on_save then
    vim.api.nvim_create_autocmd('BufWritePre', {
      group = group,
      callback = function(args)
        if vim.tbl_contains(M.config.filetypes, vim.bo[args.buf].filetype) then
          local _, err = M.fix_all(args.buf)
          if err then notify(err, vim.log.levels.WARN) end
        end
      end,
    })
  end
  vim.api.nvim_create_user_command('WhalesafeFixAll', function()
    local changed, err = M.fix_all(0)
    if err then notify(err, vim.log.levels.ERROR) elseif not changed then notify('nothing to fix') end
  end, { desc = 'whalesafe: apply every fix to this Dockerfile' })
  vim.api.nvim_create_user_command('WhalesafeRule', function(a) M.show_rule(a.args) end,
    { nargs = '?', desc = "whalesafe: a rule's documentation (default: the diagnostic on this line)" })
  vim.api.nvim_create_user_command('WhalesafeRestart', M.restart, { desc = 'whalesafe: restart the server' })
end

return M
