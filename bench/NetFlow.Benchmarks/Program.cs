using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using NetFlow.Benchmarks;
using NetFlow.Benchmarks.Columns;

// Run: dotnet run -c Release --project bench/NetFlow.Benchmarks -- --filter '*' [--job short]
var config = DefaultConfig.Instance.AddColumn(new ThroughputColumn());
var summaries = BenchmarkSwitcher.FromAssembly(typeof(DecodeBenchmarks).Assembly).Run(args, config);
ThroughputReport.Print(summaries);
