-- Shared harness of the headless Neovim tests (tests/lsp/neovim_test.lua,
-- tests/editors/nvim/nvim_plugin_test.lua, tests/editors/nvim/nvim_011_setup_test.lua). Their
-- shell wrappers pass its path in NVIM_HARNESS, and a test loads it with
--   local h = dofile(os.getenv('NVIM_HARNESS'))
-- (each dofile gives a fresh harness, with its own count of failures).
--
-- It offers:
--   h.check(name, ok, detail)  counts a check and prints "ok   NAME" or "FAIL NAME DETAIL" to
--                              stderr; h.prefix (default '') goes before NAME
--   h.run(main)                runs main() in a coroutine that yields to the event loop (so
--                              typed keys and server messages go through Neovim's real input
--                              and LSP machinery), after one turn of it; then h.finish(). An
--                              error in main is a failure: Neovim exits with status 1.
--   h.sleep(ms)                inside h.run: lets the event loop run for MS milliseconds
--   h.wait_until(predicate)    inside h.run: true as soon as predicate() is, false after
--                              h.TIMEOUT milliseconds (30 s)
--   h.type(insert, text, ms)   inside h.run: enters Insert mode with the key INSERT ('a', 'o'...),
--                              types TEXT one key at a time, MS milliseconds apart, as a user
--                              does, then <Esc>
--   h.code_action(choose)      vim.lsp.buf.code_action() as the user runs it: when the menu
--                              (vim.ui.select) opens, choose(actions) returns the action to
--                              apply (nil: none); returns the list the menu offered (filled
--                              when it opens: wait for the action's effect before reading it)
--   h.codes(bufnr, source)     the sorted codes of the buffer's diagnostics (from SOURCE only,
--                              when given)
--   h.read(path)               a file's bytes
--   h.finish()                 quits Neovim: status 0 when every check passed, 1 otherwise
local uv = vim.loop
local h = { prefix = '', TIMEOUT = 30000 }

local failures = 0
function h.check(name, ok, detail)
  if not ok then failures = failures + 1 end
  io.stderr:write(string.format('%s %s%s%s\n', ok and 'ok  ' or 'FAIL', h.prefix, name,
    (not ok and detail ~= nil) and (' ' .. vim.inspect(detail)) or ''))
end

function h.finish()
  vim.cmd(failures == 0 and 'qa!' or 'cquit 1')
end

local co
function h.sleep(ms)
  vim.defer_fn(function() assert(coroutine.resume(co)) end, ms)
  coroutine.yield()
end

function h.wait_until(predicate)
  local deadline = uv.now() + h.TIMEOUT
  while not predicate() do
    if uv.now() > deadline then return false end
    h.sleep(10)
  end
  return true
end

function h.type(insert, text, ms)
  vim.api.nvim_input(insert)
  for ch in text:gmatch('.') do
    vim.api.nvim_input(ch)
    h.sleep(ms)
  end
  vim.api.nvim_input('<Esc>')
end

function h.code_action(choose)
  local offered = {}
  local real_select = vim.ui.select
  vim.ui.select = function(items, _, on_choice)
    vim.ui.select = real_select
    for _, item in ipairs(items) do offered[#offered + 1] = item[2] end
    local chosen = choose(offered)
    for _, item in ipairs(items) do
      if chosen ~= nil and item[2] == chosen then return on_choice(item) end
    end
    on_choice(nil)
  end
  vim.lsp.buf.code_action()
  return offered
end

function h.run(main)
  co = coroutine.create(function()
    local ok, err = pcall(function()
      h.sleep(0)
      main()
      h.finish()
    end)
    if not ok then
      io.stderr:write('FAIL error: ' .. tostring(err) .. '\n')
      vim.cmd('cquit 1')
    end
  end)
  assert(coroutine.resume(co))
end

function h.codes(bufnr, source)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if source == nil or d.source == source then out[#out + 1] = d.code end
  end
  table.sort(out)
  return out
end

function h.read(path)
  local f = assert(io.open(path, 'rb'))
  local s = f:read('*a')
  f:close()
  return s
end

return h
