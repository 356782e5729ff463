/**
 * The `_meta` keys of MCP 2026-07-28's per-request envelope: the protocol revision the request claims (its
 * presence makes a request a 2026-07-28 one), the client's identity and capabilities, and the server's identity a
 * result carries back.
 */
export const PROTOCOL_VERSION_KEY = 'io.modelcontextprotocol/protocolVersion';
export const CLIENT_INFO_KEY = 'io.modelcontextprotocol/clientInfo';
export const CLIENT_CAPABILITIES_KEY = 'io.modelcontextprotocol/clientCapabilities';
export const SERVER_INFO_KEY = 'io.modelcontextprotocol/serverInfo';
