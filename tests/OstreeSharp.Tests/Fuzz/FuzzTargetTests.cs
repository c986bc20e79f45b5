using OstreeSharp.Fuzz.Engine;
using OstreeSharp.Fuzz.Targets;

namespace OstreeSharp.Tests.Fuzz;

/// <summary>Every fuzz target, briefly, in-process, with a fixed seed: no findings allowed.</summary>
[Collection("Fuzz")]
public sealed class FuzzTargetTests(FuzzTargetTests.Material material) : IClassFixture<FuzzTargetTests.Material>
{
    /// <summary>Real-ostree seed material, generated once for all targets.</summary>
    public sealed class Material : IDisposable
    {
        public SeedMaterial Value { get; } = SeedFactory.Create();

        public void Dispose() => Value.Dispose();
    }

    private const int MinExecutions = 30;

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OstreeSharp.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("OstreeSharp.sln not found above " + AppContext.BaseDirectory);
    }

    public static TheoryData<string> Targets()
    {
        var data = new TheoryData<string>();
        foreach (string name in TargetCatalog.Names)
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Target_runs_without_findings(string target)
    {
        // The committed corpus (fuzz/OstreeSharp.Fuzz/seeds/TARGET) holds earlier findings as regression inputs.
        var report = FuzzRunner.Run([target], material.Value, new FuzzOptions
        {
            Duration = TimeSpan.FromSeconds(1.5),
            MinExecutions = MinExecutions,
            Seed = 20240601,
            CommittedSeedsDirectory = Path.Combine(RepositoryRoot(), "fuzz", "OstreeSharp.Fuzz", "seeds"),
        }).Single();

        // Under CI load (interop tests on both cores) xz-encode ran only 11 inputs in 1.5 s: the minimum makes the
        // run long enough instead of failing; fewer executions than that means the engine stopped (hangs).
        Assert.True(report.Executions >= MinExecutions, $"{target} ran only {report.Executions} inputs");
        Assert.True(report.Accepted > 0, $"{target} accepted none of its seeds");
        Assert.True(report.Findings.Count == 0,
            string.Join("\n\n", report.Findings.Select(f => $"{f.Kind} {f.Key}\n{Convert.ToHexStringLower(f.Input)}\n{f.Details}")));
    }

    [Fact]
    public void Catalog_has_every_required_target()
    {
        Assert.Equal(
            ["archiveheader", "bspatch", "checkout", "commit", "dirmeta", "dirtree", "ed25519", "fileheader", "filez", "gvariant", "gvariant-text", "keyfile", "metadata", "openpgp", "openpgp-secret", "refs", "sizes", "static-delta", "summary", "tar", "xz", "xz-encode", "zstd"],
            TargetCatalog.Names.Order(StringComparer.Ordinal));
    }
}
