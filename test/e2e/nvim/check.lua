-- Drives Neovim's built-in LSP client against vharden's server for each case in $VHARDEN_E2E_CASES
-- (JSON written by nvim.e2e.ts from test/e2e/formats.ts) and writes what it saw to $VHARDEN_E2E_OUT.
-- It only observes and records; nvim.e2e.ts makes the assertions. Every wait is bounded (vim.wait).
local cases = vim.fn.json_decode(table.concat(vim.fn.readfile(os.getenv('VHARDEN_E2E_CASES')), '\n'))
local out = os.getenv('VHARDEN_E2E_OUT')
vim.o.hidden = true -- move on to the next file while the previous buffer holds unsaved fixes
local WAIT = 20000
local results = {}

local function diags(bufnr, client_id)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr, { namespace = vim.lsp.diagnostic.get_namespace(client_id) })) do
    local lsp = (d.user_data or {}).lsp or {}
    table.insert(list, {
      line = d.lnum + 1,
      col = d.col,
      code = d.code or lsp.code,
      source = d.source,
      message = d.message,
      href = (lsp.codeDescription or {}).href or vim.NIL,
    })
  end
  return list
end

local function has(list, rule, line)
  for _, d in ipairs(list) do
    if d.code == rule and (line == nil or d.line == line) then return true end
  end
  return false
end

local function apply(client, action)
  if action.edit then vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding) end
end

local function run(case, r)
  vim.cmd('edit ' .. vim.fn.fnameescape(case.path))
  local bufnr = vim.api.nvim_get_current_buf()
  local client_id = _G.vharden_attach(bufnr)
  local client = vim.lsp.get_client_by_id(client_id)
  local uri = vim.uri_from_bufnr(bufnr)
  local wanted = { case.fix.rule }
  vim.list_extend(wanted, case.fixedOnSave)
  vim.list_extend(wanted, case.staysOnSave)

  -- 1. diagnostics with code and docs link
  r.attached = vim.wait(WAIT, function() return #diags(bufnr, client_id) > 0 end, 50)
  vim.wait(WAIT, function()
    local now = diags(bufnr, client_id)
    for _, rule in ipairs(wanted) do if not has(now, rule) then return false end end
    return true
  end, 50)
  r.diagnostics = diags(bufnr, client_id)

  -- 2. hover on the finding the quick fix targets
  local target
  for _, d in ipairs(r.diagnostics) do
    if d.code == case.fix.rule and d.line == case.fix.line then target = d end
  end
  if not target then error('no ' .. case.fix.rule .. ' diagnostic at line ' .. case.fix.line) end
  local pos = { line = target.line - 1, character = target.col }
  local hover = client.request_sync('textDocument/hover', { textDocument = { uri = uri }, position = pos }, WAIT, bufnr)
  local contents = hover and hover.result and hover.result.contents
  r.hover = contents and (contents.value or contents) or vim.NIL

  -- 3. code actions for that line's diagnostics; apply the quick fix by its title
  local line_diags = vim.lsp.diagnostic.get_line_diagnostics(bufnr, target.line - 1, {}, client_id)
  local actions = client.request_sync('textDocument/codeAction', {
    textDocument = { uri = uri },
    range = { start = pos, ['end'] = pos },
    context = { diagnostics = line_diags },
  }, WAIT, bufnr)
  r.actions = {}
  local chosen
  for _, a in ipairs((actions and actions.result) or {}) do
    table.insert(r.actions, a.title)
    if a.title == case.fix.title then chosen = a end
  end
  if not chosen then error('quick fix not offered: ' .. case.fix.title) end
  apply(client, chosen)
  r.fixCleared = vim.wait(WAIT, function() return not has(diags(bufnr, client_id), case.fix.rule, case.fix.line) end, 50)
  r.afterFix = diags(bufnr, client_id)

  -- 4. source.fixAll.vharden: safe fixes only
  local fixall = client.request_sync('textDocument/codeAction', {
    textDocument = { uri = uri },
    range = { start = { line = 0, character = 0 }, ['end'] = { line = 0, character = 0 } },
    context = { diagnostics = {}, only = { 'source.fixAll.vharden' } },
  }, WAIT, bufnr)
  r.fixAllTitles = {}
  for _, a in ipairs((fixall and fixall.result) or {}) do
    table.insert(r.fixAllTitles, a.title)
    apply(client, a)
  end
  r.fixAllCleared = vim.wait(WAIT, function()
    local now = diags(bufnr, client_id)
    for _, rule in ipairs(case.fixedOnSave) do if has(now, rule) then return false end end
    return true
  end, 50)
  r.afterFixAll = diags(bufnr, client_id)
  r.text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
end

for _, case in ipairs(cases) do
  local r = { format = case.format }
  local ok, err = pcall(run, case, r)
  if not ok then r.error = tostring(err) end
  table.insert(results, r)
end
vim.fn.writefile({ vim.fn.json_encode({ nvim = vim.version(), results = results }) }, out)
vim.cmd('qa!')
