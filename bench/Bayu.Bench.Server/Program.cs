using Bayu.Bench.Server;

// Server benchmarks (reported, not asserted). Each figure comes with a baseline measured in the same run:
//   import    — Synthea bundles through the write path vs raw inserts of the same JSON into a bare table
//   http      — read / create / token search against the real server vs an empty ASP.NET Core endpoint
//   unanalysed — 40-value identifier search on a never-analysed PostgreSQL database filled through REST (--count N Observations, default 100,000)
//   fairness  — small-create latency while a 10,000-entry batch loads, batch in one transaction vs in chunks
//   durability — SQLite synchronous=FULL vs NORMAL: create req/s and import resources/s
//   ab        — two builds in the same run (A: --a-server/--a-cli, B: this repository's Release builds or --b-server/--b-cli),
//               alternating A, B, A, B: read / token search / create req/s and bayu import resources/s, medians and each build's spread (the noise)
// Usage: dotnet run -c Release --project bench/Bayu.Bench.Server -- import|http|unanalysed|fairness|durability|ab [--postgres CONNECTION-STRING] [--seconds N] [--clients N] [--load auto|wrk|dotnet]
//        (--load auto uses wrk when it is on PATH, else an HttpClient loop; the PostgreSQL figures need a connection string, e.g. through scripts/with-postgres.sh and $BAYU_TEST_POSTGRES)
var options = BenchOptions.Parse(args);
return options.Mode switch
{
    "import" => await ImportBench.RunAsync(options),
    "http" => await HttpBench.RunAsync(options),
    "unanalysed" => await UnanalysedSearchBench.RunAsync(options),
    "fairness" => await FairnessBench.RunAsync(options),
    "durability" => await DurabilityBench.RunAsync(options),
    "ab" => await AbBench.RunAsync(options),
    "baseline-server" => EmptyServer.Run(options),
    _ => BenchOptions.Usage(),
};
