import type { AuditEntry, AuditLog } from '../audit.js';

// Optional OpenTelemetry export over OTLP/HTTP: one span per tool call and the `mcp.server.operation.duration`
// histogram, named after the OpenTelemetry semantic conventions for MCP (span `tools/call <tool>`, kind
// SERVER; `mcp.method.name`, `gen_ai.tool.name`, `gen_ai.operation.name`, `error.type`, `client.address`,
// `network.*`). Off unless an endpoint is named; when off, none of the OpenTelemetry modules is loaded and
// the audit log is used as is.

/** What a call is recorded with. */
export interface Telemetry {
  record(entry: AuditEntry): void;
  /** Export what is buffered and stop (on shutdown). */
  shutdown(): Promise<void>;
}

/** How long shutdown waits for the last export. */
const SHUTDOWN_MS = 3_000;

/** Histogram buckets in seconds: tool calls run from a millisecond to the 30 s upstream timeout. */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The OTLP endpoint to export to, if any: `--otlp-endpoint`, else OTEL_EXPORTER_OTLP_ENDPOINT; OTEL_SDK_DISABLED=true wins. */
export function otlpEndpoint(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (env.OTEL_SDK_DISABLED?.toLowerCase() === 'true') return undefined;
  const url = flag || env.OTEL_EXPORTER_OTLP_ENDPOINT;
  return url ? url.replace(/\/+$/, '') : undefined;
}

/** Start exporting to `<endpoint>/v1/traces` and `<endpoint>/v1/metrics` (OTLP/HTTP JSON). */
export async function startTelemetry(opts: { endpoint: string; version: string; exportIntervalMs?: number }): Promise<Telemetry> {
  const [api, { TracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { MeterProvider, PeriodicExportingMetricReader }, { OTLPMetricExporter }, { resourceFromAttributes }] =
    await Promise.all([
      import('@opentelemetry/api'),
      import('@opentelemetry/sdk-trace'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/sdk-metrics'),
      import('@opentelemetry/exporter-metrics-otlp-http'),
      import('@opentelemetry/resources'),
    ]);
  const resource = resourceFromAttributes({ 'service.name': process.env.OTEL_SERVICE_NAME || 'runos-mcp', 'service.version': opts.version });
  const tracerProvider = new TracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${opts.endpoint}/v1/traces` }), scheduledDelayMillis: opts.exportIntervalMs ?? 5_000 })],
  });
  const meterProvider = new MeterProvider({
    resource,
    readers: [
      new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: `${opts.endpoint}/v1/metrics` }), exportIntervalMillis: opts.exportIntervalMs ?? 15_000 }),
    ],
  });
  const tracer = tracerProvider.getTracer('runos');
  const duration = meterProvider.getMeter('runos').createHistogram('mcp.server.operation.duration', {
    unit: 's',
    description: 'MCP request duration as observed on the server, from receipt to the result being sent',
    advice: { explicitBucketBoundaries: BUCKETS },
  });

  return {
    record(entry) {
      const end = Date.parse(entry.time);
      const failed = entry.error !== undefined || (entry.status !== null && entry.status >= 400);
      // Low-cardinality attributes go on the metric too; who and from where only on the span.
      const common: Record<string, string> = {
        'mcp.method.name': 'tools/call',
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': entry.tool,
        'runos.tier': entry.tier,
        'network.transport': 'tcp',
        'network.protocol.name': 'http',
        ...(failed ? { 'error.type': entry.status !== null && entry.status >= 400 ? String(entry.status) : 'tool_error' } : {}),
      };
      const span = tracer.startSpan(`tools/call ${entry.tool}`, {
        kind: api.SpanKind.SERVER,
        startTime: end - entry.durationMs,
        attributes: {
          ...common,
          ...(entry.address ? { 'client.address': entry.address } : {}),
          ...(entry.caller ? { 'user.id': entry.caller } : {}),
          ...(entry.client ? { 'runos.client.name': entry.client } : {}),
          ...(entry.status !== null ? { 'runos.upstream.status_code': entry.status } : {}),
          'runos.upstream.method': entry.method,
        },
      });
      if (failed) span.setStatus({ code: api.SpanStatusCode.ERROR, message: entry.error?.slice(0, 200) });
      span.end(end);
      duration.record(entry.durationMs / 1000, common);
    },
    async shutdown() {
      // Bounded: an unreachable collector must not hold up a replica's exit (the audit log is the record).
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([tracerProvider.shutdown(), meterProvider.shutdown()]),
        new Promise((resolve) => (timer = setTimeout(resolve, SHUTDOWN_MS))),
      ]);
      clearTimeout(timer);
    },
  };
}

/**
 * The audit log every HTTP call goes through: each line also feeds telemetry (when on), and `flushed()`
 * resolves once every line appended so far is written — lines are written in order, one batch at a time,
 * so waiting for the last append waits for them all.
 */
export function trackAuditLog(log: AuditLog, telemetry?: Telemetry): AuditLog & { flushed(): Promise<void> } {
  let last: Promise<void> = Promise.resolve();
  return {
    path: log.path,
    append(entry) {
      last = log.append(entry);
      if (telemetry && !entry.refusal) telemetry.record(entry);
      return last;
    },
    flushed: () => last,
    flush: () => log.flush(),
  };
}
