-- Minimal Neovim config running vharden's language server with the built-in LSP client.
-- Works on Neovim 0.7 (Debian 12 ships 0.7.2, which has vim.lsp.start_client but not vim.lsp.start).
-- The server command: VHARDEN_SERVER (a path to dist/server.js, run with node) or the installed bin
-- `vharden-language-server`. The e2e check (check.lua) uses this file as it is.
local server_js = os.getenv('VHARDEN_SERVER')
if server_js == '' then server_js = nil end
local cmd = server_js and { 'node', server_js, '--stdio' } or { 'vharden-language-server', '--stdio' }
local client_id

-- Start the server once and attach it to a buffer. The server recognises formats by path and content,
-- so attaching to a file it does not check is harmless.
function _G.vharden_attach(bufnr)
  if not client_id or not vim.lsp.get_client_by_id(client_id) then
    client_id = vim.lsp.start_client({ name = 'vharden', cmd = cmd, root_dir = vim.fn.getcwd() })
  end
  vim.lsp.buf_attach_client(bufnr, client_id)
  return client_id
end

vim.api.nvim_create_autocmd({ 'BufReadPost', 'BufNewFile' }, {
  pattern = { '*.vmx', '*.vmtx', 'esx.conf', '*/qemu-server/*.conf', '*/pve/user.cfg', '*/pve/datacenter.cfg',
              '*/pve/firewall/*.fw', '*/host.fw', '*/default/pveproxy', '*/libvirt/*.conf', '*/libvirt/*.xml',
              '*/libvirt/**/*.xml', '*.yml', '*.yaml', '*.tf', '*.tf.json', '*.pkr.hcl', '*.pkr.json' },
  callback = function(args) _G.vharden_attach(args.buf) end,
})
