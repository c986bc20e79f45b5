using OstreeSharp.Fuzz.Engine;
using OstreeSharp.Tests.Support;

namespace OstreeSharp.Tests.Fuzz;

/// <summary>The engine classifies crashes, hangs and memory blow-ups, de-duplicates them and saves reproducers.</summary>
[Collection("Fuzz")]
public sealed class FuzzEngineTests
{
    private sealed class ScriptedTarget(Action<byte[]> execute, TimeSpan? timeout = null) : FuzzTarget
    {
        public override string Name => "scripted";

        public override string Description => "test target";

        public override TimeSpan Timeout => timeout ?? TimeSpan.FromSeconds(5);

        public override IEnumerable<byte[]> Seeds(SeedMaterial material) => [[1, 2, 3, 4, 5, 6, 7, 8]];

        public override void Execute(byte[] input) => execute(input);
    }

    private static FuzzReport Run(FuzzTarget target, ScratchDir dir, long maxExecs = 300, int seed = 5) =>
        new FuzzEngine(target, new SeedMaterial(dir.Path, dir.Path, default, false),
            new FuzzOptions
            {
                Duration = TimeSpan.FromSeconds(20), MaxExecutions = maxExecs, Seed = seed, FindingsDirectory = dir.Combine("findings"),
                MaxAllocatedBytesPerInput = 32 * 1024 * 1024,
            }).Run();

    [Fact]
    public void Unexpected_exceptions_are_deduplicated_findings_with_saved_reproducers()
    {
        using var dir = new ScratchDir();
        var report = Run(new ScriptedTarget(input =>
        {
            if (input.Length % 2 == 0)
                throw new InvalidOperationException("boom");
            throw new OstreeDataException("bad bytes are fine");
        }), dir);

        var finding = Assert.Single(report.Findings);
        Assert.Equal("crash", finding.Kind);
        Assert.StartsWith("System.InvalidOperationException|", finding.Key, StringComparison.Ordinal);
        Assert.True(finding.Hits > 1);
        Assert.True(report.Rejected > 0);
        Assert.Equal(finding.Input, File.ReadAllBytes(finding.SavedPath!));
        Assert.Contains("--repro", File.ReadAllText(Path.ChangeExtension(finding.SavedPath!, ".txt")), StringComparison.Ordinal);
    }

    [Fact]
    public void Minimum_executions_outlast_the_duration_and_the_maximum_still_caps()
    {
        using var dir = new ScratchDir();
        var material = new SeedMaterial(dir.Path, dir.Path, default, false);
        var target = new ScriptedTarget(_ => { });
        var atLeast = new FuzzEngine(target, material, new FuzzOptions { Duration = TimeSpan.Zero, MinExecutions = 57, Seed = 3 }).Run();
        Assert.Equal(57L, atLeast.Executions);
        var capped = new FuzzEngine(target, material, new FuzzOptions { Duration = TimeSpan.Zero, MinExecutions = 57, MaxExecutions = 9, Seed = 3 }).Run();
        Assert.Equal(9L, capped.Executions);
        var plain = new FuzzEngine(target, material, new FuzzOptions { Duration = TimeSpan.Zero, Seed = 3 }).Run();
        Assert.Equal(0L, plain.Executions);
    }

    [Fact]
    public void A_hang_is_a_finding()
    {
        using var dir = new ScratchDir();
        using var release = new ManualResetEventSlim();
        var report = Run(new ScriptedTarget(input =>
        {
            if (input.Length > 12)
                release.Wait(TimeSpan.FromSeconds(30));
        }, TimeSpan.FromMilliseconds(200)), dir, maxExecs: 200);
        release.Set();

        Assert.Contains(report.Findings, f => f.Kind == "hang");
    }

    [Fact]
    public void Allocation_over_the_ceiling_is_a_finding()
    {
        using var dir = new ScratchDir();
        var target = new ScriptedTarget(input =>
        {
            if (input.Length > 10)
                GC.KeepAlive(new byte[40 * 1024 * 1024]);
        });
        var report = Run(target, dir, maxExecs: 20);

        Assert.Contains(report.Findings, f => f.Kind == "memory");
    }

    [Fact]
    public void The_same_seed_replays_the_same_inputs()
    {
        var seen = new List<string>[2];
        for (int run = 0; run < 2; run++)
        {
            using var dir = new ScratchDir();
            var list = seen[run] = [];
            Run(new ScriptedTarget(input => list.Add(Convert.ToHexString(input))), dir, maxExecs: 200, seed: 99);
        }

        Assert.Equal(seen[0], seen[1]);
        Assert.True(seen[0].Distinct().Count() > 100);
    }
}
