// The node flags `runos mcp configure` launches every server with (src/clients/launch.ts SERVE_NODE_FLAGS;
// test/bench/measure.test.ts keeps the two equal), so the bench measures servers as users run them.
export const SERVE_NODE_FLAGS = ['--max-semi-space-size=1', '--optimize-for-size'];
