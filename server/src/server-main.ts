// Entry of the server bundle started by the VS Code client (IPC) or any LSP client.
import { startServer } from './lsp/server';

startServer();
