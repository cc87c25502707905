-- Drives Neovim's built-in LSP client against `rapport-bts lsp --stdio` on the report open in
-- the current buffer, as a student using Neovim would: diagnostics, a quick fix applied, typing
-- on a line with accents and an emoji, hover, CodeLens and running a lens. Run by
-- test/neovim/run.mjs (nvim --headless --clean -u NONE -c "luafile …" report.md); writes one line
-- per check, "PASS\t<id>\t<detail>" or "FAIL\t<id>\t<detail>", to $RAPPORT_NVIM_RESULTS.
--
-- $RAPPORT_NVIM_ENCODING: "utf-16" (Neovim 0.7's default; it sends no general.positionEncodings)
-- or "utf-8" (the client counts bytes and offers utf-8 in general.positionEncodings).

local results = assert(io.open(os.getenv('RAPPORT_NVIM_RESULTS'), 'w'))
local encoding = os.getenv('RAPPORT_NVIM_ENCODING') or 'utf-16'
local TIMEOUT = 20000

local function record(ok, id, detail)
  results:write((ok and 'PASS' or 'FAIL') .. '\t' .. id .. '\t' .. tostring(detail or ''):gsub('[\t\n]', ' ') .. '\n')
  results:flush()
end

-- A check: `fn` returns true, detail (pass) or false, detail (fail); an error fails it.
local function check(id, fn)
  local ok, passed, detail = pcall(fn)
  if not ok then
    record(false, id, 'error: ' .. tostring(passed))
    return false
  end
  record(passed, id, detail)
  return passed
end

local bufnr = vim.api.nvim_get_current_buf()
vim.bo[bufnr].filetype = 'markdown'
local uri = vim.uri_from_bufnr(bufnr)
local shown = {}
local notified = {}
local exited = nil

-- What vim.notify shows (e.g. "Language server does not support command …") is kept.
vim.notify = function(msg, level)
  table.insert(notified, tostring(msg))
end

local capabilities = vim.lsp.protocol.make_client_capabilities()
if encoding == 'utf-8' then
  capabilities.general = capabilities.general or {}
  capabilities.general.positionEncodings = { 'utf-8', 'utf-16' }
end

local client_id = vim.lsp.start_client({
  name = 'rapport-bts',
  cmd = { os.getenv('RAPPORT_NODE'), os.getenv('RAPPORT_CLI'), 'lsp', '--stdio' },
  root_dir = vim.fn.getcwd(),
  capabilities = capabilities,
  offset_encoding = encoding,
  handlers = {
    ['window/showMessage'] = function(_, params)
      table.insert(shown, params.message)
    end,
  },
  on_exit = function(code, signal)
    exited = { code = code, signal = signal }
  end,
})

local client
local function diagnostics(code)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if code == nil or d.code == code then table.insert(out, d) end
  end
  return out
end
local function codes()
  local seen, list = {}, {}
  for _, d in ipairs(diagnostics()) do
    if not seen[d.code] then
      seen[d.code] = true
      table.insert(list, d.code)
    end
  end
  table.sort(list)
  return table.concat(list, ',')
end
-- The text of the buffer a diagnostic's byte columns frame (on one line).
local function framed(d)
  local line = vim.api.nvim_buf_get_lines(bufnr, d.lnum, d.lnum + 1, false)[1] or ''
  return line:sub(d.col + 1, d.end_col)
end
local function unknown_framing(text)
  for _, d in ipairs(diagnostics('competence-unknown')) do
    if d.message:find(text, 1, true) then return d end
  end
end
local function line_of(text)
  for i, l in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    if l:find(text, 1, true) then return i - 1, l end
  end
end

local started = check('start', function()
  if not client_id then return false, 'vim.lsp.start_client returned nil' end
  if not vim.lsp.buf_attach_client(bufnr, client_id) then return false, 'buf_attach_client failed' end
  client = vim.lsp.get_client_by_id(client_id)
  local ok = vim.wait(TIMEOUT, function() return client.initialized or exited ~= nil end, 20)
  if not ok or exited then return false, 'not initialized' .. (exited and (' (exit ' .. tostring(exited.code) .. ')') or '') end
  return true, 'offset_encoding ' .. client.offset_encoding
end)

if started then
  check('diagnostics', function()
    local ok = vim.wait(TIMEOUT, function() return #diagnostics('section-missing') > 0 and #diagnostics('competence-unknown') > 0 end, 20)
    return ok, codes()
  end)

  check('accented-columns', function()
    -- "Cette activité mobilise la compétence C99.": accents before the code.
    local d = unknown_framing('C99')
    if not d then return false, 'no competence-unknown for C99' end
    return framed(d) == 'C99', string.format('line %d, bytes %d-%d frame "%s"', d.lnum + 1, d.col, d.end_col, framed(d))
  end)

  check('code-action', function()
    local before = #diagnostics('section-missing')
    local d = diagnostics('section-missing')[1]
    vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
    -- What vim.lsp.buf.code_action() sends in 0.7: the cursor range and the line's diagnostics.
    local params = vim.lsp.util.make_range_params(0, client.offset_encoding)
    params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr) }
    local replies = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, TIMEOUT) or {}
    local action
    for _, r in pairs(replies) do
      for _, a in ipairs(r.result or {}) do
        if a.title:find('^Insérer') and a.edit then action = action or a end
      end
    end
    if not action then return false, 'no "Insérer…" action offered' end
    local lines = vim.api.nvim_buf_line_count(bufnr)
    vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
    local added = vim.api.nvim_buf_line_count(bufnr) - lines
    -- The server analyses the edited text (didChange) and the missing sections go.
    -- (A server that died would leave no diagnostics at all: the other findings must stay.)
    local ok = vim.wait(TIMEOUT, function() return #diagnostics('section-missing') < before and #diagnostics('competence-unknown') > 0 end, 20)
    return ok and added > 0, string.format('"%s": %d lines added, section-missing %d → %d', action.title, added, before, #diagnostics('section-missing'))
  end)

  check('typing', function()
    -- A new line with accents, a typographic apostrophe and an emoji outside the BMP, then an
    -- edit in the middle of it (incremental didChange after the emoji).
    local last = vim.api.nvim_buf_line_count(bufnr)
    vim.api.nvim_buf_set_lines(bufnr, last, last, false, { '', 'Élève 🎓 à l’atelier : C98 et C16.' })
    local ok = vim.wait(TIMEOUT, function() return unknown_framing('C98') ~= nil end, 20)
    if not ok then return false, 'no competence-unknown for C98 after the line was added' end
    local d = unknown_framing('C98')
    if framed(d) ~= 'C98' then return false, string.format('C98: bytes %d-%d frame "%s"', d.col, d.end_col, framed(d)) end
    vim.api.nvim_buf_set_text(bufnr, d.lnum, d.col, d.lnum, d.end_col, { 'C97' })
    ok = vim.wait(TIMEOUT, function() return unknown_framing('C97') ~= nil and unknown_framing('C98') == nil end, 20)
    if not ok then return false, 'C98 → C97 not seen by the server: ' .. codes() end
    local e = unknown_framing('C97')
    return framed(e) == 'C97', string.format('line %d, bytes %d-%d frame "%s"', e.lnum + 1, e.col, e.end_col, framed(e))
  end)

  check('hover', function()
    local lnum, line = line_of('Élève 🎓')
    if not lnum then return false, 'the typed line is not in the buffer' end
    local col = line:find('C16', 1, true) - 1
    vim.api.nvim_win_set_cursor(0, { lnum + 1, col + 1 })
    local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
    local replies = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', params, TIMEOUT) or {}
    for _, r in pairs(replies) do
      local c = r.result and r.result.contents
      local text = type(c) == 'table' and (c.value or vim.inspect(c)) or tostring(c)
      if text:find('**C16** —', 1, true) then return true, text:sub(1, 80) end
      return false, 'hover: ' .. text:sub(1, 120)
    end
    return false, 'no hover reply'
  end)

  check('codelens', function()
    vim.lsp.codelens.refresh()
    local ok = vim.wait(TIMEOUT, function() return #vim.lsp.codelens.get(bufnr) > 0 end, 20)
    if not ok then return false, 'no CodeLens' end
    local lenses = vim.lsp.codelens.get(bufnr)
    local titles = {}
    for _, l in ipairs(lenses) do
      if l.command then table.insert(titles, l.command.title) end
    end
    local pages = 0
    for _, t in ipairs(titles) do
      if t:find('p%.') then pages = pages + 1 end
    end
    return pages > 0, string.format('%d lenses: %s', #lenses, table.concat(titles, ' | '):sub(1, 160))
  end)

  check('codelens-run', function()
    -- Run the lens of the front matter (line 1) as :lua vim.lsp.codelens.run() does.
    local lens
    for _, l in ipairs(vim.lsp.codelens.get(bufnr)) do
      if l.command and (lens == nil or l.range.start.line < lens.range.start.line) then lens = l end
    end
    if not lens then return false, 'no lens with a command' end
    vim.api.nvim_win_set_cursor(0, { lens.range.start.line + 1, 0 })
    -- Several lenses on the line: Neovim asks which one (vim.ui.select); the student picks the first.
    vim.ui.select = function(items, _, on_choice)
      on_choice(items[1])
    end
    local before = #shown
    vim.lsp.codelens.run()
    local ok = vim.wait(TIMEOUT, function() return #shown > before or #notified > 0 end, 20)
    if #notified > 0 then return false, 'notified: ' .. table.concat(notified, ' / ') end
    return ok, ok and shown[#shown]:gsub('\n', ' / '):sub(1, 120) or 'no message shown'
  end)

  check('server-alive', function()
    if exited then return false, 'the server exited (' .. tostring(exited.code) .. ')' end
    return not client.is_stopped(), 'running'
  end)

  vim.lsp.stop_client(client_id)
  vim.wait(5000, function() return exited ~= nil end, 20)
end

results:close()
vim.cmd('qa!')
