using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/OstreeSharp.Benchmarks -- --filter '*'            (full runs)
// dotnet run -c Release --project benchmarks/OstreeSharp.Benchmarks -- --filter '*' --job short (quick mode)
BenchmarkSwitcher.FromAssembly(typeof(OstreeSharp.Benchmarks.TestData).Assembly).Run(args);
