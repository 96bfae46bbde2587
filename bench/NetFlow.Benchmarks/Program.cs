using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using NetFlow.Benchmarks;
using NetFlow.Benchmarks.Columns;
using NetFlow.Benchmarks.Store;
using NetFlow.Benchmarks.StoreGen;

// Fill a store with synthetic flows (for bench/store-query.sh): store-gen --dir DIR [--records 100M] ...
if (args is ["store-gen", .. var rest])
    return StoreGenerator.Run(rest);

// Each column's encode cost in ns per row (a quick loop, to see where the encoder's time goes): column-costs [--passes N] [--stream generator|bench]
// Each rollup key's cost in ns per row: rollup-costs [--passes N]
if (args is ["rollup-costs", .. var rollupOptions])
    return RollupCosts.Run(rollupOptions);

if (args is ["column-costs", .. var options])
    return ColumnCosts.Run(options);

// The whole store sink's cost in ns per record, best of several passes (to compare builds): sink-costs [--passes N] [--stream generator|bench]
if (args is ["sink-costs", .. var sinkOptions])
    return SinkCosts.Run(sinkOptions);

// Run: dotnet run -c Release --project bench/NetFlow.Benchmarks -- --filter '*' [--job short]
var config = DefaultConfig.Instance
    .AddColumn(new ThroughputColumn(), StatisticColumn.Median)
    // BenchmarkDotNet builds its own copy of the project; on a busy 2-core machine that can take longer than its 2-minute default.
    .WithBuildTimeout(TimeSpan.FromMinutes(10));
var summaries = BenchmarkSwitcher.FromAssembly(typeof(DecodeBenchmarks).Assembly).Run(args, config);
ThroughputReport.Print(summaries);
return 0;
