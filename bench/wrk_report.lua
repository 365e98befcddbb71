-- wrk script: optional headers from the environment, and a JSON summary at the end.
local cookie = os.getenv("BENCH_COOKIE")
local method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY")
local csrf = os.getenv("BENCH_CSRF")

wrk.method = method
wrk.headers["X-Forwarded-Proto"] = "https"
if cookie then wrk.headers["Cookie"] = cookie end
if body then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end
if csrf then
  wrk.headers["X-CSRFToken"] = csrf
  wrk.headers["Referer"] = "https://" .. wrk.host .. ":" .. wrk.port .. "/"
end

local non2xx = 0
response = function(status, headers, body)
  if status < 200 or status > 399 then non2xx = non2xx + 1 end
end

done = function(summary, latency, requests)
  -- Per-thread counters are not shared; wrk's own "Non-2xx" line is parsed as a fallback.
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "errors": %d, "p50_us": %d, "p99_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99), latency.mean))
end
