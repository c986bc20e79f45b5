using OstreeSharp.Fuzz.Engine;
using OstreeSharp.Fuzz.Targets;

namespace OstreeSharp.Tests.Signing.Ed25519;

/// <summary>Runs the ed25519 fuzz target briefly in-process (it needs no ostree seed material).</summary>
public class Ed25519FuzzTargetTests
{
    [Fact]
    public void FuzzTargetRunsWithoutFindings()
    {
        string scratch = Path.Combine(Path.GetTempPath(), "ostreesharp-ed25519-fuzz-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(scratch);
        using var material = new SeedMaterial(scratch, scratch, default, fromRealOstree: false);
        using var target = new Ed25519Target();
        var report = new FuzzEngine(target, material, new FuzzOptions { Duration = TimeSpan.FromSeconds(2), MinExecutions = 30, Seed = 20261122 }).Run();

        Assert.True(report.Executions >= 30, $"ran only {report.Executions} inputs");
        Assert.True(report.Accepted > 0, "accepted none of its seeds");
        Assert.True(report.Findings.Count == 0,
            string.Join("\n\n", report.Findings.Select(f => $"{f.Kind} {f.Key}\n{Convert.ToHexStringLower(f.Input)}\n{f.Details}")));
    }
}
