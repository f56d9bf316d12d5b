-- wrk reporting script: prints one JSON line (prefixed BENCH_JSON) after the run.
-- Latencies are in microseconds in wrk; converted to milliseconds here.
-- Non-2xx/3xx answers are counted by wrk itself as summary.errors.status.

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "seconds": %.3f, "rps": %.2f, ' ..
    '"p50_ms": %.3f, "p90_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f, ' ..
    '"max_ms": %.3f, "mean_ms": %.3f, "non_2xx": %d, ' ..
    '"socket_errors": %d, "bytes": %d}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, latency.mean / 1000, e.status,
    e.connect + e.read + e.write + e.timeout, summary.bytes))
end
