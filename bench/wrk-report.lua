-- wrk hook for bench/run.sh: after the run, print one machine-readable line.
-- Defines only done(), so wrk calls no Lua per request (no effect on the load itself).
-- Fields: requests duration_us bytes errors.connect errors.read errors.write errors.status
--         errors.timeout p50_us p99_us max_us
done = function(summary, latency, requests)
   local e = summary.errors
   io.write(string.format("WRKRESULT %d %d %d %d %d %d %d %d %d %d %d\n",
      summary.requests, summary.duration, summary.bytes,
      e.connect, e.read, e.write, e.status, e.timeout,
      latency:percentile(50), latency:percentile(99), latency.max))
end
