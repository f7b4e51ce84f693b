-- The plugin's Neovim 0.11+ branch, on the 0.7 Neovim Debian has: vim.lsp.config and
-- vim.lsp.enable are recorded stand-ins, so this checks what setup() hands them (the real
-- registry is not run; see docs/editors.md). Run by nvim_plugin_test.sh: PLUGIN_DIR and
-- NVIM_HARNESS set.
local h = dofile(os.getenv('NVIM_HARNESS'))
h.prefix = '0.11: '
local check = h.check

local configured, enabled, started = {}, {}, false
vim.lsp.config = function(name, config) configured[name] = config end
vim.lsp.enable = function(name, on) enabled[#enabled + 1] = { name, on } end
vim.lsp.start_client = function() started = true end

vim.opt.runtimepath:prepend(os.getenv('PLUGIN_DIR'))
require('whalesafe').setup({ cmd = { '/opt/whalesafe', 'lsp' }, settings = { whalesafe = { unsafeFixes = true } } })
local c = configured.whalesafe
check('vim.lsp.config("whalesafe", ...)', c ~= nil, configured)
check('cmd', c and vim.deep_equal(c.cmd, { '/opt/whalesafe', 'lsp' }), c and c.cmd)
check('filetypes', c and vim.deep_equal(c.filetypes, { 'dockerfile' }), c and c.filetypes)
check('root_markers', c and c.root_markers and c.root_markers[1] == '.whalesafe.yaml', c and c.root_markers)
check('no fixed root_dir', c and c.root_dir == nil, c and c.root_dir)
check('settings', c and c.settings.whalesafe.unsafeFixes == true, c and c.settings)
check('workspace/configuration handler answers from settings',
  c and vim.deep_equal(c.handlers['workspace/configuration'](nil, { items = { { section = 'whalesafe.unsafeFixes' } } }), { true }))
check('vim.lsp.enable("whalesafe")', #enabled == 1 and enabled[1][1] == 'whalesafe', enabled)
check('no start_client', not started)
check('commands defined', vim.fn.exists(':WhalesafeFixAll') == 2 and vim.fn.exists(':WhalesafeRule') == 2)
h.finish()
